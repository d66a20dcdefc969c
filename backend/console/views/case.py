"""The case page, its actions, the reply box, and the case's documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile, status
from fastapi.responses import FileResponse, RedirectResponse, Response

from backend.console import actions
from backend.console.access import Access
from backend.console.casepage import ACTION_LABELS, case_view
from backend.console.deps import Guard, Poster, User
from backend.console.panels import case_panels
from backend.console.render import page, secure
from backend.console.sessions import SignedIn
from backend.core import ppa
from backend.core.filenames import clean_name, download_name
from backend.core.incidents import lock_incident_of_case
from backend.core.media import MAX_BYTES, MediaRejected, store_media, stored_file
from backend.core.models import Case
from backend.core.thread_log import case_threads, citizen_message
from backend.core.transcript import conversation_of
from backend.core.workflow.errors import WorkflowError

router = APIRouter()
FILE_REFUSALS = {"empty": "berkas kosong", "too_large": "berkas terlalu besar untuk kanal pemohon",
                 "unsupported_type": "hanya foto (JPEG, PNG, WebP) atau PDF"}
Text = Annotated[str | None, Form(max_length=4000)]


def _show(request: Request, guard: Access, user: SignedIn, number: str, *,
          error: str | None = None, status_code: int = 200) -> Response:
    case = guard.case(number, user.officer)
    view = case_view(guard.session, guard.workflow, case, user.officer, guard.now,
                     sees_ppa=guard.sees_ppa(user.officer))
    done = actions.DONE_MESSAGES.get(request.query_params.get("ok", ""))
    return page(request, "case.html", user=user, view=view, error=error, done=done,
                action_labels=ACTION_LABELS, status_code=status_code,
                panels=case_panels(request, guard, user, case))


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
    lock_incident_of_case(guard.session, number)  # an incident is locked before its case
    case = guard.case(number, user.officer, lock=True)
    items = list(missing or []) + [line for line in (missing_other or "").splitlines()]
    form = actions.ActionForm(action=action, outcome=outcome, note=note, reason=reason,
                              missing_items=items, deadline_days=deadline_days,
                              assignee=assignee)
    try:  # the engine checks everything before it changes anything
        actions.perform(guard.session, guard.workflow, case, user.officer, form, now=guard.now,
                        incidents=request.app.state.incidents)
    except WorkflowError as error:
        return _show(request, guard, user, number, error=f"Tindakan ditolak: {error}",
                     status_code=error.status_code)
    return _back(case.number, action)


@router.post("/kasus/{number}/balas")
def reply(number: str, request: Request, guard: Guard, user: Poster,
          text: Annotated[str, Form(max_length=4000)] = "",
          file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Send the citizen a message on their channel, with a photo or PDF if attached (checked
    by content and size like the citizens' files); it is logged on the case."""
    case = guard.case(number, user.officer)
    try:
        attachment = _attachment(request, case, file) if file and file.filename else None
        actions.reply(guard.session, case, user.officer, text, now=guard.now,
                      ppa=guard.is_ppa(case), attachment=attachment)
    except MediaRejected as rejected:
        why = FILE_REFUSALS.get(rejected.reason, rejected.reason)
        return _show(request, guard, user, number, error=f"Berkas ditolak: {why}",
                     status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    except WorkflowError as error:
        return _show(request, guard, user, number, error=f"Balasan gagal: {error}",
                     status_code=error.status_code)
    request.app.state.workers.wake_outbox()
    return _back(case.number, "reply")


def _attachment(request: Request, case: Case, file: UploadFile) -> actions.ReplyFile:
    """Store an officer's file for the case's channel (its size limit), refused by content."""
    limits = {channel.value: size for channel, size in MAX_BYTES.items()}
    limit = limits.get(case.channel, min(limits.values()))  # a case from no chat: refused later
    data = file.file.read(limit + 1)
    stored = store_media(data, root=request.app.state.storage_root, max_bytes=limit)
    return actions.ReplyFile(storage_key=stored.storage_key, mime=stored.mime,
                             name=clean_name(file.filename) or "berkas")


def _stored(request: Request, key: str | None) -> Path | None:
    return stored_file(request.app.state.storage_root, key)


@router.get("/kasus/{number}/dokumen/{document_id}")
def document(number: str, document_id: int, request: Request, guard: Guard, user: User,
             unduh: bool = False) -> Response:
    """A case document, inline (preview) or as a download, for officers who see the case."""
    case = guard.case(number, user.officer)
    found = next((d for d in case.documents if d.id == document_id), None)
    if found is not None and found.ppa:
        _guard_ppa_document(guard, user, case, found.id)
    path = _stored(request, found.storage_key) if found else None
    if found is None or path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "dokumen tidak ditemukan")
    return _file(path, mime=found.mime, download=unduh,
                 name=download_name(found.file_name, found.mime, f"{case.number}-{found.code}"))


def _file(path: Path, *, mime: str, name: str, download: bool) -> Response:
    response = FileResponse(path, media_type=mime, filename=name,
                            content_disposition_type="attachment" if download else "inline")
    response.headers.update({"Cache-Control": "private, no-store",
                             "X-Content-Type-Options": "nosniff"})
    return response


def _guard_ppa_document(guard: Access, user: SignedIn, case: Case, document_id: int) -> None:
    """A document sent in a PPA-sensitive message: PPA roles only (refusal and read logged)."""
    detail = {"case_number": case.number, "document_id": document_id}
    if not guard.sees_ppa(user.officer):
        ppa.record_message_denial(guard.session, officer=user.officer, resource="document",
                                  reason="ppa_role", now=guard.now, detail=detail)
        raise HTTPException(status.HTTP_403_FORBIDDEN, "dokumen ini dirahasiakan")
    ppa.record_read(guard.session, officer=user.officer, resource="document", case_id=case.id,
                    now=guard.now)


@router.get("/kasus/{number}/lampiran/{inbound_id}/{index}")
def attachment(number: str, inbound_id: int, index: int, request: Request, guard: Guard,
               user: User, unduh: bool = False) -> Response:
    """A file the citizen sent in the case's chat (PPA-flagged ones: PPA roles only)."""
    case = guard.case(number, user.officer)
    conversation = conversation_of(guard.session, case)
    row = None if conversation is None else citizen_message(
        guard.session, channel=conversation.channel, external_id=conversation.external_id,
        inbound_id=inbound_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lampiran tidak ditemukan")
    ppa.guard_message_file(
        guard.session, officer=user.officer, sees_ppa=guard.sees_ppa(user.officer),
        ppa=row.ppa, in_view=row.thread in case_threads(guard.session, case), now=guard.now,
        case_id=case.id, detail={"case_number": case.number, "inbound_id": row.id})
    files = (row.payload or {}).get("media") or []
    stored = files[index] if 0 <= index < len(files) else {}
    path = _stored(request, stored.get("storage_key"))
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lampiran tidak ditemukan")
    mime = stored.get("mime") or "application/octet-stream"
    name = download_name(stored.get("file_name"), mime,
                         f"{case.number}-lampiran-{row.id}-{index + 1}")
    return _file(path, mime=mime, name=name, download=unduh)
