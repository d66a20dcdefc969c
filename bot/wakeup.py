"""Wake-ups across processes: the web process that stored a message, or queued one to send
(an agent's reply, an officer's action), tells the processing processes at once, through
PostgreSQL LISTEN/NOTIFY (delivered when the transaction commits, never for one rolled back).
Without it they would find the message only when their idle wait ends (``bot.runner``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from backend.core.case_event_signals import NOTIFY_CHANNEL as EVENTS_CHANNEL
from backend.core.logging import get_logger
from backend.core.outbox import NOTIFY_CHANNEL as OUTBOX_CHANNEL

log = get_logger(__name__)
CHANNEL = "halo_inbox"
ANNOUNCE = text(f"NOTIFY {CHANNEL}")
RECONNECT_SECONDS = 1.0


def announce(session: Session) -> None:
    """Tell the listeners that a message waits (sent when ``session`` commits)."""
    session.connection().execute(ANNOUNCE)


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
                 on_case_events: Callable[[], None] = lambda: None) -> None:
        self.dsn = plain_dsn(sqlalchemy_url)
        self.on_message = on_message
        self.on_queued = on_queued
        self.on_case_events = on_case_events
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="halo-listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

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
            calls = {CHANNEL: self.on_message, OUTBOX_CHANNEL: self.on_queued,
                     EVENTS_CHANNEL: self.on_case_events}
            for call in calls.values():
                call()
            while not self._stopping.is_set():
                for notice in connection.notifies(timeout=1.0):
                    calls.get(notice.channel, self.on_message)()
                    if self._stopping.is_set():
                        break
