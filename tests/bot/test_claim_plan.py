"""The inbox claim walks the queue in order whatever the statistics say: planned from
statistics gathered while the queue was empty (autovacuum between two bursts), it read every
due message, checked each one's sender and sorted them, which is quadratic in the backlog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, insert, text
from sqlalchemy.orm import sessionmaker

from backend.core.models import InboundRecord, InboundStatus
from bot.inbox_claim import InboxQueue

NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
SENDERS = 300


def rows(count: int, *, status: InboundStatus, prefix: str, at: datetime) -> list[dict[str, Any]]:
    return [{"channel": "telegram", "platform_id": f"{prefix}{number}",
             "sender": str(70_000_000 + number % SENDERS), "payload": {"text": "halo"},
             "status": status, "priority": 5, "attempts": 0, "received_at": at,
             "next_attempt_at": at} for number in range(count)]


def test_a_claim_planned_from_an_empty_queues_statistics_walks_the_queue_in_order(
        pg_engine: Engine) -> None:
    sessions = sessionmaker(bind=pg_engine)
    with sessions() as session, session.begin():
        session.execute(text("DELETE FROM inbound_messages"))
        session.execute(insert(InboundRecord), rows(3000, status=InboundStatus.PROCESSED,
                                                    prefix="plan-done-",
                                                    at=NOW - timedelta(hours=1)))
    with pg_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE inbound_messages"))  # no message pending
    with sessions() as session, session.begin():  # then a burst: two messages per sender
        session.execute(insert(InboundRecord), rows(2 * SENDERS, status=InboundStatus.PENDING,
                                                    prefix="plan-burst-",
                                                    at=NOW - timedelta(seconds=5)))
    plans: list[str] = []

    def explain(connection, cursor, statement: str, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "FOR UPDATE OF inbound_messages SKIP LOCKED" in statement:
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(line for (line,) in cursor.fetchall()))

    event.listen(pg_engine, "before_cursor_execute", explain)
    try:
        with sessions() as session, session.begin():
            claimed = InboxQueue(pg_engine).claim(session, NOW)
            sorting = session.execute(text("SHOW enable_sort")).scalar_one()
    finally:
        event.remove(pg_engine, "before_cursor_execute", explain)
    assert claimed is not None
    with sessions() as session:
        first = session.execute(text(
            "SELECT min(id) FROM inbound_messages WHERE status = 'pending'")).scalar_one()
    assert claimed.id == first  # the oldest message, as before
    assert plans and "Sort" not in plans[0], plans
    assert "ix_inbound_queue" in plans[0], plans
    assert sorting == "on"  # the rest of the turn plans as usual
