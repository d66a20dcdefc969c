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
# What a citizen may hear of (``dialogs.notifier``): steps officers (or the citizen, in the
# satisfaction survey) complete, returns, refusals, the end, documents and bills.
NEWS_ACTIONS = frozenset({"step_completed", "returned", "rejected", "finished",
                          "documents_requested", "document_issued", "billing_issued"})
# Steps that complete by themselves: the applicant's at intake, and system steps.
SELF_COMPLETED = frozenset({"intake", "auto"})


def news_for_citizens(event: CaseEvent) -> bool:
    """Whether a new case event can be news to a citizen: an opening and the steps that
    complete with it never are, so opening a case wakes no notifier."""
    if event.action not in NEWS_ACTIONS:
        return False
    return event.action != "step_completed" or \
        (event.data or {}).get("outcome") not in SELF_COMPLETED


def on_case_events(sessions: sessionmaker[Session], wake: Callable[[], None], *,
                   announce: bool = False) -> None:
    """Call ``wake()`` once a transaction that added case events a citizen may hear of has
    committed (never for one rolled back); ``announce``: also NOTIFY the other processes,
    delivered with the commit."""

    def mark(session: Session) -> None:
        if any(isinstance(item, CaseEvent) and news_for_citizens(item) for item in session.new):
            session.info[WROTE] = True

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        mark(session)

    def before_commit(session: Session) -> None:
        mark(session)  # events not flushed yet: the commit flushes them after this hook
        if announce and WROTE in session.info:
            session.connection().execute(ANNOUNCE)

    event.listen(sessions, "before_flush", before_flush)
    event.listen(sessions, "before_commit", before_commit)
    on_committed(sessions, WROTE, lambda _wrote: wake())
