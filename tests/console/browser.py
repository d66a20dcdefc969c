"""A live app for browser tests: uvicorn in a thread on a free port, a citizen on the dev chat."""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.db import transaction
from backend.core.demo import create_demo_officers

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CASE_NUMBER = re.compile(r"HL-\d{4}-\d{6}")

SCREEN = {"width": 1280, "height": 900}  # the browser tests' viewport


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], Any], *, seconds: float = 15, what: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def demo_settings(folder: Path, port: int) -> Settings:
    """Demo environment on a temp SQLite file, dev chat on, NLU via the local fallback."""
    return Settings(environment="demo", database_url=f"sqlite:///{folder / 'halo.db'}",
                    public_url=f"http://127.0.0.1:{port}", dev_chat=True,
                    auth={"secret_key": "browser-test-" + "x" * 32},
                    nlu={"url": "http://127.0.0.1:9", "timeout_ms": 50},
                    storage={"root": str(folder / "media")})


class LiveServer:
    """The whole app (background workers included) served by uvicorn in a thread."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = demo_settings(folder, self.port)
        self.app: FastAPI = create_app(self.settings)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        wait_for(lambda: self.server.started, what="uvicorn")
        with transaction(self.app.state.sessions) as session:
            create_demo_officers(session, self.app.state.workflow.catalog, self.settings)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class ChatCitizen:
    """A citizen talking to the bot through the dev chat's HTTP API."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.session = uuid.uuid4().hex
        self.after = 0
        self.seen: list[str] = []

    def close(self) -> None:
        self.http.close()

    def _replies(self) -> list[str]:
        rows = self.http.get("/dev/chat/api/messages",
                             params={"session": self.session, "after": self.after}).json()
        if rows:
            self.after = rows[-1]["id"]
        texts = [r["text"] for r in rows]
        self.seen += texts
        return texts

    def expect(self, pattern: str, seconds: float = 15) -> str:
        """Wait for a bot message matching ``pattern`` (already received ones count)."""
        regex = re.compile(pattern, re.IGNORECASE)

        def found() -> str | None:
            self._replies()
            return next((t for t in self.seen if regex.search(t)), None)

        return wait_for(found, seconds=seconds,
                        what=f"a bot reply matching {pattern!r}; got {self.seen[-4:]!r}")

    def say(self, text: str | None = None, payload: str | None = None) -> str:
        before = len(self.seen)
        response = self.http.post("/dev/chat/api/messages", json={
            "session": self.session, "text": text, "payload": payload, "name": "Sari Lestari"})
        response.raise_for_status()
        wait_for(lambda: self._replies() or len(self.seen) > before, what="the bot's answer")
        return "\n".join(self.seen[before:])

    def send_file(self, data: bytes, name: str) -> str:
        before = len(self.seen)
        response = self.http.post("/dev/chat/api/upload", data={"session": self.session},
                                  files={"file": (name, data)})
        response.raise_for_status()
        wait_for(lambda: self._replies() or len(self.seen) > before, what="the bot's answer")
        return "\n".join(self.seen[before:])

    def request_kia(self, png: bytes, pdf: bytes) -> str:
        """Go through the KIA intake with photos; returns the new case number."""
        self.say("halo")
        self.say("min mau bikin kia anak sy")
        for answer in ("12 Maret 2023", "Citra Lestari", "lewati", "1801041203230007",
                       "Sari Lestari", "0812-3456-7890"):
            self.say(answer)
        self.say(payload="choice:2")
        for _ in range(3):
            self.send_file(png, "foto.jpg")
        self.send_file(pdf, "ktp-ibu.pdf")
        self.say(payload="documents:done")  # both parents' KTPs sent (up to 3)
        self.say("lewati")  # no guardianship paper
        self.say(payload="confirm:yes")
        match = CASE_NUMBER.search(self.expect(r"HL-\d{4}-\d{6}"))
        assert match
        return match.group(0)
