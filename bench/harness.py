"""Shared bench plumbing: the repository on ``sys.path``, the constants the bench modules share,
free ports, percentiles, and ``serve(fake)``: ``halo serve`` (one process, SQLite unless
HALO_DATABASE_URL) against the loopback fake Telegram Bot API running in the bench process
(chat_bench, alert_bench).

Beside it: ``servers`` (PostgreSQL, Redis and the app as throwaway servers), ``processes``
(CPU of process trees from /proc), ``citizens`` (citizens posting as Telegram and Twilio, and
the replies they get), ``exactly_once`` (the exactly-once checks).

Loopback only; every wait here is bounded.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram import FakeTelegram  # noqa: E402

SECRET = "bench-secret"  # noqa: S105
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
GROUP = "-100777"  # the damkar piket group
HALO = ROOT / ".venv/bin/halo"
TELEGRAM_SENDS = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue"}
ALERT_TOKEN = re.compile(r"#r(\d+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95/p99/max (None when there are no values), rounded to 0.1."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None, "count": 0}
    return {"p50": round(percentile(values, .50), 1), "p95": round(percentile(values, .95), 1),
            "p99": round(percentile(values, .99), 1), "max": round(max(values), 1),
            "count": len(values)}


@contextmanager
def serve(fake: FakeTelegram, **env: str) -> Iterator[str]:
    """Run ``halo serve`` on a free loopback port with the fake as its Telegram API."""
    folder = Path(tempfile.mkdtemp(prefix="halo-bench-"))
    port = free_port()
    environment = {
        **os.environ,
        "HALO_ENVIRONMENT": "test",
        "HALO_DATABASE_URL": os.environ.get("HALO_DATABASE_URL",
                                            f"sqlite:///{folder / 'bench.db'}"),
        "HALO_NLU__URL": os.environ.get("HALO_NLU__URL", "http://127.0.0.1:9"),
        "HALO_TELEGRAM__TOKEN": fake.token, "HALO_TELEGRAM__API_BASE": fake.api_base,
        "HALO_TELEGRAM__WEBHOOK_SECRET": SECRET, "HALO_STORAGE__ROOT": str(folder / "media"),
        "HALO_LOG_LEVEL": "WARNING", **env,
    }
    subprocess.run([str(HALO), "db", "upgrade"], env=environment,
                   check=True, capture_output=True)
    server = subprocess.Popen([str(HALO), "serve", "--port", str(port)],
                              env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
