"""What the fakes share: an aiohttp app on 127.0.0.1 in a thread, a call journal, failures."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web


@dataclass(frozen=True)
class Call:
    """One request the fake answered: endpoint (API method), decoded params, HTTP status."""

    endpoint: str
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Failure:
    """An injected error answer (or a stall) for the next request(s) to an endpoint."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int = 1


class Journal:
    """Thread-safe record of calls with bounded waits.

    Listeners (``subscribe``) are called with each call as it is recorded, on the fake's
    thread, so a load generator can count replies incrementally; ``keep = False`` stops keeping
    the calls themselves (listeners still hear of them), for long runs.
    """

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._changed = threading.Condition()
        self._listeners: list[Callable[[Call], None]] = []
        self.keep = True

    def subscribe(self, listener: Callable[[Call], None]) -> None:
        """Call ``listener(call)`` for every call recorded from now on."""
        self._listeners.append(listener)

    def record(self, call: Call) -> None:
        with self._changed:
            if self.keep:
                self._calls.append(call)
            self._changed.notify_all()
        for listener in self._listeners:
            listener(call)

    def calls(self, endpoint: str | None = None) -> list[Call]:
        with self._changed:
            return [c for c in self._calls if endpoint is None or c.endpoint == endpoint]

    def wait_for(self, endpoint: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``endpoint`` were answered (TimeoutError otherwise)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._matching(endpoint)) >= count,
                                          timeout=timeout):
                raise TimeoutError(f"{endpoint}: wanted {count} calls, "
                                   f"saw {len(self._matching(endpoint))}")
            return self._matching(endpoint)

    async def wait_for_async(self, endpoint: str, count: int = 1,
                             timeout: float = 5.0) -> list[Call]:
        """``wait_for`` without blocking the event loop."""
        deadline = time.monotonic() + timeout
        while len(self.calls(endpoint)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{endpoint}: wanted {count} calls, "
                                   f"saw {len(self.calls(endpoint))}")
            await asyncio.sleep(0.005)
        return self.calls(endpoint)

    def _matching(self, endpoint: str) -> list[Call]:
        return [c for c in self._calls if c.endpoint == endpoint]


class Failures:
    """Injected failures per endpoint, consumed in order; or every request for a while."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: dict[str, deque[Failure]] = {}
        self._windows: dict[str, list[tuple[float, Failure]]] = {}

    def push(self, endpoint: str, failure: Failure) -> None:
        with self._lock:
            self._queued.setdefault(endpoint, deque()).append(failure)

    def push_window(self, endpoint: str, failure: Failure, seconds: float) -> None:
        """Answer every request to ``endpoint`` with ``failure`` for the next ``seconds``."""
        with self._lock:
            self._windows.setdefault(endpoint, []).append((time.monotonic() + seconds, failure))

    def take(self, endpoint: str) -> Failure | None:
        with self._lock:
            windows = self._windows.get(endpoint)
            if windows:
                now = time.monotonic()
                windows[:] = [(until, f) for until, f in windows if until > now]
                if windows:
                    return windows[0][1]
            queue = self._queued.get(endpoint)
            if not queue:
                return None
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.popleft()
            return failure


class LoopbackServer:
    """Runs ``build_app()`` on 127.0.0.1:<free port> in a daemon thread."""

    def __init__(self) -> None:
        self.journal = Journal()
        self.failures = Failures()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    def build_app(self) -> web.Application:
        raise NotImplementedError

    @property
    def api_base(self) -> str:
        if not self._port:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self._port}"

    def calls(self, endpoint: str | None = None) -> list[Call]:
        return self.journal.calls(endpoint)

    def subscribe(self, listener: Callable[[Call], None]) -> None:
        """``listener(call)`` for every call answered from now on (on the fake's thread)."""
        self.journal.subscribe(listener)

    def wait_for(self, endpoint: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        return self.journal.wait_for(endpoint, count, timeout)

    async def wait_for_async(self, endpoint: str, count: int = 1,
                             timeout: float = 5.0) -> list[Call]:
        return await self.journal.wait_for_async(endpoint, count, timeout)

    def start(self, port: int | None = None) -> Self:
        """Listen on a free port, or on ``port`` (e.g. the same one again after ``stop``)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # so that a restarted fake can listen on its port again while the client's old
        # connections to it linger (accepted sockets inherit the option)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port or 0))
        self._port = sock.getsockname()[1]
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(sock, ready), daemon=True,
                                        name=type(self).__name__)
        self._thread.start()
        if not ready.wait(timeout=10):
            raise RuntimeError(f"{type(self).__name__} did not start")
        return self

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop = self._thread = None

    def call_in_loop(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the server's loop thread (to wake long polls)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(callback)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _serve(self, sock: socket.socket, ready: threading.Event) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(self.build_app(), access_log=None, shutdown_timeout=0.5)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock).start())
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()


async def apply_failure(failure: Failure | None) -> web.Response | None:
    """The injected answer, after its delay; None when the request should succeed."""
    if failure is None:
        return None
    if failure.delay:
        await asyncio.sleep(failure.delay)
    if not failure.status:
        return None
    return web.json_response(failure.body, status=failure.status, headers=failure.headers)
