"""Turn cases into API bodies."""

from __future__ import annotations

from datetime import datetime

from backend.api.schemas import (
    CaseOut,
    DocumentOut,
    EventOut,
    OutcomeOut,
    StepOut,
    WorkItemOut,
)
from backend.core.catalog.schema import ServiceDefinition
from backend.core.models import Case, Officer, StepInstance
from backend.core.workflow.engine import Workflow


def _history(definition: ServiceDefinition, case: Case) -> list[StepOut]:
    rows = []
    for instance in case.steps:
        step = definition.step(instance.step_id)
        rows.append(StepOut(
            step_id=step.id, number=step.number, role=step.actor,
            role_label=definition.roles[step.actor].label, description=step.description,
            time_standard=step.time, status=instance.status, started_at=instance.started_at,
            due_at=instance.due_at, completed_at=instance.completed_at,
            completed_by=instance.completed_by, outcome=instance.outcome,
        ))
    return rows


def _plan(definition: ServiceDefinition, case: Case) -> list[StepOut]:
    """The SOP steps after the current one, in order (what is still ahead)."""
    if case.current_step_id is None:
        return []
    ids = [s.id for s in definition.steps]
    ahead = definition.steps[ids.index(case.current_step_id) + 1:]
    return [
        StepOut(step_id=s.id, number=s.number, role=s.actor,
                role_label=definition.roles[s.actor].label, description=s.description,
                time_standard=s.time, status="pending")
        for s in ahead
    ]


def case_out(case: Case, workflow: Workflow) -> CaseOut:
    """The full case as officers see it."""
    definition = workflow.definition(case)
    return CaseOut(
        number=case.number, service_code=case.service_code, service_name=definition.name.id,
        agency=case.agency, urgency=case.urgency, status=case.status, channel=case.channel,
        current_step_id=case.current_step_id, missing_items=case.missing_items,
        waiting_until=case.waiting_until, created_at=case.created_at, closed_at=case.closed_at,
        fields={f.name: f.value for f in case.fields},
        documents=[DocumentOut.model_validate(d, from_attributes=True) for d in case.documents],
        history=_history(definition, case),
        plan=_plan(definition, case),
        events=[EventOut.model_validate(e, from_attributes=True) for e in case.events],
        allowed_outcomes=[
            OutcomeOut(kind=o.kind.value, label=o.label, step=o.step)
            for o in workflow.allowed_outcomes(case)
        ],
    )


def work_item_out(case: Case, instance: StepInstance, workflow: Workflow, officer: Officer,
                  now: datetime) -> WorkItemOut:
    """One worklist row."""
    definition = workflow.definition(case)
    step = definition.step(instance.step_id)
    return WorkItemOut(
        number=case.number, service_code=case.service_code, service_name=definition.name.id,
        urgency=case.urgency, status=case.status, step_id=step.id, step_number=step.number,
        step_role=definition.roles[step.actor].label, step_started_at=instance.started_at,
        due_at=instance.due_at, overdue=bool(instance.due_at and instance.due_at < now),
        assigned_to_me=case.assigned_officer_id == officer.id, created_at=case.created_at,
    )
