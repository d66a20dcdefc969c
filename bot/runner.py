"""Background work of a single process: inbox, outbox, citizen notifications, SLA watch."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from backend.clock import Clock
from backend.db import transaction
from backend.logging import get_logger
from backend.notifier import notify_citizens
from backend.workflow.engine import Workflow
from backend.workflow.sla import check_sla
from bot.outbox import OutboxSender
from bot.pipeline import InboxProcessor

log = get_logger(__name__)


class Workers:
    """Runs the loops while the app lives; ``drain()`` runs them to idle (tests, CLI)."""

    def __init__(self, sessions: sessionmaker[Session], workflow: Workflow,
                 processor: InboxProcessor, outbox: OutboxSender, clock: Clock) -> None:
        self.sessions = sessions
        self.workflow = workflow
        self.processor = processor
        self.outbox = outbox
        self.clock = clock
        self._wake = asyncio.Event()
        self._outbox_wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        processor.on_processed = self._outbox_wake.set

    def wake(self) -> None:
        """New inbound work: do not wait for the next tick (safe from any thread)."""
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._wake.set)

    def notify(self) -> int:
        with transaction(self.sessions) as session:
            return notify_citizens(session, self.workflow, now=self.clock())

    def check_deadlines(self) -> int:
        with transaction(self.sessions) as session:
            return check_sla(session, self.workflow, now=self.clock())

    async def drain(self, rounds: int = 20) -> None:
        """Process, notify and send until nothing is left (bounded)."""
        for _ in range(rounds):
            worked = await self.processor.process_pending()
            worked += await run_in_threadpool(self.notify)
            worked += await self.outbox.send_due()
            if not worked:
                return

    async def _loop_forever(self, name: str, step: Callable[[], Awaitable[object]],
                            interval: float, wake: asyncio.Event | None = None) -> None:
        while True:
            try:
                await step()
            except Exception:  # noqa: BLE001 - a loop must survive one bad round
                log.exception("worker_round_failed", worker=name)
            if wake is None:
                await asyncio.sleep(interval)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=interval)
            wake.clear()

    def start(self) -> None:
        """Start the loops on the running event loop."""
        self._loop = asyncio.get_running_loop()
        loops = [
            ("inbox", self.processor.process_pending, 0.5, self._wake),
            ("outbox", self.outbox.send_due, 0.25, self._outbox_wake),
            ("notifier", lambda: run_in_threadpool(self.notify), 1.0, None),
            ("sla", lambda: run_in_threadpool(self.check_deadlines), 30.0, None),
        ]
        self._tasks = [asyncio.create_task(self._loop_forever(*spec)) for spec in loops]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
