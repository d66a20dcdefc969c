"""Reception of inbound messages: store once, raise the first fire alert, wake the workers.

Webhooks arriving at the same time are stored together: a few intake threads each take every
delivery waiting and store them in one transaction, so a burst (fifty fire reports beside the
routine traffic) costs a handful of database round trips instead of several per message, and
no webhook waits behind dozens of threads contending for the interpreter.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Connection
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from backend.core.clock import Clock
from backend.core.db import autocommit_reader, transaction
from backend.core.logging import get_logger
from backend.core.messages import InboundMessage
from backend.core.metrics import INBOUND
from bot.alerts.desk import AlertDesk
from bot.inbox import IntentOf, emergency_kind, store_inbound_many
from bot.spool import Spool
from bot.wakeup import announce

log = get_logger(__name__)
BUSY_REQUESTS = 4  # webhooks in flight in this process before the dialog turns give way
INTAKE_THREADS = 2  # transactions storing deliveries at once (one commits, one gathers)
MAX_BATCH = 100  # deliveries stored in one transaction at most


class Reception:
    """What every webhook (and the dev chat, and the spool replay) does with a message."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, alerts: AlertDesk | None,
                 wake: Callable[[bool], None], spool: Spool, *, intent_of: IntentOf,
                 announce_stored: bool = False) -> None:
        self.sessions = sessions
        self.clock = clock
        self.alerts = alerts
        self.wake = wake
        self.spool = spool
        self.intent_of = intent_of
        # The processing runs in other processes (PostgreSQL): tell them (see bot.wakeup).
        self.announce_stored = announce_stored
        self._autocommit = autocommit_reader(sessions.kw["bind"])  # one statement, no BEGIN
        self.in_flight = 0  # webhook requests being handled now (counted on the web loop)
        self._waiting: queue.SimpleQueue[list[_Delivery] | None] = queue.SimpleQueue()
        self._gathered: list[_Delivery] = []  # this loop iteration's webhooks (web loop only)
        self._threads: list[threading.Thread] = []
        self._threads_lock = threading.Lock()

    @contextmanager
    def handling(self) -> Iterator[None]:
        """Count a webhook request while it is handled (see ``busy``)."""
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    def busy(self) -> bool:
        """Webhooks are queueing up: background work should give way to acknowledging them."""
        return self.in_flight >= BUSY_REQUESTS

    async def submit(self, message: InboundMessage) -> bool:
        """Store a webhook's message together with the others arriving now (see module doc);
        False for a duplicate delivery. Raises the database's error when it was not stored."""
        self._start_intake()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bool] = loop.create_future()
        if not self._gathered:
            loop.call_soon(self._hand_over_gathered)
        self._gathered.append(_Delivery(message, future))
        return await future

    def _hand_over_gathered(self) -> None:
        """The webhooks of one loop iteration go to the intake threads together: one wake-up
        of a thread for all of them instead of one each."""
        gathered, self._gathered = self._gathered, []
        self._waiting.put(gathered)

    def accept(self, message: InboundMessage, *, outcome: str = "stored") -> bool:
        """Store one message now (see ``accept_many``); False for a duplicate delivery."""
        return self.accept_many([message], outcome=outcome)[0]

    def accept_many(self, messages: list[InboundMessage], *,
                    outcome: str = "stored") -> list[bool]:
        """Store the messages (each once) in one transaction and wake the processor; for each,
        False when it was a duplicate delivery.

        Fire and rescue reports also queue a first alert to the piket in the same transaction,
        so the crew hears of them within a second however long the queue of routine messages is.
        """
        now = self.clock()
        intent_of = cache(self.intent_of)  # ranking and the pre-alert ask the same (this batch)
        announce = self.announce_stored
        reports: list[tuple[InboundMessage, str, int]] = []
        if announce and not (self.alerts and any(emergency_kind(message, intent_of)
                                                  for message in messages)):
            # Nothing to pre-alert (PostgreSQL web process): no transaction, the insert
            # committed before the notice goes (a crash between: the next notice or the
            # processes' idle look finds the messages).
            with self._autocommit.connect() as connection:
                stored = store_inbound_many(connection, messages, now=now, intent_of=intent_of)
                self._announce(connection, stored)
        else:
            with transaction(self.sessions) as session:
                stored = store_inbound_many(session, messages, now=now, intent_of=intent_of)
                if announce:
                    self._announce(session.connection(), stored)
                reports = [(message, kind, row_id) for message, row_id
                           in zip(messages, stored, strict=True) if row_id is not None
                           and (kind := emergency_kind(message, intent_of)) is not None
                           ] if self.alerts else []
                if reports and self.alerts is not None:
                    self.alerts.pre_alert(session, reports, now=now)
        for message, row_id in zip(messages, stored, strict=True):
            INBOUND.labels(message.channel.value, outcome if row_id else "duplicate").inc()
        if any(row_id is not None for row_id in stored):
            self.wake(bool(reports))
        return [row_id is not None for row_id in stored]

    @staticmethod
    def _announce(connection: Connection, stored: list[int | None]) -> None:
        """Tell the processing processes of the new messages (none: all were duplicates)."""
        first = next((row_id for row_id in stored if row_id is not None), None)
        if first is not None:
            announce(connection, first_id=first)

    def keep_for_later(self, message: InboundMessage) -> None:
        """The database is down: keep the message in the durable spool (replayed later)."""
        self.spool.put(message)
        INBOUND.labels(message.channel.value, "spooled").inc()

    def replay_spool(self) -> int:
        """Store what the spool kept while the database was down; how many were replayed."""
        return self.spool.replay(lambda message: self.accept(message, outcome="replayed"))

    def close(self) -> None:
        """Stop the intake threads once they have stored what they hold."""
        with self._threads_lock:
            for _ in self._threads:
                self._waiting.put(None)
            for thread in self._threads:
                thread.join(timeout=10)
            self._threads = []

    def _start_intake(self) -> None:
        if self._threads:
            return
        with self._threads_lock:
            count = 1 if self.sessions.kw["bind"].dialect.name == "sqlite" else INTAKE_THREADS
            while len(self._threads) < count:
                thread = threading.Thread(target=self._intake, daemon=True,
                                          name=f"halo-intake-{len(self._threads) + 1}")
                thread.start()
                self._threads.append(thread)

    def _intake(self) -> None:
        while (first := self._waiting.get()) is not None:
            batch = list(first)
            while len(batch) < MAX_BATCH:
                try:
                    item = self._waiting.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._waiting.put(None)  # for this thread's next turn round the loop
                    break
                batch.extend(item)
            for start in range(0, len(batch), MAX_BATCH):
                self._store(batch[start:start + MAX_BATCH])

    def _store(self, batch: list[_Delivery]) -> None:
        try:
            results = self.accept_many([delivery.message for delivery in batch])
        except (OperationalError, InterfaceError) as error:  # the database itself: all wait
            _settle([(delivery, error) for delivery in batch])
            return
        except Exception as error:  # noqa: BLE001 - one bad message must not refuse the rest
            if len(batch) > 1:
                for delivery in batch:
                    self._store([delivery])
                return
            if not isinstance(error, SQLAlchemyError):
                log.exception("intake_failed")
            _settle([(batch[0], error)])
            return
        _settle(list(zip(batch, results, strict=True)))


Outcome = bool | BaseException  # stored (False: a duplicate), or why it was not


class _Delivery:
    """A webhook's message waiting to be stored, and the request waiting for the outcome."""

    def __init__(self, message: InboundMessage, future: asyncio.Future[bool]) -> None:
        self.message = message
        self.future = future

    def tell(self, outcome: Outcome) -> None:
        """Give the waiting request its outcome (on its loop)."""
        if self.future.done():  # the request was given up meanwhile
            return
        if isinstance(outcome, BaseException):
            self.future.set_exception(outcome)
        else:
            self.future.set_result(outcome)


def _settle(outcomes: list[tuple[_Delivery, Outcome]]) -> None:
    """From an intake thread: tell the requests their outcomes, one wake-up of each event loop
    for all of them."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Delivery, Outcome]]] = {}
    for delivery, outcome in outcomes:
        by_loop.setdefault(delivery.future.get_loop(), []).append((delivery, outcome))
    for loop, told in by_loop.items():
        loop.call_soon_threadsafe(_tell_all, told)


def _tell_all(outcomes: list[tuple[_Delivery, Outcome]]) -> None:
    for delivery, outcome in outcomes:
        delivery.tell(outcome)
