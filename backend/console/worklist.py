"""Worklist rows: the officer's cases with their SLA clock, filtered by service and status."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from backend.core.models import Case, CaseStatus, Officer, StepInstance, StepStatus
from backend.core.workflow.engine import Workflow
from backend.core.workflow.queries import search_cases

WARNING_SHARE = 0.25
LIMIT = 200
STATUS_LABELS = {
    CaseStatus.OPEN.value: "Perlu tindakan",
    CaseStatus.WAITING_CITIZEN.value: "Menunggu pemohon",
    CaseStatus.DONE.value: "Selesai",
    CaseStatus.REJECTED.value: "Ditolak",
}


class Sla(StrEnum):
    ON_TIME = "tepat"
    WARNING = "kritis"
    OVERDUE = "terlambat"
    NONE = "tanpa"


SLA_LABELS = {Sla.ON_TIME: "Tepat waktu", Sla.WARNING: "Sisa < 25%",
              Sla.OVERDUE: "Terlambat", Sla.NONE: "Tanpa batas"}


def sla_of(started: datetime, due: datetime | None, now: datetime) -> Sla:
    """On time, under a quarter of the allowed time left, or overdue."""
    if due is None:
        return Sla.NONE
    if now > due:
        return Sla.OVERDUE
    allowed = (due - started).total_seconds()
    left = (due - now).total_seconds()
    return Sla.WARNING if allowed > 0 and left < allowed * WARNING_SHARE else Sla.ON_TIME


def remaining(due: datetime | None, now: datetime) -> str:
    """'sisa 1 j 5 m' / 'lewat 20 m' for the SLA clock."""
    if due is None:
        return "-"
    minutes = int(abs((due - now).total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = " ".join(p for p in (f"{days} h" if days else "", f"{hours} j" if hours else "",
                                f"{mins} m") if p)
    return f"lewat {text}" if now > due else f"sisa {text}"


@dataclass(frozen=True)
class WorkRow:
    number: str
    service_name: str
    status: str
    step_label: str
    due_at: datetime | None
    sla: Sla
    remaining: str
    assigned_to_me: bool
    created_at: datetime


def _active_steps(session: Session, cases: list[Case]) -> dict[int, StepInstance]:
    ids = [c.id for c in cases]
    rows: Iterable[StepInstance] = session.scalars(select(StepInstance).where(
        StepInstance.case_id.in_(ids), StepInstance.status == StepStatus.ACTIVE)) if ids else []
    return {row.case_id: row for row in rows}


def _query(officer: Officer, status: str, service: str | None) -> Select[Case]:
    statement = select(Case).where(Case.agency == officer.agency, Case.status == status)
    if service:
        statement = statement.where(Case.service_code == service)
    mine = or_(StepInstance.actor_role.in_(officer.role_names),
               Case.assigned_officer_id == officer.id)
    if status == CaseStatus.OPEN:
        return (statement.join(StepInstance, StepInstance.case_id == Case.id)
                .where(StepInstance.status == StepStatus.ACTIVE, mine)
                .order_by(StepInstance.due_at.is_(None), StepInstance.due_at, Case.created_at))
    took_part = select(StepInstance.case_id).where(
        StepInstance.actor_role.in_(officer.role_names))
    return (statement.where(or_(Case.id.in_(took_part), Case.assigned_officer_id == officer.id))
            .order_by(Case.updated_at.desc()))


def _row(case: Case, instance: StepInstance | None, workflow: Workflow, officer: Officer,
         now: datetime) -> WorkRow:
    definition = workflow.definition(case)
    step = workflow.current_step(case)
    label = f"{step.number}. {definition.roles[step.actor].label}" if step else "-"
    due = instance.due_at if instance else None
    sla = sla_of(instance.started_at, due, now) if instance else Sla.NONE
    return WorkRow(number=case.number, service_name=definition.name.id, status=case.status,
                   step_label=label, due_at=due, sla=sla, remaining=remaining(due, now),
                   assigned_to_me=case.assigned_officer_id == officer.id,
                   created_at=case.created_at)


def work_rows(session: Session, workflow: Workflow, officer: Officer, *, now: datetime,
              visible: Callable[[Case], bool], status: str = CaseStatus.OPEN,
              service: str | None = None, query: str | None = None) -> list[WorkRow]:
    """The worklist (or search results), most urgent deadline first for open cases."""
    if query:
        found = search_cases(session, officer, query)
    else:
        found = list(session.scalars(_query(officer, status, service).limit(LIMIT)).unique())
    cases = [c for c in found if visible(c) and (not service or c.service_code == service)]
    active = _active_steps(session, cases)
    return [_row(c, active.get(c.id), workflow, officer, now) for c in cases]


def service_choices(workflow: Workflow, officer: Officer) -> list[tuple[str, str]]:
    """(code, name) of the agency's services that have a step for one of the officer's roles."""
    roles = officer.role_names
    return sorted(((s.code, s.name.id) for s in workflow.catalog
                   if s.agency == officer.agency and any(st.actor in roles for st in s.steps)),
                  key=lambda pair: pair[1])
