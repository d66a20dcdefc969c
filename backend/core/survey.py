"""When the bot asks the satisfaction survey (IKM) and what an answered survey does to the case.

Asked once per case: when it finishes, or earlier when the SOP has the applicant fill the survey
as a step before the result (SIPPT step 21); answering completes that step. PPA/discreet cases
and emergencies are never surveyed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.schema import ServiceDefinition, Urgency
from backend.core.catalog.steps import RoleKind, Step
from backend.core.ikm import SurveyError, expand_condensed, record_survey
from backend.core.models import Case, CaseEvent, CaseStatus, SurveyResponse
from backend.core.workflow.engine import Workflow

SURVEY_WORD = "survei"


def survey_step(definition: ServiceDefinition) -> Step | None:
    """The applicant's step that is the satisfaction survey, when the SOP has one."""
    for step in definition.steps:
        words = f"{step.description} {step.inputs or ''}".lower()
        if definition.roles[step.actor].kind is RoleKind.APPLICANT and SURVEY_WORD in words:
            return step
    return None


def surveyed(session: Session, case: Case) -> bool:
    return session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)) \
        is not None


def asks_survey(session: Session, workflow: Workflow, case: Case, event: CaseEvent) -> bool:
    """Whether this event (already told to the citizen) should start the survey."""
    if workflow.definition(case).urgency is Urgency.PIKET_24H:
        return False  # emergencies are not a service to rate
    if event.action == "finished":
        return not surveyed(session, case)
    step = survey_step(workflow.definition(case))
    return (event.action == "step_completed" and step is not None
            and event.to_state == step.id and not surveyed(session, case))


def record(session: Session, workflow: Workflow, case: Case, *, answers: Mapping[str, int],
           comment: str | None, now: datetime) -> bool:
    """Store the answers; if the case waits at its survey step, the survey completes it."""
    try:
        record_survey(session, case_number=case.number, scores=expand_condensed(answers),
                      comment=comment, now=now)
    except SurveyError:
        return False
    step = survey_step(workflow.definition(case))
    if (step is not None and case.current_step_id == step.id
            and case.status == CaseStatus.WAITING_CITIZEN and not case.missing_items):
        workflow.citizen_complete(case, now=now, note="Survei kepuasan diisi lewat chat")
    return True
