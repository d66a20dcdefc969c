"""The durable outbox's write side: queue an outbound message once per dedupe key.

Sending (claims, retries, rate limits) is the channel adapters' job (``bot.outbox``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from backend.core.db import on_committed
from backend.core.messages import OutboundMessage
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.threads import UNTAGGED, Scope

ALERT_PRIORITY, ROUTINE_PRIORITY = 0, 5
QUEUED = "outbox_queued"  # session.info: what this transaction queued (True: an alert too)
NOTIFY_CHANNEL = "halo_outbox"  # PostgreSQL NOTIFY channel: rows queued by another process
ANNOUNCE = text(f"NOTIFY {NOTIFY_CHANNEL}")


def _insert_once(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, built once per dialect."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboxMessage.id))


INSERT_ONCE = {dialect: _insert_once(dialect) for dialect in ("postgresql", "sqlite")}


def outbox_row(message: OutboundMessage, *, dedupe_key: str, kind: str, now: datetime,
               priority: int = ROUTINE_PRIORITY, case_id: int | None = None,
               scope: Scope = UNTAGGED) -> dict[str, Any]:
    """The column values of a new pending outbox row; ``scope``: the citizen thread it belongs
    to and its PPA flag (none for alerts, DMs and console notices)."""
    return {"dedupe_key": dedupe_key, "channel": message.channel.value,
            "recipient": message.recipient, "kind": kind, "priority": priority,
            "body": message.text, "payload": message.model_dump(mode="json"),
            "case_id": case_id, "status": OutboxStatus.PENDING, "attempts": 0,
            "next_attempt_at": now, "created_at": now, "thread": scope.thread,
            "ppa": scope.ppa}


def enqueue(session: Session, message: OutboundMessage, *, dedupe_key: str, kind: str,
            now: datetime, priority: int = ROUTINE_PRIORITY, case_id: int | None = None,
            scope: Scope = UNTAGGED) -> bool:
    """Queue ``message`` once per ``dedupe_key``; False when it was already queued."""
    statement = INSERT_ONCE[session.get_bind().dialect.name]
    row = outbox_row(message, dedupe_key=dedupe_key, kind=kind, now=now, priority=priority,
                     case_id=case_id, scope=scope)
    # Core statements go through the session's connection: Session.execute would treat the
    # insert as an ORM bulk operation, which costs about 0.8 ms more per call.
    _mark(session, urgent=priority == ALERT_PRIORITY)
    return session.connection().execute(statement, row).scalar_one_or_none() is not None


def enqueue_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Queue several ``outbox_row``s in one statement (each once per dedupe key)."""
    if rows:
        _mark(session, urgent=any(row["priority"] == ALERT_PRIORITY for row in rows))
        # With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT (insertmanyvalues)
        # instead of an executemany, which psycopg runs in pipeline mode: dearer for a few.
        session.connection().execute(INSERT_ONCE[session.get_bind().dialect.name],
                                     rows).close()


def _mark(session: Session, *, urgent: bool) -> None:
    session.info[QUEUED] = session.info.get(QUEUED, False) or urgent


def on_queued(sessions: sessionmaker[Session], wake: Callable[[bool], None], *,
              announce: bool = False) -> None:
    """Call ``wake(urgent)`` once a transaction that queued messages has committed (not for one
    rolled back), so the senders need not poll; ``announce`` (PostgreSQL): also NOTIFY the
    other processes' senders, delivered with the commit."""

    def before_commit(session: Session) -> None:
        if announce and QUEUED in session.info:
            session.connection().execute(ANNOUNCE)

    event.listen(sessions, "before_commit", before_commit)
    on_committed(sessions, QUEUED, wake)
