"""The admin page: officers, their agencies and roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import RedirectResponse, Response

from backend.api.deps import WorkflowDep
from backend.console import admin
from backend.console.deps import Admin, AdminPoster, SessionDep
from backend.console.render import page, secure
from backend.console.sessions import SignedIn

router = APIRouter(prefix="/admin")
DONE = {"dibuat": "Petugas dibuat.", "diubah": "Petugas diperbarui.",
        "sandi": "Kata sandi diganti; sesi petugas diakhiri."}


def _show(request: Request, session: SessionDep, workflow: WorkflowDep, user: SignedIn, *,
          error: str | None = None, status_code: int = 200) -> Response:
    return page(request, "admin.html", user=user, officers=admin.officers(session),
                roles=admin.role_choices(workflow.catalog), error=error,
                done=DONE.get(request.query_params.get("ok", "")), status_code=status_code)


def _done(code: str) -> Response:
    return secure(RedirectResponse(f"/console/admin?ok={code}", status.HTTP_303_SEE_OTHER))


@router.get("")
def admin_page(request: Request, session: SessionDep, workflow: WorkflowDep,
               user: Admin) -> Response:
    """Officers by agency, with forms to add, change and reset them."""
    return _show(request, session, workflow, user)


@router.post("/petugas")
def create(request: Request, session: SessionDep, workflow: WorkflowDep, user: AdminPoster,
           username: Annotated[str, Form(max_length=64)],
           full_name: Annotated[str, Form(max_length=200)],
           agency: Annotated[str, Form(max_length=64)],
           password: Annotated[str, Form(max_length=256)],
           roles: Annotated[list[str] | None, Form()] = None) -> Response:
    """Add an officer."""
    data = admin.OfficerInput(username=username, full_name=full_name, agency=agency,
                              roles=roles or [], password=password)
    try:
        admin.create_officer(session, workflow.catalog, data)
    except admin.AdminError as error:
        return _show(request, session, workflow, user, error=str(error), status_code=422)
    return _done("dibuat")


@router.post("/petugas/{officer_id}")
def update(officer_id: int, request: Request, session: SessionDep, workflow: WorkflowDep,
           user: AdminPoster, roles: Annotated[list[str] | None, Form()] = None,
           active: Annotated[bool, Form()] = False) -> Response:
    """Change an officer's roles and activation."""
    try:
        admin.update_officer(session, workflow.catalog, officer_id, roles=roles or [],
                             active=active)
    except admin.AdminError as error:
        return _show(request, session, workflow, user, error=str(error), status_code=422)
    return _done("diubah")


@router.post("/petugas/{officer_id}/sandi")
def password(officer_id: int, request: Request, session: SessionDep, workflow: WorkflowDep,
             user: AdminPoster, new_password: Annotated[str, Form(max_length=256)]) -> Response:
    """Reset an officer's password."""
    try:
        admin.reset_password(session, officer_id, new_password)
    except admin.AdminError as error:
        return _show(request, session, workflow, user, error=str(error), status_code=422)
    return _done("sandi")
