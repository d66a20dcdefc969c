"""Walk a case through every step of its SOP as the right actors (``halo simulate``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from backend.core.catalog.steps import OutcomeKind, RoleKind, Step
from backend.core.models import Case, CaseStatus
from backend.core.synthetic import synthetic_value
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow

FALLBACK_STEP_MINUTES = 5


@dataclass(frozen=True)
class TimelineRow:
    step_number: str
    role_label: str
    started_at: datetime
    due_at: datetime | None
    completed_at: datetime
    outcome: str


def _forward_outcome(workflow: Workflow, case: Case, step: Step) -> str | None:
    """The outcome that moves forward (no loops back): the first next/finish/forward goto."""
    definition = workflow.definition(case)
    order = [s.id for s in definition.steps]
    here = order.index(step.id)
    completing = [o for o in step.outcomes
                  if o.kind in (OutcomeKind.NEXT, OutcomeKind.GOTO, OutcomeKind.FINISH)]
    if len(completing) <= 1:
        return None
    for outcome in completing:
        if outcome.kind is OutcomeKind.NEXT or (
            outcome.step and order.index(outcome.step) > here
        ):
            return outcome.label or outcome.step or outcome.kind.value
    return completing[0].label or completing[0].kind.value


def officer_for(workflow: Workflow, case: Case, role: str) -> Actor:
    """A simulated officer holding ``role`` in the case's agency."""
    return Actor(kind="officer", id=f"sim-{role}", name=f"Petugas simulasi ({role})",
                 agency=case.agency, roles=frozenset({role}))


def simulate(session: Session, workflow: Workflow, code: str, *, start: datetime,
             seed: int = 7) -> tuple[Case, list[TimelineRow]]:
    """Open a case with synthetic intake data and complete every step until it is done."""
    definition = workflow.catalog.get(code)
    rng = random.Random(seed)
    fields = {f.name: synthetic_value(f, rng) for f in definition.fields}
    case = workflow.open_case(session, service_code=code, fields=fields, now=start,
                              channel="simulation")
    timeline: list[TimelineRow] = []
    guard = len(definition.steps) * 3
    while case.status in (CaseStatus.OPEN, CaseStatus.WAITING_CITIZEN) and guard > 0:
        guard -= 1
        instance = case.active_step
        assert instance is not None
        step = definition.step(instance.step_id)
        minutes = FALLBACK_STEP_MINUTES
        if instance.due_at is not None:
            minutes = max(1, int((instance.due_at - instance.started_at).total_seconds() // 120))
        done_at = instance.started_at + timedelta(minutes=minutes)
        outcome = _forward_outcome(workflow, case, step)
        if definition.roles[step.actor].kind is RoleKind.APPLICANT:
            workflow.citizen_complete(case, now=done_at, note="simulasi", outcome=outcome)
        else:
            workflow.complete(case, actor=officer_for(workflow, case, step.actor), now=done_at,
                              outcome=outcome)
        timeline.append(TimelineRow(
            step_number=step.number, role_label=definition.roles[step.actor].label,
            started_at=instance.started_at, due_at=instance.due_at, completed_at=done_at,
            outcome=instance.outcome or "",
        ))
    session.flush()
    return case, timeline
