"""Agent workspace: the page, its JSON API, and live events (Server-Sent Events)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import cache
from pathlib import Path as FilePath
from typing import Annotated

import yaml
from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
    status,
)
from fastapi.responses import FileResponse, RedirectResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import CurrentOfficer, NowDep, SessionDep, SettingsDep, WorkflowDep
from backend.core import ppa
from backend.core.media import MAX_BYTES, MediaRejected, store_media, stored_file
from backend.core.messages import Channel
from backend.core.models import Case, CaseField, Citizen, Conversation, Officer
from backend.core.models.handoff import AgentNote, HandoffTicket
from backend.core.security import read_token
from backend.core.thread_log import case_threads, citizen_message
from backend.core.threads import is_legacy
from backend.core.transcript import conversation_of
from backend.core.workflow.errors import WorkflowError
from backend.core.workflow.queries import case_by_number
from dialogs.conversation import read_state
from handoff import flows, service
from handoff.desk import Desk
from handoff.presence import go_offline, heartbeat
from handoff.schemas import (
    AccessOut,
    CannedOut,
    ConversationOut,
    EventOut,
    HandBackIn,
    NoteIn,
    NoteOut,
    OpenCaseIn,
    PresenceIn,
    ReplyIn,
    SafeContactIn,
    TicketDetailOut,
    TicketOut,
)
from handoff.transcript import Line, transcript

router = APIRouter(tags=["handoff"])
WORKSPACE = "/console/agen"  # the page, behind the console's login
CANNED = FilePath(__file__).parent / "canned.yml"
SAFE_TIME_FIELD = "safe_time"  # the ppa-pengaduan question "Waktu aman dihubungi"
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # a database id (larger ones cannot exist)


def get_desk(request: Request) -> Desk:
    return request.app.state.handoff


DeskDep = Annotated[Desk, Depends(get_desk)]


@router.get("/agent", include_in_schema=False)
def page() -> RedirectResponse:
    """The agent workspace is a console page: signed in there first."""
    return RedirectResponse(WORKSPACE, status.HTTP_303_SEE_OTHER)


def _ticket(session: Session, desk: Desk, ticket_id: int, officer: Officer, *,
            lock: bool = True) -> HandoffTicket:
    """The ticket if this officer may serve it (PPA: PPA roles only)."""
    ticket = service.get_ticket(session, ticket_id, lock=lock)
    if ticket is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "percakapan tidak ditemukan")
    if not desk.can_serve(officer, ticket):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "percakapan ini bukan untuk Anda")
    return ticket


def _safe_contact(session: Session, ticket: HandoffTicket) -> str | None:
    """When and how it is safe to reach the citizen: what they last sent with AMAN, else what
    they answered in their PPA report."""
    if ticket.safe_contact or ticket.case_id is None:
        return ticket.safe_contact
    return session.scalar(select(CaseField.value).where(CaseField.case_id == ticket.case_id,
                                                         CaseField.name == SAFE_TIME_FIELD))


def _ticket_out(session: Session, ticket: HandoffTicket) -> TicketOut:
    conversation = session.get(Conversation, ticket.conversation_id)
    assert conversation is not None  # noqa: S101
    citizen = session.get(Citizen, conversation.citizen_id)
    return TicketOut(id=ticket.id, conversation_id=ticket.conversation_id,
                     status=ticket.status, reason=ticket.reason, team=ticket.team,
                     priority=ticket.priority, ppa=ticket.ppa, callback=ticket.callback,
                     quiet=ticket.quiet, agent_id=ticket.agent_id, queued_at=ticket.queued_at,
                     channel=conversation.channel, mode=conversation.mode,
                     citizen_name=citizen.display_name if citizen else None)


@router.post("/api/handoff/presence")
def presence(body: PresenceIn, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
             now: NowDep) -> dict[str, bool]:
    """Heartbeat from the workspace (every ~15 s); also runs the reassignment sweep."""
    state = heartbeat(session, officer, now=now, on_shift=body.on_shift)
    session.flush()
    flows.sweep(session, desk, now=now)
    return {"on_shift": state.on_shift}


@router.post("/api/handoff/offline", status_code=204)
def offline(session: SessionDep, officer: CurrentOfficer) -> None:
    go_offline(session, officer)


@router.get("/api/handoff/queue", response_model=list[TicketOut])
def queue(session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
          now: NowDep) -> list[TicketOut]:
    """Open chats this officer may serve, PPA and urgent first, then the longest waiting."""
    flows.sweep(session, desk, now=now)
    return [_ticket_out(session, t) for t in service.queue(session)
            if desk.can_serve(officer, t)]


@router.post("/api/handoff/tickets/{ticket_id}/take", response_model=TicketOut)
def take(ticket_id: RowId, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
         now: NowDep) -> TicketOut:
    ticket = _ticket(session, desk, ticket_id, officer)
    flows.take(session, desk, ticket, officer, now=now)
    return _ticket_out(session, ticket)


@router.get("/api/handoff/conversations", response_model=list[ConversationOut])
def active_conversations(session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
                         now: NowDep) -> list[ConversationOut]:
    """Chats the bot handled in the last hour that this officer may pick (their team's or
    the call center's; PPA chats: PPA officers only)."""
    rows = session.scalars(select(Conversation)
                           .where(Conversation.mode == service.BOT,
                                  Conversation.last_inbound_at >= now - timedelta(hours=1))
                           .order_by(Conversation.last_inbound_at.desc()).limit(100))
    found = [(c, read_state(c)) for c in rows]
    return [ConversationOut(id=c.id, channel=c.channel, mode=c.mode, service=state.service,
                            last_inbound_at=c.last_inbound_at)
            for c, state in found if flows.may_pick(desk, c, state, officer, now)]


@router.post("/api/handoff/conversations/{conversation_id}/pick", response_model=TicketOut)
def pick(conversation_id: RowId, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
         now: NowDep) -> TicketOut:
    """Take over a chat the bot is handling."""
    conversation = session.get(Conversation, conversation_id, with_for_update=True)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "percakapan tidak ditemukan")
    return _ticket_out(session, flows.pick(session, desk, conversation, officer, now=now))


@router.get("/api/handoff/tickets/{ticket_id}", response_model=TicketDetailOut)
def detail(ticket_id: RowId, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
           now: NowDep) -> TicketDetailOut:
    """Transcript (bot part included), intake in progress, notes and events."""
    ticket = _ticket(session, desk, ticket_id, officer, lock=False)
    conversation = session.get(Conversation, ticket.conversation_id)
    assert conversation is not None  # noqa: S101
    chat = transcript(session, conversation, [ticket.thread],
                      sees_ppa=ppa.is_ppa_officer(officer, desk.catalog, desk.config),
                      legacy=is_legacy(ticket.thread))
    if ticket.ppa or chat.revealed:
        ppa.record_read(session, officer=officer, resource="transcript", ticket_id=ticket.id,
                        case_id=ticket.case_id, now=now)
    state = read_state(conversation)
    notes = session.scalars(select(AgentNote).where(AgentNote.ticket_id == ticket.id)
                            .order_by(AgentNote.id))
    case = session.get(Case, ticket.case_id) if ticket.case_id else None
    return TicketDetailOut(
        **_ticket_out(session, ticket).model_dump(), safe_contact=_safe_contact(session, ticket),
        case_number=case.number if case else None,
        intake={"flow": state.flow, "service": state.service, "answers": state.answers},
        transcript=chat.lines, older_messages=chat.legacy,
        notes=[NoteOut.model_validate(n, from_attributes=True) for n in notes],
        events=[EventOut.model_validate(e, from_attributes=True)
                for e in service.events(session, conversation.id)])


@router.post("/api/handoff/tickets/{ticket_id}/reply", status_code=204)
def reply(ticket_id: RowId, body: ReplyIn, session: SessionDep, officer: CurrentOfficer,
          desk: DeskDep, now: NowDep) -> None:
    flows.reply(session, desk, _ticket(session, desk, ticket_id, officer), officer,
                text=body.text, now=now)


@router.post("/api/handoff/tickets/{ticket_id}/upload", status_code=204)
async def upload(request: Request, ticket_id: RowId, file: Annotated[UploadFile, File()],
                 officer: CurrentOfficer, caption: Annotated[str, Form()] = "") -> None:
    """A photo or PDF from the agent, stored like citizens' files, sent on their channel."""
    data = await file.read()
    sessions = request.app.state.sessions
    desk: Desk = request.app.state.handoff
    now = request.app.state.clock()
    with sessions() as session, session.begin():
        ticket = _ticket(session, desk, ticket_id, officer)
        conversation = flows.conversation_of(session, ticket)
        try:
            stored = store_media(data, root=request.app.state.storage_root,
                                 max_bytes=MAX_BYTES[Channel(conversation.channel)])
        except MediaRejected as rejected:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, rejected.reason) from None
        flows.reply(session, desk, ticket, officer, text=caption, now=now,
                    media=(stored.storage_key, stored.mime))


@router.post("/api/handoff/tickets/{ticket_id}/notes", response_model=NoteOut)
def note(ticket_id: RowId, body: NoteIn, session: SessionDep, officer: CurrentOfficer,
         desk: DeskDep, now: NowDep) -> NoteOut:
    """A private note (never sent to the citizen)."""
    ticket = _ticket(session, desk, ticket_id, officer)
    created = flows.add_note(session, ticket, officer, body=body.body, now=now)
    return NoteOut(officer_id=created.officer_id, body=created.body, created_at=now)


@router.post("/api/handoff/tickets/{ticket_id}/safe-contact", status_code=204)
def safe_contact(ticket_id: RowId, body: SafeContactIn, session: SessionDep,
                 officer: CurrentOfficer, desk: DeskDep) -> None:
    """PPA: the safe time/way to contact the citizen, as told by phone or in the chat."""
    _ticket(session, desk, ticket_id, officer).safe_contact = body.safe_contact


@router.post("/api/handoff/tickets/{ticket_id}/case")
def open_case(ticket_id: RowId, body: OpenCaseIn, session: SessionDep, officer: CurrentOfficer,
              desk: DeskDep, workflow: WorkflowDep, now: NowDep) -> dict[str, str]:
    """Open a case on the citizen's behalf (phone-in reports too); the transcript is linked."""
    ticket = _ticket(session, desk, ticket_id, officer)
    if body.service_code not in workflow.catalog.services:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "layanan tidak dikenal")
    try:
        case = flows.open_case(session, workflow, ticket, officer,
                               service_code=body.service_code, fields=body.fields, now=now)
    except WorkflowError as error:
        raise HTTPException(error.status_code, str(error)) from error
    return {"number": case.number}


@router.post("/api/handoff/tickets/{ticket_id}/hand-back", status_code=204)
def hand_back(ticket_id: RowId, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
              now: NowDep, body: HandBackIn | None = None) -> None:
    """The bot resumes; with a satisfaction question when the citizen's question was answered
    (the default without a body)."""
    answered = body.answered if body is not None else True
    flows.hand_back(session, desk, _ticket(session, desk, ticket_id, officer), officer, now=now,
                    answered=answered)


@router.post("/api/handoff/tickets/{ticket_id}/close", status_code=204)
def close(ticket_id: RowId, session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
          now: NowDep) -> None:
    flows.close(session, desk, _ticket(session, desk, ticket_id, officer), officer, now=now)


@router.get("/api/handoff/canned", response_model=list[CannedOut])
def canned(officer: CurrentOfficer) -> list[CannedOut]:
    return [CannedOut(**item) for item in _canned()]


@cache
def _canned() -> list[dict[str, str]]:
    return yaml.safe_load(CANNED.read_text(encoding="utf-8"))


@router.get("/api/handoff/cases/{number}/transcript", response_model=list[Line])
def case_transcript(number: str, session: SessionDep, officer: CurrentOfficer,
                    settings: SettingsDep, workflow: WorkflowDep, now: NowDep) -> list[Line]:
    """The chats linked to a case (PPA: PPA roles only, every read logged)."""
    case = case_by_number(session, number)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no case {number}")
    if case.agency != officer.agency:
        ppa.record_denial(session, officer=officer, case=case, reason="agency",
                          settings=settings.handoff, now=now, resource="transcript")
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"case {number} belongs to {case.agency}")
    ppa.guard_case_read(session, case, officer, catalog=workflow.catalog,
                        settings=settings.handoff, now=now, resource="transcript")
    conversation = conversation_of(session, case)
    if conversation is None:
        return []
    chat = transcript(session, conversation, case_threads(session, case),
                      sees_ppa=ppa.is_ppa_officer(officer, workflow.catalog, settings.handoff),
                      legacy=is_legacy(case.thread))
    if chat.revealed and not ppa.is_ppa_case(case, settings.handoff):  # PPA: logged above
        ppa.record_read(session, officer=officer, resource="transcript", case_id=case.id,
                        now=now)
    return chat.lines


@router.get("/api/handoff/tickets/{ticket_id}/media/{message_id}/{index}")
def ticket_media(request: Request, ticket_id: RowId, message_id: RowId, index: int,
                 session: SessionDep, officer: CurrentOfficer, desk: DeskDep,
                 now: NowDep) -> FileResponse:
    """A file the citizen sent in the ticket's chat (PPA-flagged ones: PPA roles only)."""
    ticket = _ticket(session, desk, ticket_id, officer, lock=False)
    conversation = session.get(Conversation, ticket.conversation_id)
    row = None if conversation is None else citizen_message(
        session, channel=conversation.channel, external_id=conversation.external_id,
        inbound_id=message_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lampiran tidak ditemukan")
    ppa.guard_message_file(
        session, officer=officer, sees_ppa=ppa.is_ppa_officer(officer, desk.catalog, desk.config),
        ppa=row.ppa, in_view=row.thread is not None and row.thread == ticket.thread, now=now,
        ticket_id=ticket.id, detail={"ticket_id": ticket.id, "inbound_id": row.id})
    files = (row.payload or {}).get("media") or []
    stored = files[index] if 0 <= index < len(files) else {}
    path = stored_file(request.app.state.storage_root, stored.get("storage_key"))
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "lampiran tidak ditemukan")
    return FileResponse(path, media_type=stored.get("mime") or "application/octet-stream",
                        headers={"Cache-Control": "private, no-store",
                                 "X-Content-Type-Options": "nosniff"})


@router.get("/api/handoff/ppa/access-log", response_model=list[AccessOut])
def access_log(session: SessionDep, officer: CurrentOfficer, settings: SettingsDep,
               workflow: WorkflowDep) -> list[AccessOut]:
    """Every read of a PPA case or transcript, for the head of the UPTD PPA."""
    ppa.require_ppa_officer(officer, workflow.catalog, settings.handoff)
    if settings.handoff.ppa_head_role not in officer.role_names:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "hanya untuk Kepala UPTD PPA")
    return [AccessOut.model_validate(r, from_attributes=True) for r in ppa.access_log(session)]


@router.get("/api/handoff/events")
async def events(request: Request, token: Annotated[str, Query()]) -> StreamingResponse:
    """Live hints for the workspace (EventSource cannot send headers: the token is a query)."""
    settings = request.app.state.settings
    officer_id = read_token(token, secret=settings.auth.secret_key)
    with request.app.state.sessions() as session:
        officer = session.get(Officer, officer_id) if officer_id is not None else None
        if officer is None or not officer.active:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "login required")
        desk: Desk = request.app.state.handoff
        sees_ppa = ppa.is_ppa_officer(officer, desk.catalog, desk.config)

    async def stream() -> AsyncIterator[str]:
        yield "event: ready\ndata: {}\n\n"
        async for event in desk.bus.subscribe():
            if await request.is_disconnected():
                return
            if event.get("ppa") and not sees_ppa:
                continue
            yield f"data: {json.dumps(event)}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

