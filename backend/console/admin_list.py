"""The admin page's officer list: search, filters and paging done in the database."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from backend.console.admin_scope import AdminScope
from backend.core.models import Officer, OfficerRole

PAGE_SIZE = 25


@dataclass(frozen=True)
class OfficerFilter:
    query: str = ""
    agency: str = ""
    role: str = ""
    page: int = 1


@dataclass(frozen=True)
class OfficerPage:
    officers: list[Officer]
    total: int
    page: int
    pages: int


def _filtered(scope: AdminScope, wanted: OfficerFilter) -> Select[Officer]:
    statement = select(Officer)
    if wanted.agency in scope.agencies:
        statement = statement.where(Officer.agency == wanted.agency)
    elif not scope.regency:
        statement = statement.where(Officer.agency == scope.officer.agency)
    if wanted.query.strip():
        pattern = f"%{wanted.query.strip().lower()}%"
        statement = statement.where(or_(func.lower(Officer.username).like(pattern),
                                        func.lower(Officer.full_name).like(pattern)))
    if wanted.role:
        statement = statement.where(Officer.roles.any(OfficerRole.role == wanted.role))
    return statement


def officer_page(session: Session, scope: AdminScope, wanted: OfficerFilter) -> OfficerPage:
    """One page of the officers in scope matching the filter, by agency then username."""
    statement = _filtered(scope, wanted)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(max(1, wanted.page), pages)
    rows = session.scalars(statement.order_by(Officer.agency, Officer.username)
                           .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return OfficerPage(officers=list(rows), total=total, page=number, pages=pages)


def agency_counts(session: Session, scope: AdminScope) -> dict[str, int]:
    """Accounts per agency in scope: the catalog's (also without accounts), then any other."""
    rows = session.execute(select(Officer.agency, func.count()).group_by(Officer.agency))
    found = {agency: count for agency, count in rows if scope.covers(agency)}
    return {**{agency: 0 for agency in scope.agencies}, **dict(sorted(found.items()))}
