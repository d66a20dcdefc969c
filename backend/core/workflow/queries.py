"""Read-side queries over cases: worklists, search, lookup by number."""

from __future__ import annotations

from sqlalchemy import case as sql_case
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from backend.core.models import (
    Case,
    CaseField,
    CaseStatus,
    Citizen,
    Officer,
    StepInstance,
    StepStatus,
)

URGENCY_RANK = sql_case(
    {"piket_24h": 0, "urgent": 1}, value=Case.urgency, else_=2
)


def case_by_number(session: Session, number: str, *, for_update: bool = False) -> Case | None:
    """The case with this number, with its steps, fields, documents and events loaded.

    ``for_update`` locks the case row (PostgreSQL) so two officers cannot act at once.
    """
    statement = select(Case).where(Case.number == number.strip().upper())
    if for_update:
        statement = statement.with_for_update()
    return session.scalar(
        statement.options(
            selectinload(Case.steps), selectinload(Case.fields),
            selectinload(Case.documents), selectinload(Case.events),
        )
    )


def worklist(
    session: Session, officer: Officer, limit: int = 200
) -> list[tuple[Case, StepInstance]]:
    """Open cases at this officer's role (or assigned to them): most urgent, then due first."""
    roles = officer.role_names
    rows = session.execute(
        select(Case, StepInstance)
        .join(StepInstance, StepInstance.case_id == Case.id)
        .where(Case.agency == officer.agency, Case.status == CaseStatus.OPEN)
        .where(StepInstance.status == StepStatus.ACTIVE)
        .where(or_(StepInstance.actor_role.in_(roles), Case.assigned_officer_id == officer.id))
        .order_by(
            URGENCY_RANK,
            StepInstance.due_at.is_(None),
            StepInstance.due_at,
            Case.created_at,
        )
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]


def search_cases(session: Session, officer: Officer, query: str, limit: int = 50) -> list[Case]:
    """The officer's agency's cases matching a case number, a field value (NIK) or a name."""
    text = query.strip()
    if not text:
        return []
    pattern = f"%{text.lower()}%"
    field_match = select(CaseField.case_id).where(
        or_(CaseField.value == text, CaseField.value.ilike(pattern))
    )
    name_match = select(Citizen.id).where(Citizen.display_name.ilike(pattern))
    return list(session.scalars(
        select(Case)
        .where(Case.agency == officer.agency)
        .where(or_(
            Case.number == text.upper(),
            Case.id.in_(field_match),
            Case.citizen_id.in_(name_match),
        ))
        .order_by(Case.created_at.desc())
        .limit(limit)
    ))
