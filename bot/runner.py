"""Background work of a single process: inbox, outbox, citizen notifications, SLA watch."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from enum import StrEnum
from typing import Any

import uvloop
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from backend.core.clock import Clock
from backend.core.db import autocommit_reader, transaction
from backend.core.logging import get_logger
from backend.core.metrics import SLA_BREACHES
from backend.core.workflow.engine import Workflow
from backend.core.workflow.sla import record_breaches
from bot.alerts.delivery import DeliveryWatch
from bot.alerts.desk import AlertDesk
from bot.alerts.escalation import Escalation
from bot.alerts.timers import next_check
from bot.handover import LoopHandOver
from bot.inbox_wakers import InboxWakers
from bot.outbox import OutboxSender
from bot.pipeline import InboxProcessor
from bot.reception import Reception
from dialogs.expiry import remind_expiring
from dialogs.notifier import EventReader, notify_citizens

log = get_logger(__name__)
ALERT_BATCH = 100  # alerts claimed and sent side by side at once (a burst of fire reports)
# The longest sleep of an idle loop, in seconds. The inbox and the outbox are woken when work
# arrives (a committed transaction queued messages: ``backend.core.outbox.on_queued``; from
# another process through LISTEN/NOTIFY, ``bot.wakeup``) and otherwise sleep until what they saw
# becomes due; the escalation wakes when this process opened, raised or sent an alert and
# otherwise sleeps until an open incident is due (``bot.alerts.timers``); the notifier wakes
# when case events were written (``backend.core.case_event_signals``). The bounds are a safety
# net for a lost wake-up (a process that died right after committing).
IDLE_INBOX = IDLE_OUTBOX = IDLE_ALERTS = IDLE_NOTIFIER = IDLE_ESCALATION = 30.0
IDLE_SLA = 60.0  # deadlines are hours and days
IDLE_SPOOL = 5.0  # the spool holds messages only while the database was down
# The extra turn loops' safety net: the main inbox loop's (IDLE_INBOX) already looks for a
# message whose wake-up was lost, and a burst it finds wakes the others.
IDLE_TURNS = 60.0
MIN_WAIT = 0.05  # never spin on a hint that is due already
ESCALATION_RETRY = 1.0  # an incident due but locked by another process: looked at again after


class Role(StrEnum):
    """What a process runs: everything (one process, the embedded default), or one side of a
    split where webhooks and alerts never share a process with dialog turns."""

    ALL = "all"
    WEB = "web"  # webhooks, API, consoles; sends alerts, escalates them, replays the spool
    # Dialog turns, routine sending, citizen notifications, SLA watch; the alerts its turns
    # raise, sent and escalated (an incident is escalated once, by whichever looks first).
    WORK = "work"


class Workers:
    """Runs the loops while the app lives; ``drain()`` runs them to idle (tests, CLI)."""

    def __init__(self, sessions: sessionmaker[Session], workflow: Workflow,
                 processor: InboxProcessor, outbox: OutboxSender, clock: Clock,
                 turn_processors: list[InboxProcessor] | None = None,
                 role: Role = Role.ALL, reception: Reception | None = None,
                 alerts: AlertDesk | None = None) -> None:
        self.sessions = sessions
        self.role = role
        self.workflow = workflow
        self.processor = processor
        self.outbox = outbox
        self.clock = clock
        # More processors, each on a thread and event loop of its own (PostgreSQL): a turn
        # waits on the database most of its time, so several turns overlap in one process.
        self.turn_processors = turn_processors or []
        self._inbox_wakers = InboxWakers()
        # A turn's replies are sent by this process's routine lane without a claim (the web
        # role runs no routine lane: its turns' replies, if any, are claimed).
        self._hand_over = LoopHandOver(outbox, self.wake_outbox)
        for inbox in (processor, *self.turn_processors):
            inbox.on_backlog = self._inbox_wakers.wake_one  # a burst spreads over the loops
            inbox.hand_over = self._hand_over if role is not Role.WEB else None
        self._wake = asyncio.Event()
        self._outbox_wake = asyncio.Event()
        self._alert_wake = asyncio.Event()
        self._escalation_wake = asyncio.Event()
        self._notifier_wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox_loop: asyncio.AbstractEventLoop | None = None
        self._threads: list[threading.Thread] = []
        self._holders: list[dict[str, Any]] = []
        self.reception = reception  # replays the spool
        self.alerts = alerts  # escalates unanswered alerts
        self._events = EventReader()  # case events this process has read (see the notifier)
        self._reader = autocommit_reader(sessions.kw["bind"])  # the escalation's due time

    def wake(self, outbox: bool = False) -> None:
        """New inbound work (and outbound, for alerts): wake one idle inbox loop."""
        self._inbox_wakers.wake_one()
        if outbox:
            self.wake_outbox(urgent=True)
            self.wake_escalation()

    def wake_notifier(self) -> None:
        """Case events were written: the citizens concerned are told now."""
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._notifier_wake.set)

    def wake_escalation(self) -> None:
        """An alert was raised or sent: the escalation and delivery watch look again now."""
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._escalation_wake.set)

    def wake_outbox(self, urgent: bool = False) -> None:
        """Something was queued to send (safe from any thread); ``urgent``: an alert."""
        if self._outbox_loop is not None and self._outbox_loop.is_running():
            self._outbox_loop.call_soon_threadsafe(self._outbox_wake.set)
            if urgent:
                self._outbox_loop.call_soon_threadsafe(self._alert_wake.set)

    def notify(self) -> int:
        """Queue what citizens should hear of their cases' new events."""
        with transaction(self.sessions) as session:
            done = notify_citizens(session, self.workflow, now=self.clock(),
                                   seen=self._events.seen)
        self._events.remember(done.read, done.floor)
        return done.queued

    def escalate(self) -> int:
        """Escalate unanswered alerts, then tell reporters whether their alert got through."""
        if self.alerts is None:
            return 0
        with transaction(self.sessions) as session:
            escalated = Escalation(self.alerts).due(session, self.clock())
        with transaction(self.sessions) as session:
            told = DeliveryWatch(self.alerts).due(session, self.clock())
        if escalated or told:
            self.wake_outbox(urgent=bool(escalated))  # the re-alerts and calls go out now
        return escalated + told

    def escalation_due(self) -> float | None:
        """Seconds until an open incident is next due for the escalation or the delivery
        watch (None: none waits); at least a second, when another process holds it now."""
        if self.alerts is None:
            return None
        now = self.clock()
        timeout = timedelta(seconds=self.alerts.settings.delivery_timeout_seconds)
        with self._reader.connect() as connection:
            due = next_check(connection, now, timeout)
        return None if due is None else max((due - now).total_seconds(), ESCALATION_RETRY)

    def check_deadlines(self) -> int:
        breached = record_breaches(self.sessions, self.workflow, now=self.clock())
        SLA_BREACHES.inc(breached)
        return breached

    def remind_expiring(self) -> int:
        """Documents lapsing in 90 or 30 days: their holders are reminded (idempotent)."""
        with transaction(self.sessions) as session:
            return remind_expiring(session, self.workflow, now=self.clock())

    def replay_spool(self) -> int:
        """Messages kept while the database was down go into the inbox now."""
        return self.reception.replay_spool() if self.reception is not None else 0

    async def drain(self, rounds: int = 20) -> None:
        """Process, notify and send until nothing is left (bounded)."""
        for _ in range(rounds):
            worked = await run_in_threadpool(self.replay_spool)
            worked += await self.processor.process_pending()
            worked += await run_in_threadpool(self.notify)
            worked += await run_in_threadpool(self.escalate)
            worked += await self.outbox.send_due()
            if not worked:
                return

    async def _loop_forever(self, name: str, step: Callable[[], Awaitable[object]],
                            idle: float, wake: asyncio.Event | None = None,
                            due: Callable[[], float | None] | None = None) -> None:
        """Run ``step`` while it says more may be waiting now; then sleep until woken, until
        ``due()`` says something becomes due, or ``idle`` seconds at most (no polling while
        nothing waits)."""
        while True:
            worked: object = 0
            wait = idle
            try:
                worked = await step()
                if not worked and due is not None:
                    hint = await run_in_threadpool(due)
                    wait = idle if hint is None else min(idle, max(hint, MIN_WAIT))
            except Exception:  # noqa: BLE001 - a loop must survive one bad round
                log.exception("worker_round_failed", worker=name)
            inbox = wake is not None and wake in self._inbox_wakers
            if worked:
                await asyncio.sleep(0)
                continue  # more may be waiting: go again at once
            if wake is None:
                await asyncio.sleep(wait)
                continue
            if inbox and not self._inbox_wakers.going_to_sleep(wake):
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=wait)
            wake.clear()
            if inbox:
                self._inbox_wakers.awake(wake)

    def _inbox_loops(self) -> list[tuple[Any, ...]]:
        processing: list[tuple[Any, ...]] = [
            ("inbox", self.processor.process_round, IDLE_INBOX, self._wake,
             self.processor.seconds_to_due),
            ("notifier", lambda: run_in_threadpool(self.notify), IDLE_NOTIFIER,
             self._notifier_wake),
            ("sla", lambda: run_in_threadpool(self.check_deadlines), IDLE_SLA),
            ("expiry", lambda: run_in_threadpool(self.remind_expiring), 3600.0),
        ]
        escalating: list[tuple[Any, ...]] = [
            ("escalation", lambda: run_in_threadpool(self.escalate), IDLE_ESCALATION,
             self._escalation_wake, self.escalation_due),
        ]
        receiving: list[tuple[Any, ...]] = [
            ("spool", lambda: run_in_threadpool(self.replay_spool), IDLE_SPOOL),
        ]
        return {Role.ALL: processing + escalating + receiving, Role.WEB: escalating + receiving,
                Role.WORK: processing + escalating}[self.role]

    def _outbox_loops(self) -> list[tuple]:
        routine = [("outbox", self.outbox.send_round, IDLE_OUTBOX, self._outbox_wake,
                    self.outbox.seconds_to_due)]
        alerts = [("alerts", self._send_alerts, IDLE_ALERTS, self._alert_wake,
                   lambda: self.outbox.seconds_to_due(True))]
        return alerts if self.role is Role.WEB else routine + alerts

    async def _send_alerts(self) -> bool:
        handled = await self.outbox.send_due(ALERT_BATCH, urgent_only=True)
        if handled:  # the reporters hear at once that it got through, or to call 113
            self.wake_escalation()
        return self.outbox.more_due(urgent_only=True)

    def start(self) -> None:
        """Start every loop on the running event loop (single-loop use: polling, tests)."""
        self._loop = self._outbox_loop = self._hand_over.loop = asyncio.get_running_loop()
        self._inbox_wakers.add(self._wake, self._loop)
        self._tasks = [asyncio.create_task(self._loop_forever(*spec))
                       for spec in self._inbox_loops() + self._outbox_loops()]

    def start_in_thread(self, on_stop: Callable[[], Awaitable[object]]) -> None:
        """Run processing and sending on two event loops of their own (two threads): webhooks
        are acknowledged at once however busy processing is, and an alert leaves while routine
        messages are still being processed. ``on_stop`` closes the processing side's clients."""
        self._threads = [
            self._spawn("halo-inbox", self._inbox_loops(), on_stop, outbox=False),
            self._spawn("halo-outbox", self._outbox_loops(), self.close_senders, outbox=True),
            *(self._spawn(f"halo-turns-{number}", [("inbox", turns.process_round, IDLE_TURNS,
                                                    None, turns.seconds_to_due)],
                          turns.services.channels.close, outbox=False, turns=True)
              for number, turns in enumerate(self.turn_processors, start=1)),
        ]

    async def close_senders(self) -> None:
        await self._hand_over.finish()
        if self.outbox.channels is not None:
            await self.outbox.channels.close()
        if self.outbox.owner is not None:
            await run_in_threadpool(self.outbox.owner.close)

    def _spawn(self, name: str, specs: list[tuple], on_stop: Callable[[], Awaitable[object]], *,
               outbox: bool, turns: bool = False) -> threading.Thread:
        ready = threading.Event()
        holder: dict[str, Any] = {}

        async def main() -> None:
            loop = asyncio.get_running_loop()
            if turns:
                woken = asyncio.Event()
                self._inbox_wakers.add(woken, loop)
                specs[:] = [(*spec[:3], woken, *spec[4:]) for spec in specs]
            elif outbox:
                self._outbox_loop = self._hand_over.loop = loop
            else:
                self._loop = loop
                self._inbox_wakers.add(self._wake, loop)
            holder["stop"] = stopping = asyncio.Event()
            holder["loop"] = loop
            tasks = [asyncio.create_task(self._loop_forever(*spec)) for spec in specs]
            ready.set()
            await stopping.wait()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await on_stop()

        thread = threading.Thread(target=run_on_uvloop, args=(main(),), name=name, daemon=True)
        thread.start()
        ready.wait(timeout=10)
        self._holders.append(holder)
        return thread

    def stop_thread(self) -> None:
        """Stop the loops started by ``start_in_thread`` and wait for them."""
        for holder in self._holders:
            holder["loop"].call_soon_threadsafe(holder["stop"].set)
        for thread in self._threads:
            thread.join(timeout=15)
        self._holders, self._threads = [], []
        self._inbox_wakers.clear()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self._hand_over.finish()


def run_on_uvloop(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a loop thread's coroutine on uvloop, as uvicorn runs the web server's loop: each
    wake-up, socket read and timer costs less interpreter time than on asyncio's own loop."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(coroutine)
