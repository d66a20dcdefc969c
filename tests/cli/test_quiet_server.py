"""The web server ticks once a second: it still serves, dates its answers and stops when told."""

from __future__ import annotations

import socket
import threading
import time
from email.utils import parsedate_to_datetime

import httpx
import uvicorn

from backend.app.server import QuietServer


async def hello(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def test_the_quiet_server_serves_with_a_current_date_and_stops_within_its_tick() -> None:
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = QuietServer(uvicorn.Config(hello, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(3.2)  # the Date header is refreshed by the tick, not frozen at start
    answer = httpx.get(f"http://127.0.0.1:{port}/")
    assert answer.text == "ok"
    assert abs(parsedate_to_datetime(answer.headers["date"]).timestamp() - time.time()) < 2
    server.should_exit = True
    thread.join(timeout=5)
    assert not thread.is_alive()
