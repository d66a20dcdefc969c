"""The admin pages: officers and roles within the admin's agency (all for the regency admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, status
from fastapi.responses import RedirectResponse, Response

from backend.api.deps import WorkflowDep
from backend.console import admin
from backend.console.admin_list import OfficerFilter, agency_counts, officer_page
from backend.console.admin_scope import AdminScope, OutOfScope, scope_for
from backend.console.deps import Admin, AdminPoster, SessionDep
from backend.console.render import page, secure
from backend.console.sessions import SignedIn
from backend.core.models import Officer
from backend.core.roles import ADMIN_ROLES, CALL_CENTER_ROLES

router = APIRouter(prefix="/admin")
DONE = {"dibuat": "Petugas dibuat.", "diubah": "Petugas diperbarui.",
        "sandi": "Kata sandi diganti; sesi petugas diakhiri."}


def _scope(user: Admin, workflow: WorkflowDep) -> AdminScope:
    found = scope_for(user.officer, workflow.catalog)
    assert found is not None  # noqa: S101 - Admin let only admins through
    return found


def _posting_scope(user: AdminPoster, workflow: WorkflowDep) -> AdminScope:
    return _scope(user, workflow)


Scope = Annotated[AdminScope, Depends(_scope)]
PostScope = Annotated[AdminScope, Depends(_posting_scope)]


def _officer(session: SessionDep, scope: AdminScope, officer_id: int) -> Officer:
    try:
        return scope.check_officer(session.get(Officer, officer_id))
    except OutOfScope as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None


def _done(code: str, target: str = "/console/admin") -> Response:
    return secure(RedirectResponse(f"{target}?ok={code}", status.HTTP_303_SEE_OTHER))


@router.get("")
def admin_page(request: Request, session: SessionDep, scope: Scope, user: Admin,
               q: Annotated[str, Query(max_length=100)] = "",
               instansi: Annotated[str, Query(max_length=64)] = "",
               peran: Annotated[str, Query(max_length=64)] = "",
               hal: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    """The officers in scope: search, filter by agency and role, one page at a time."""
    wanted = OfficerFilter(query=q, agency=instansi if instansi in scope.agencies else "",
                           role=peran, page=hal)
    role_filter = {**CALL_CENTER_ROLES, **ADMIN_ROLES}
    if wanted.agency or not scope.regency:
        role_filter = {**scope.labels(wanted.agency or scope.officer.agency)}
    return page(request, "admin.html", user=user, scope=scope, wanted=wanted,
                listing=officer_page(session, scope, wanted), role_filter=role_filter,
                counts=agency_counts(session, scope) if scope.regency else {},
                done=DONE.get(request.query_params.get("ok", "")))


def _new_form(request: Request, user: SignedIn, scope: AdminScope, agency: str, *,
              error: str | None = None, status_code: int = 200) -> Response:
    return page(request, "admin_new.html", user=user, scope=scope, agency=agency,
                groups=scope.role_groups(agency), error=error, status_code=status_code)


@router.get("/baru")
def new_officer(request: Request, scope: Scope, user: Admin,
                instansi: Annotated[str, Query(max_length=64)] = "") -> Response:
    """The form for a new officer of one agency, with that agency's roles."""
    agency = instansi if instansi in scope.agencies else scope.agencies[0]
    if not scope.regency:
        agency = scope.officer.agency
    return _new_form(request, user, scope, agency)


@router.post("/petugas")
def create(request: Request, session: SessionDep, scope: PostScope, user: AdminPoster,
           username: Annotated[str, Form(max_length=64)],
           full_name: Annotated[str, Form(max_length=200)],
           agency: Annotated[str, Form(max_length=64)],
           password: Annotated[str, Form(max_length=256)],
           roles: Annotated[list[str] | None, Form()] = None) -> Response:
    """Add an officer to one of the admin's agencies."""
    data = admin.OfficerInput(username=username, full_name=full_name, agency=agency,
                              roles=roles or [], password=password)
    try:
        admin.create_officer(session, scope, data)
    except OutOfScope as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None
    except admin.AdminError as error:
        return _new_form(request, user, scope, agency, error=str(error), status_code=422)
    return _done("dibuat")


def _edit_form(request: Request, user: SignedIn, scope: AdminScope, officer: Officer, *,
               error: str | None = None, status_code: int = 200) -> Response:
    return page(request, "admin_officer.html", user=user, scope=scope, target=officer,
                groups=scope.role_groups(officer.agency), labels=scope.labels(officer.agency),
                may_change=scope.may_change(officer), error=error,
                done=DONE.get(request.query_params.get("ok", "")), status_code=status_code)


@router.get("/petugas/{officer_id}")
def officer_page_view(officer_id: int, request: Request, session: SessionDep, scope: Scope,
                      user: Admin) -> Response:
    """One officer: roles grouped, activation, password reset."""
    return _edit_form(request, user, scope, _officer(session, scope, officer_id))


@router.post("/petugas/{officer_id}")
def update(officer_id: int, request: Request, session: SessionDep, scope: PostScope,
           user: AdminPoster, roles: Annotated[list[str] | None, Form()] = None,
           active: Annotated[bool, Form()] = False) -> Response:
    """Change an officer's roles and activation."""
    officer = _officer(session, scope, officer_id)
    try:
        admin.update_officer(session, scope, officer.id, roles=roles or [], active=active)
    except admin.AdminError as error:
        return _edit_form(request, user, scope, officer, error=str(error), status_code=422)
    return _done("diubah", f"/console/admin/petugas/{officer.id}")


@router.post("/petugas/{officer_id}/sandi")
def password(officer_id: int, request: Request, session: SessionDep, scope: PostScope,
             user: AdminPoster, new_password: Annotated[str, Form(max_length=256)]) -> Response:
    """Reset an officer's password."""
    officer = _officer(session, scope, officer_id)
    try:
        admin.reset_password(session, scope, officer.id, new_password)
    except admin.AdminError as error:
        return _edit_form(request, user, scope, officer, error=str(error), status_code=422)
    return _done("sandi", f"/console/admin/petugas/{officer.id}")
