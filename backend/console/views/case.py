"""The case page, its actions, the reply box, and the case's documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import FileResponse, RedirectResponse, Response

from backend.console import actions
from backend.console.access import Access
from backend.console.casepage import ACTION_LABELS, case_view
from backend.console.deps import Guard, Poster, User
from backend.console.render import page, secure
from backend.console.sessions import SignedIn
from backend.core.media import media_path
from backend.core.workflow.errors import WorkflowError

router = APIRouter()
Text = Annotated[str | None, Form(max_length=4000)]


def _show(request: Request, guard: Access, user: SignedIn, number: str, *,
          error: str | None = None, status_code: int = 200) -> Response:
    case = guard.case(number, user.officer)
    view = case_view(guard.session, guard.workflow, case, user.officer, guard.now)
    done = actions.DONE_MESSAGES.get(request.query_params.get("ok", ""))
    return page(request, "case.html", user=user, view=view, error=error, done=done,
                action_labels=ACTION_LABELS, status_code=status_code)


def _back(number: str, done: str) -> Response:
    return secure(RedirectResponse(f"/console/kasus/{number}?ok={done}#tindakan",
                                   status.HTTP_303_SEE_OTHER))


@router.get("/kasus/{number}")
def case_page(number: str, request: Request, guard: Guard, user: User) -> Response:
    """Fields, documents, transcript, steps, events and the current step's actions."""
    return _show(request, guard, user, number)


@router.post("/kasus/{number}/tindakan")
def act(number: str, request: Request, guard: Guard, user: Poster,
        action: Annotated[actions.ActionName, Form()],
        outcome: Annotated[str | None, Form(max_length=100)] = None,
        note: Text = None, reason: Text = None,
        missing: Annotated[list[str] | None, Form(max_length=30)] = None,
        missing_other: Text = None,
        deadline_days: Annotated[int | None, Form(ge=1, le=60)] = None,
        assignee: Annotated[str | None, Form(max_length=64)] = None) -> Response:
    """Act on the current step through the workflow engine."""
    case = guard.case(number, user.officer, lock=True)
    items = list(missing or []) + [line for line in (missing_other or "").splitlines()]
    form = actions.ActionForm(action=action, outcome=outcome, note=note, reason=reason,
                              missing_items=items, deadline_days=deadline_days,
                              assignee=assignee)
    try:  # the engine checks everything before it changes anything
        actions.perform(guard.session, guard.workflow, case, user.officer, form, now=guard.now)
    except WorkflowError as error:
        return _show(request, guard, user, number, error=f"Tindakan ditolak: {error}",
                     status_code=error.status_code)
    return _back(case.number, action)


@router.post("/kasus/{number}/balas")
def reply(number: str, request: Request, guard: Guard, user: Poster,
          text: Annotated[str, Form(max_length=4000)]) -> Response:
    """Send the citizen a message on their channel; it is logged on the case."""
    case = guard.case(number, user.officer)
    try:
        actions.reply(guard.session, case, user.officer, text, now=guard.now)
    except WorkflowError as error:
        return _show(request, guard, user, number, error=f"Balasan gagal: {error}",
                     status_code=error.status_code)
    request.app.state.workers.wake_outbox()
    return _back(case.number, "reply")


def _stored(request: Request, key: str) -> Path | None:
    try:
        path = media_path(request.app.state.storage_root, key)
    except ValueError:
        return None
    return path if path.is_file() else None


@router.get("/kasus/{number}/dokumen/{document_id}")
def document(number: str, document_id: int, request: Request, guard: Guard, user: User,
             unduh: bool = False) -> Response:
    """A case document, inline (preview) or as a download, for officers who see the case."""
    case = guard.case(number, user.officer)
    found = next((d for d in case.documents if d.id == document_id), None)
    path = _stored(request, found.storage_key) if found else None
    if found is None or path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "dokumen tidak ditemukan")
    name = f"{case.number}-{found.code}{path.suffix}"
    response = FileResponse(path, media_type=found.mime, filename=name,
                            content_disposition_type="attachment" if unduh else "inline")
    response.headers.update({"Cache-Control": "private, no-store",
                             "X-Content-Type-Options": "nosniff"})
    return response
