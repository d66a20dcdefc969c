"""A report's pre-alerts and an incident's alerts are found through small indexes, not by
reading the whole outbox: every message of a fire report looks up its pre-alerts while its
incident is locked, and the delivery watch reads each open report's alerts every second."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, Select, insert, text
from sqlalchemy.orm import Session

from backend.core.incidents import alert_rows_of
from backend.core.models import OutboxMessage
from bot.alerts.outbound import pre_alerts_of

NOW = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)


def row(key: str, kind: str = "reply", case_id: int | None = None) -> dict[str, object]:
    return {"dedupe_key": key, "channel": "telegram", "recipient": "-100777", "kind": kind,
            "priority": 0, "body": "x", "status": "sent", "attempts": 1, "case_id": case_id,
            "next_attempt_at": NOW, "created_at": NOW}


def test_the_pre_alerts_of_a_message_come_from_their_index(session: Session,
                                                           engine: Engine) -> None:
    session.execute(insert(OutboxMessage), [row(f"in:{n}:0") for n in range(3000)])
    session.execute(insert(OutboxMessage), [row("prealert:4242:-100777", "alert"),
                                            row("prealert:4242:-100888", "alert"),
                                            row("prealert:42420:-100777", "alert")])
    found = session.scalars(pre_alerts_of(4242)).all()
    assert sorted(r.dedupe_key for r in found) == ["prealert:4242:-100777",
                                                   "prealert:4242:-100888"]

    assert uses_index(session, engine, pre_alerts_of(4242), "ix_outbox_prealerts")
    session.rollback()


def test_an_incidents_alerts_come_from_their_index(session: Session, engine: Engine) -> None:
    session.execute(insert(OutboxMessage), [row(f"in:{n}:0") for n in range(3000)])
    session.execute(insert(OutboxMessage), [
        row("alert:1:-100777:1", "alert", case_id=None), row("x:1", "case_update")])
    assert uses_index(session, engine, alert_rows_of(7), "ix_outbox_incident_alerts")
    session.rollback()


def uses_index(session: Session, engine: Engine, query: Select, index: str) -> bool:  # type: ignore[type-arg]
    """Whether the database answers ``query`` through ``index`` (sequential scans discouraged
    on PostgreSQL: the plan shows whether the index can serve it at all)."""
    compiled = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    if engine.dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = session.execute(text("EXPLAIN " + compiled)).scalars().all()
    else:
        plan = [r[-1] for r in session.execute(text("EXPLAIN QUERY PLAN " + compiled))]
    return any(index in line for line in plan)
