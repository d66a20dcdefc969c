"""PPA (violence against women and children): who may see it, and the log of every read."""

from __future__ import annotations

from datetime import datetime

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.catalog.loader import Catalog
from backend.catalog.schema import RoleKind
from backend.config import HandoffSettings
from backend.models import Case, Officer
from handoff.models import PpaAccessLog

STOP_WORDS = frozenset({"berhenti", "stop"})
SAFE_PREFIX = "aman"


def ppa_roles(catalog: Catalog, settings: HandoffSettings) -> frozenset[str]:
    """The officer roles of the PPA services (call center, case manager, PPA officer)."""
    return frozenset(
        key
        for code in settings.ppa_services if code in catalog.services
        for key, role in catalog.get(code).roles.items() if role.kind is RoleKind.OFFICER
    )


def is_ppa_officer(officer: Officer, catalog: Catalog, settings: HandoffSettings) -> bool:
    """An officer of the PPA agency holding one of the PPA roles."""
    return (officer.agency == settings.ppa_agency
            and bool(officer.role_names & ppa_roles(catalog, settings)))


def is_ppa_case(case: Case, settings: HandoffSettings) -> bool:
    return case.service_code in settings.ppa_services


def require_ppa_officer(officer: Officer, catalog: Catalog, settings: HandoffSettings) -> None:
    """403 unless the officer holds a PPA role."""
    if not is_ppa_officer(officer, catalog, settings):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "hanya untuk petugas PPA")


def record_read(session: Session, *, officer: Officer, resource: str, now: datetime,
                case_id: int | None = None, ticket_id: int | None = None) -> None:
    """Note who read a PPA case or transcript."""
    session.add(PpaAccessLog(officer_id=officer.id, resource=resource, case_id=case_id,
                             ticket_id=ticket_id, at=now))


def guard_case_read(session: Session, case: Case, officer: Officer, *, catalog: Catalog,
                    settings: HandoffSettings, now: datetime) -> None:
    """For PPA cases: 403 for non-PPA officers, and the read is logged for the others."""
    if not is_ppa_case(case, settings):
        return
    require_ppa_officer(officer, catalog, settings)
    record_read(session, officer=officer, resource="case", case_id=case.id, now=now)


def access_log(session: Session, limit: int = 200) -> list[PpaAccessLog]:
    """The latest reads, newest first."""
    return list(session.scalars(select(PpaAccessLog).order_by(PpaAccessLog.id.desc())
                                .limit(limit)))


def citizen_command(text: str | None) -> tuple[str, str] | None:
    """('stop', '') or ('safe', 'when/how') when a PPA citizen's message is a discreet command."""
    words = (text or "").strip()
    if words.lower() in STOP_WORDS:
        return "stop", ""
    head, _, rest = words.partition(" ")
    if head.lower() == SAFE_PREFIX and rest.strip():
        return "safe", rest.strip()[:200]
    return None
