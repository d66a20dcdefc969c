"""Wake the citizen notifier when a transaction that wrote case events commits, instead of
having it poll: in this process directly, and (PostgreSQL) in the processing processes through
``NOTIFY halo_events`` when the web process wrote them (an officer's action)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from backend.core.db import on_committed
from backend.core.models import CaseEvent

NOTIFY_CHANNEL = "halo_events"
ANNOUNCE = text(f"NOTIFY {NOTIFY_CHANNEL}")
WROTE = "case_events_written"  # session.info flag


def on_case_events(sessions: sessionmaker[Session], wake: Callable[[], None], *,
                   announce: bool = False) -> None:
    """Call ``wake()`` once a transaction that added case events has committed (never for one
    rolled back); ``announce``: also NOTIFY the other processes, delivered with the commit."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        if any(isinstance(item, CaseEvent) for item in session.new):
            session.info[WROTE] = True

    def before_commit(session: Session) -> None:
        if announce and WROTE in session.info:
            session.connection().execute(ANNOUNCE)

    event.listen(sessions, "before_flush", before_flush)
    event.listen(sessions, "before_commit", before_commit)
    on_committed(sessions, WROTE, lambda _wrote: wake())
