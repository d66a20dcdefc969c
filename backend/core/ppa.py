"""PPA (violence against women and children): who may see it, and the log of every read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.catalog.steps import RoleKind
from backend.core.config import HandoffSettings
from backend.core.errors import AccessDenied, NotFound
from backend.core.logging import get_logger
from backend.core.models import Case, Officer
from backend.core.models.handoff import PpaAccessLog

log = get_logger(__name__)


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
    """``AccessDenied`` unless the officer holds a PPA role."""
    if not is_ppa_officer(officer, catalog, settings):
        raise AccessDenied("hanya untuk petugas PPA")


def record_read(session: Session, *, officer: Officer, resource: str, now: datetime,
                case_id: int | None = None, ticket_id: int | None = None) -> None:
    """Note who read a PPA case or transcript."""
    session.add(PpaAccessLog(officer_id=officer.id, resource=resource, case_id=case_id,
                             ticket_id=ticket_id, at=now))


def record_denial(session: Session, *, officer: Officer, case: Case, reason: str,
                  settings: HandoffSettings, now: datetime, resource: str = "case") -> None:
    """Note a refused read of (or action on) a case, without PII: ids, number, reason.

    Every refusal is logged as ``case_access_denied``. A refusal on a PPA case is also kept in
    the PPA access log (resource ``case_denied`` / ``transcript_denied``) for the PPA head, in
    a transaction of its own, since the request's own rolls back with the 403. It names the
    case by number, not by foreign key, so it never waits on the request's lock of the case.
    """
    log.warning("case_access_denied", officer_id=officer.id, officer_agency=officer.agency,
                case_number=case.number, case_agency=case.agency, resource=resource,
                reason=reason)
    if not is_ppa_case(case, settings):
        return
    with Session(bind=session.get_bind()) as own, own.begin():
        own.add(PpaAccessLog(officer_id=officer.id, resource=f"{resource}_denied", at=now,
                             detail={"case_number": case.number, "reason": reason}))


def record_message_denial(session: Session, *, officer: Officer, resource: str, reason: str,
                          now: datetime, detail: dict[str, Any]) -> None:
    """Note a refused read of a PPA-flagged message or file (ids only, no text), in the PPA
    access log, in a transaction of its own (the request's rolls back with the refusal)."""
    log.warning("ppa_message_denied", officer_id=officer.id, officer_agency=officer.agency,
                resource=resource, reason=reason, **detail)
    with Session(bind=session.get_bind()) as own, own.begin():
        own.add(PpaAccessLog(officer_id=officer.id, resource=f"{resource}_denied", at=now,
                             detail={**detail, "reason": reason}))


def guard_message_file(session: Session, *, officer: Officer, sees_ppa: bool, ppa: bool,
                       in_view: bool, now: datetime, detail: dict[str, Any],
                       case_id: int | None = None, ticket_id: int | None = None) -> None:
    """A file the citizen sent, asked for through a case or ticket: ``NotFound`` unless it is
    part of that view (``in_view``); PPA-flagged ones only for PPA roles (a refusal is logged,
    a read too)."""
    if ppa and not sees_ppa:
        record_message_denial(session, officer=officer, resource="media", reason="ppa_role",
                              now=now, detail=detail)
        if in_view:
            raise AccessDenied("lampiran ini dirahasiakan")
    if not in_view:
        raise NotFound("lampiran tidak ditemukan")
    if ppa:
        record_read(session, officer=officer, resource="media", case_id=case_id,
                    ticket_id=ticket_id, now=now)


def guard_case_read(session: Session, case: Case, officer: Officer, *, catalog: Catalog,
                    settings: HandoffSettings, now: datetime, resource: str = "case") -> None:
    """For PPA cases: ``AccessDenied`` for non-PPA officers (the refusal recorded), the read
    logged for the others."""
    if not is_ppa_case(case, settings):
        return
    if not is_ppa_officer(officer, catalog, settings):
        record_denial(session, officer=officer, case=case, reason="ppa_role", settings=settings,
                      now=now, resource=resource)
    require_ppa_officer(officer, catalog, settings)
    record_read(session, officer=officer, resource=resource, case_id=case.id, now=now)


def access_log(session: Session, limit: int = 200) -> list[PpaAccessLog]:
    """The latest reads, newest first."""
    return list(session.scalars(select(PpaAccessLog).order_by(PpaAccessLog.id.desc())
                                .limit(limit)))

