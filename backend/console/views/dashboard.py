"""Dashboards: SVG charts with their tables, each exportable as CSV."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import Response

from backend.api.deps import NowDep, WorkflowDep
from backend.console.dashboards import BUILDERS, Context, to_csv
from backend.console.deps import SessionDep, User
from backend.console.render import page
from backend.console.sessions import SignedIn
from backend.console.stats import Scope
from backend.core.roles import is_regency_admin

router = APIRouter()


def _context(session: SessionDep, workflow: WorkflowDep, now: NowDep, user: SignedIn) -> Context:
    officer = user.officer
    scope = Scope(agency=None if is_regency_admin(officer) else officer.agency)
    return Context(session=session, workflow=workflow, scope=scope, now=now)


@router.get("/dasbor")
def dashboards(request: Request, session: SessionDep, workflow: WorkflowDep, now: NowDep,
               user: User) -> Response:
    """Every dashboard section of the officer's agency (all agencies for the regency-wide admin)."""
    context = _context(session, workflow, now, user)
    sections = [build(context) for build in BUILDERS.values()]
    return page(request, "dashboard.html", user=user, sections=sections,
                scope=context.scope.agency or "semua instansi")


@router.get("/dasbor/{key}.csv")
def export(key: str, session: SessionDep, workflow: WorkflowDep, now: NowDep,
           user: User) -> Response:
    """One section's table as CSV."""
    build = BUILDERS.get(key)
    if build is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "dasbor tidak dikenal")
    section = build(_context(session, workflow, now, user))
    return Response(to_csv(section), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="halo-lamsel-{key}.csv"',
        "Cache-Control": "no-store"})
