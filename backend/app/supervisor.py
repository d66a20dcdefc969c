"""``halo serve --workers N``: web processes and processing processes side by side, each
started again when it dies.

The listening socket belongs to this process and is handed to every web process, so while one
is being replaced new connections wait in the socket's backlog instead of being refused.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from backend.core.logging import get_logger

log = get_logger(__name__)
QUICK_DEATH_SECONDS = 10.0  # a process that dies sooner than this is restarted more slowly
MAX_RESTART_DELAY = 30.0
STOP_GRACE_SECONDS = 20.0
IDLE_CHECK_SECONDS = 5.0  # a look at the children even without SIGCHLD (a lost signal)


@dataclass
class Child:
    """One supervised process: what it is and how to start it."""

    name: str
    command: list[str]
    pass_fds: tuple[int, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, pass_fds=self.pass_fds)  # noqa: S603
        self.started_at = time.monotonic()
        self.restart_at = None
        log.info("process_started", process=self.name, pid=self.process.pid)

    def exited(self) -> int | None:
        return self.process.poll() if self.process is not None else None


def halo_command(*arguments: str) -> list[str]:
    """The command line of a ``halo`` subcommand run by this interpreter."""
    return [sys.executable, "-m", "backend.app.cli", *arguments]


def listening_socket(host: str, port: int) -> socket.socket:
    """The app's TCP socket, bound once and inherited by every web process."""
    sock = socket.create_server((host, port), backlog=2048)
    sock.set_inheritable(True)
    return sock


def serve_split(host: str, port: int, workers: int, web: int) -> None:
    """Run ``web`` web processes and ``workers`` processing processes until SIGTERM/SIGINT."""
    sock = listening_socket(host, port)
    fd = sock.fileno()
    children = [Child(f"web-{n}", halo_command("web", "--fd", str(fd)), pass_fds=(fd,))
                for n in range(1, web + 1)]
    children += [Child(f"work-{n}", halo_command("work", "--rank", str(n - 1), "--of",
                                                  str(workers)))
                 for n in range(1, workers + 1)]
    Supervisor(children).run()
    sock.close()


class Supervisor:
    """Starts the children, restarts one that exits (slower when it keeps dying at start),
    and on SIGTERM/SIGINT stops them all (SIGKILL after a grace period)."""

    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self._stopping = False
        self._woken = threading.Event()  # a signal came: a child exited, or stop

    def run(self) -> None:
        """Sleep until a child exits (SIGCHLD), a restart is due or a stop is asked: no
        polling while all is well."""
        def stop(*_: object) -> None:
            self._stopping = True
            self._woken.set()

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop)
        signal.signal(signal.SIGCHLD, lambda *_: self._woken.set())
        for child in self.children:
            child.start()
        while not self._stopping:
            self._woken.wait(self._next_wait())
            self._woken.clear()
            if not self._stopping:
                for child in self.children:
                    self._watch(child)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        self._stop_all()

    def _next_wait(self) -> float:
        """Until the next restart is due; otherwise a long safety-net wait."""
        restarts = [child.restart_at for child in self.children if child.restart_at is not None]
        if not restarts:
            return IDLE_CHECK_SECONDS
        return max(min(restarts) - time.monotonic(), 0.0)

    def _watch(self, child: Child) -> None:
        now = time.monotonic()
        if child.restart_at is not None:
            if now >= child.restart_at:
                child.start()
            return
        code = child.exited()
        if code is None:
            return
        quick = now - child.started_at < QUICK_DEATH_SECONDS
        child.quick_deaths = child.quick_deaths + 1 if quick else 0
        delay = min(MAX_RESTART_DELAY, 0.5 * 2 ** child.quick_deaths) if quick else 0.0
        log.warning("process_exited", process=child.name, code=code, restart_in=delay)
        child.restart_at = now + delay

    def _stop_all(self) -> None:
        running = [c.process for c in self.children
                   if c.process is not None and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
