"""Wake-ups across processes: the web process that stored a message, or queued one to send
(an agent's reply, an officer's action), tells the processing processes at once, through
PostgreSQL LISTEN/NOTIFY (delivered when the transaction commits, never for one rolled back).
Without it they would find the message only when their idle wait ends (``bot.runner``).

A stored message is addressed to one processing process (its id modulo their number, each
started with its rank: ``halo work --rank``): that one claims it at once, the others only
``DEFER_SECONDS`` later, once for all the messages they heard of meanwhile. Every process
waking for every message cost a claim and a due-time read per process per message, nearly
all finding nothing; a process that died, or is busy, still has its messages taken within
the deferral.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.engine import make_url

from backend.core.case_event_signals import NOTIFY_CHANNEL as EVENTS_CHANNEL
from backend.core.logging import get_logger
from backend.core.outbox import NOTIFY_CHANNEL as OUTBOX_CHANNEL

log = get_logger(__name__)
CHANNEL = "halo_inbox"
ANNOUNCE = select(func.pg_notify(CHANNEL, bindparam("payload")))
RECONNECT_SECONDS = 1.0
DEFER_SECONDS = 0.3  # a message addressed to another process: looked at this much later
POLL_SECONDS = 30.0  # the longest wait for notices (``stop`` interrupts it with a notice)


def announce(connection: Connection, first_id: int) -> None:
    """Tell the listeners that messages wait, addressed by the first one's id to one
    processing process (see the module doc); delivered when ``connection``'s transaction
    commits (at once on an autocommit connection)."""
    connection.execute(ANNOUNCE, {"payload": str(first_id)})


def plain_dsn(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://…`` as the libpq connection string psycopg takes."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


class InboxListener:
    """Calls ``on_message`` (from its own thread) whenever a message was announced,
    ``on_queued`` whenever another process queued something to send, ``on_case_events`` when it
    wrote case events; each once after every (re)connection, for what happened meanwhile."""

    def __init__(self, sqlalchemy_url: str, on_message: Callable[[], None],
                 on_queued: Callable[[], None] = lambda: None,
                 on_case_events: Callable[[], None] = lambda: None, *,
                 rank: int = 0, of: int = 1, defer: float = DEFER_SECONDS) -> None:
        self.dsn = plain_dsn(sqlalchemy_url)
        self.on_message = on_message
        self.on_queued = on_queued
        self.on_case_events = on_case_events
        self.rank, self.of, self.defer = rank, max(of, 1), defer
        self._deferred_at: float | None = None  # when to look at others' messages
        self._stopping = threading.Event()
        self._stop_channel = f"halo_stop_{secrets.token_hex(8)}"  # this listener's own
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="halo-listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._interrupt()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _interrupt(self) -> None:
        """End the listener's wait for notices now (the database down: it is not waiting)."""
        with contextlib.suppress(psycopg.Error), psycopg.connect(
                self.dsn, autocommit=True, connect_timeout=2) as connection:
            connection.execute(f"NOTIFY {self._stop_channel}")

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except psycopg.Error as error:  # database restarting: listen again soon
                log.warning("inbox_listener_disconnected", error=type(error).__name__)
                self._stopping.wait(RECONNECT_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            connection.execute(f"LISTEN {OUTBOX_CHANNEL}")
            connection.execute(f"LISTEN {EVENTS_CHANNEL}")
            connection.execute(f"LISTEN {self._stop_channel}")
            calls = {OUTBOX_CHANNEL: self.on_queued, EVENTS_CHANNEL: self.on_case_events}
            for call in (self.on_message, *calls.values()):
                call()
            while not self._stopping.is_set():
                # One packet of notices at a time, each read to its end: leaving the generator
                # early drops the rest of its packet (a queued reply or an officer's action
                # heard of only at the next safety poll). The wait is recomputed per packet, so
                # a deferral started in it is kept.
                for notice in connection.notifies(timeout=self._wait(), stop_after=1):
                    if notice.channel in calls:
                        calls[notice.channel]()
                    elif notice.channel == CHANNEL:
                        self._message(notice.payload)
                self._deferred_due()

    def _message(self, payload: str) -> None:
        """A message was stored: wake now when it is this process's, else defer (once for all
        the others' messages heard until the deferral is due)."""
        if self.of == 1 or not payload.isdigit() or int(payload) % self.of == self.rank:
            self.on_message()
        elif self._deferred_at is None:
            self._deferred_at = time.monotonic() + self.defer

    def _wait(self) -> float:
        if self._deferred_at is None:
            return POLL_SECONDS
        return min(POLL_SECONDS, max(self._deferred_at - time.monotonic(), 0.0))

    def _deferred_due(self) -> None:
        if self._deferred_at is not None and time.monotonic() >= self._deferred_at:
            self._deferred_at = None
            self.on_message()
