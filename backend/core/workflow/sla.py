"""SLA watch: each overdue step emits exactly one breach event and notifies the next role up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, joinedload

from backend.core.db import transaction
from backend.core.models import CaseEvent, OutboxMessage, StepInstance, StepStatus
from backend.core.workflow.engine import Workflow

# Breaches recorded per transaction. A burst of them (a crowd's fire reports past their
# response time, a long weekend's backlog) in one transaction held the rows of up to 500 steps
# for as long as it took: 7.7 s under a five-minute crowd of 900 citizens, while turns waited.
SLA_BATCH = 50


def record_breaches(sessions: Callable[[], Session], workflow: Workflow, *, now: datetime,
                    batch: int = SLA_BATCH) -> int:
    """``check_sla`` in transactions of at most ``batch`` steps, until none is left; returns
    how many breaches were new."""
    recorded = 0
    while True:
        with transaction(sessions) as session:
            count = check_sla(session, workflow, now=now, limit=batch)
        recorded += count
        if count < batch:
            return recorded


def check_sla(session: Session, workflow: Workflow, *, now: datetime, limit: int = 500) -> int:
    """Record a breach for every active step past its due time; returns how many were new.

    The conditional UPDATE makes the breach exactly-once even with several checkers running.
    """
    overdue = session.scalars(
        select(StepInstance)
        .where(StepInstance.status == StepStatus.ACTIVE)
        .where(StepInstance.due_at.is_not(None), StepInstance.due_at < now)
        .where(StepInstance.breached_at.is_(None))
        .order_by(StepInstance.due_at)
        .limit(limit)
        .options(joinedload(StepInstance.case))
    ).all()
    recorded = 0
    for instance in overdue:
        claimed = cast(CursorResult[Any], session.execute(
            update(StepInstance)
            .where(StepInstance.id == instance.id, StepInstance.breached_at.is_(None))
            .values(breached_at=now)
            .execution_options(synchronize_session=False)
        )).rowcount
        if claimed != 1:
            continue
        _record_breach(session, workflow, instance, now)
        recorded += 1
    return recorded


def _record_breach(session: Session, workflow: Workflow, instance: StepInstance,
                   now: datetime) -> None:
    case = instance.case
    definition = workflow.definition(case)
    role = definition.roles[instance.actor_role]
    notify_role = role.reports_to or instance.actor_role
    step = definition.step(instance.step_id)
    session.add(CaseEvent(
        case_id=case.id, at=now, actor_kind="system", action="sla_breached",
        step_id=instance.step_id, from_state=instance.step_id, to_state=instance.step_id,
        note=f"Langkah {step.number} melewati batas waktu ({step.time})",
        data={"due_at": instance.due_at.isoformat() if instance.due_at else None,
              "notified_role": notify_role},
    ))
    recipient = f"{case.agency}:{notify_role}"
    body = (f"Kasus {case.number} ({definition.name.id}) terlambat pada langkah "
            f"{step.number}: {role.label}.")
    session.add(OutboxMessage(
        dedupe_key=f"sla:{instance.id}",
        channel="console",
        recipient=recipient,
        kind="sla_breach",
        priority=3,
        body=body,
        # The outbox sends (here: keeps for the console) what the payload says.
        payload={"channel": "console", "recipient": recipient, "text": body},
        case_id=case.id,
        created_at=now,
        next_attempt_at=now,
    ))
