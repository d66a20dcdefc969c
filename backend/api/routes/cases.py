"""Officer case routes: worklist, search, detail and actions on the current step."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import (
    CurrentOfficer,
    IncidentsDep,
    NowDep,
    SessionDep,
    SettingsDep,
    WorkflowDep,
)
from backend.api.present import case_out, work_item_out
from backend.api.schemas import ActionIn, CaseOut, CaseSummaryOut, WorkItemOut
from backend.core.config import Settings
from backend.core.incidents import lock_incident_of_case
from backend.core.models import Case, Officer
from backend.core.ppa import guard_case_read, is_ppa_case, is_ppa_officer, record_denial
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from backend.core.workflow.errors import InvalidAction, WorkflowError
from backend.core.workflow.queries import case_by_number, search_cases, worklist

router = APIRouter(prefix="/api", tags=["cases"])


def _visible_case(session: Session, number: str, officer: Officer, *,
                  access: tuple[Workflow, Settings, datetime], lock: bool = False) -> Case:
    """The case if the officer's agency owns it; PPA cases also need a PPA role (read logged)."""
    case = case_by_number(session, number, for_update=lock)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no case {number}")
    workflow, settings, now = access
    if case.agency != officer.agency:
        record_denial(session, officer=officer, case=case, reason="agency",
                      settings=settings.handoff, now=now)
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"case {case.number} belongs to agency {case.agency}"
        )
    guard_case_read(session, case, officer, catalog=workflow.catalog,
                    settings=settings.handoff, now=now)
    return case


@router.get("/worklist", response_model=list[WorkItemOut])
def my_worklist(session: SessionDep, officer: CurrentOfficer, workflow: WorkflowDep,
                now: NowDep) -> list[WorkItemOut]:
    """Cases whose current step is mine, most urgent first, then by due time."""
    return [work_item_out(c, i, workflow, officer, now) for c, i in worklist(session, officer)]


@router.get("/cases", response_model=list[CaseSummaryOut])
def search(session: SessionDep, officer: CurrentOfficer, settings: SettingsDep,
           workflow: WorkflowDep,
           q: Annotated[str, Query(min_length=1, max_length=100)]) -> list[CaseSummaryOut]:
    """Search my agency's cases by case number, NIK or other field value, or citizen name."""
    ppa_ok = is_ppa_officer(officer, workflow.catalog, settings.handoff)
    return [CaseSummaryOut.model_validate(c, from_attributes=True)
            for c in search_cases(session, officer, q)
            if ppa_ok or not is_ppa_case(c, settings.handoff)]


@router.get("/cases/{number}", response_model=CaseOut)
def case_detail(number: str, session: SessionDep, officer: CurrentOfficer,
                workflow: WorkflowDep, settings: SettingsDep, now: NowDep) -> CaseOut:
    """Fields, documents, steps with due times, and the event log."""
    return case_out(_visible_case(session, number, officer, access=(workflow, settings, now)),
                    workflow)


def _assignee(session: Session, username: str | None) -> Officer:
    if not username:
        raise InvalidAction("assign needs 'assignee' (an officer's username)")
    officer = session.scalar(select(Officer).where(Officer.username == username))
    if officer is None:
        raise InvalidAction(f"no officer {username!r}")
    return officer


@router.post("/cases/{number}/actions", response_model=CaseOut)
def act(number: str, body: ActionIn, session: SessionDep, officer: CurrentOfficer,
        workflow: WorkflowDep, settings: SettingsDep, now: NowDep,
        incidents: IncidentsDep) -> CaseOut:
    """Act on the case's current step: complete, return, reject, assign or comment."""
    lock_incident_of_case(session, number)
    case = _visible_case(session, number, officer, lock=True, access=(workflow, settings, now))
    actor = Actor.of_officer(officer)
    try:
        if body.action == "complete":
            step_id = case.current_step_id
            workflow.complete(case, actor=actor, now=now, outcome=body.outcome, note=body.note)
            if step_id is not None:  # a damkar step is its incident's crew signal too
                incidents.case_step_completed(session, case, step_id, body.outcome,
                                              who=officer.full_name, actor_id=actor.id or "",
                                              now=now)
        elif body.action == "return":
            workflow.return_to_applicant(case, actor=actor, now=now,
                                         missing_items=body.missing_items, note=body.note,
                                         days=body.deadline_days)
        elif body.action == "reject":
            workflow.reject(case, actor=actor, now=now, reason=body.reason or "")
        elif body.action == "assign":
            workflow.assign(case, actor=actor, now=now,
                            assignee=_assignee(session, body.assignee), note=body.note)
        else:
            workflow.comment(case, actor=actor, now=now, note=body.note or "")
    except WorkflowError as error:
        raise HTTPException(error.status_code, str(error)) from error
    session.flush()
    return case_out(case, workflow)
