"""Entering a case's step: system steps (and, at intake, the applicant's) complete at once; the
step the case stops at gets its due time and asks for the documents the SOP wants there."""

from __future__ import annotations

from datetime import datetime

from backend.core.catalog.schema import ServiceDefinition, Urgency
from backend.core.catalog.steps import RoleKind, Step
from backend.core.models import Case, CaseStatus, StepInstance, StepStatus
from backend.core.workflow.actors import CITIZEN, SYSTEM
from backend.core.workflow.calendar import WorkingCalendar
from backend.core.workflow.records import finish, log_event


def enter_step(case: Case, definition: ServiceDefinition, calendar: WorkingCalendar,
               step_id: str, now: datetime, intake: bool = False) -> None:
    """Move to ``step_id``; system steps and (at intake) applicant steps complete at once."""
    while True:
        step = definition.step(step_id)
        kind = definition.roles[step.actor].kind
        auto_actor = SYSTEM if kind is RoleKind.SYSTEM else CITIZEN
        if kind is RoleKind.SYSTEM or (kind is RoleKind.APPLICANT and intake):
            outcome = "auto" if kind is RoleKind.SYSTEM else "intake"
            case.steps.append(StepInstance(
                step_id=step.id, actor_role=step.actor, status=StepStatus.DONE,
                started_at=now, completed_at=now, completed_by=auto_actor.label,
                outcome=outcome,
            ))
            following = definition.next_step_id(step.id)
            log_event(case, auto_actor, "step_completed", now, step_id=step.id,
                      to_state=following or "done", data={"outcome": outcome})
            if following is None:
                finish(case, auto_actor, now)
                return
            step_id = following
            continue
        case.current_step_id = step.id
        case.assigned_officer_id = None
        start_step(case, definition, calendar, step, now)
        return


def start_step(case: Case, definition: ServiceDefinition, calendar: WorkingCalendar,
               step: Step, now: datetime) -> None:
    """Open an active instance of ``step``, due by the SOP's time standard."""
    urgency = definition.urgency
    due = calendar.due(now, step.standard, urgency is Urgency.PIKET_24H,
                       bare_days_wall=urgency is Urgency.URGENT)
    case.steps.append(StepInstance(
        step_id=step.id, actor_role=step.actor, status=StepStatus.ACTIVE,
        started_at=now, due_at=due,
    ))
    applicant = definition.roles[step.actor].kind is RoleKind.APPLICANT
    case.status = CaseStatus.WAITING_CITIZEN if applicant else CaseStatus.OPEN
    case.updated_at = now
    log_event(case, SYSTEM, "step_started", now, step_id=step.id, to_state=step.id,
              data={"due_at": due.isoformat() if due else None})
    asked = [d for d in definition.documents if d.at_step == step.id]
    if applicant and asked:  # a document the SOP asks for only now (a payment proof)
        case.missing_items = [d.label for d in asked]
        log_event(case, SYSTEM, "documents_requested", now, step_id=step.id,
                  to_state=CaseStatus.WAITING_CITIZEN,
                  data={"missing_items": case.missing_items,
                        "document_codes": [d.code for d in asked]})
