"""The damkar incident board: the page, its live stream (Server-Sent Events) and the crew
buttons, which go through the alert desk exactly as the Telegram buttons do."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from backend.api.deps import IncidentsDep, NowDep, WorkflowDep
from backend.console import board
from backend.console.deps import COOKIE, Poster, SessionDep, User
from backend.console.render import TEMPLATES, page, secure
from backend.console.sessions import SignedIn, find_session
from backend.core.db import transaction
from backend.core.incidents import IncidentDesk, watch_board
from backend.core.models.alerts import Incident
from backend.core.policies import DAMKAR_UNIT
from backend.core.workflow.engine import Workflow

router = APIRouter(prefix="/damkar")
TICK = 0.5  # seconds between looks at the incidents: a new report shows within a second
WATCH_EVERY = timedelta(seconds=5)  # how often a live board says it is still watched
KEEPALIVE = 15.0  # seconds of silence before a comment line keeps proxies from closing
DONE = {"ack": "Laporan diterima; pelapor sudah diberi tahu dan eskalasi dihentikan.",
        "depart": "Berangkat tercatat.", "arrive": "Tiba di lokasi tercatat.",
        "extra": "Permintaan armada tambahan tercatat.", "done": "Padam/selesai tercatat.",
        "return": "Kembali ke pos tercatat."}
TEMPLATES.env.globals["may_use_board"] = board.may_use_board


def _allowed(user: SignedIn, workflow: Workflow) -> SignedIn:
    if not board.may_use_board(user.officer, workflow.catalog):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "khusus petugas piket damkar")
    return user


def board_viewer(user: User, workflow: WorkflowDep) -> SignedIn:
    """The signed-in officer, if they belong to the damkar's piket chain."""
    return _allowed(user, workflow)


def board_poster(user: Poster, workflow: WorkflowDep) -> SignedIn:
    """A CSRF-checked POST by a damkar piket officer."""
    return _allowed(user, workflow)


Viewer = Annotated[SignedIn, Depends(board_viewer)]
Presser = Annotated[SignedIn, Depends(board_poster)]


class Look(NamedTuple):
    """What a live board's look found: the board's state, and its HTML when it changed."""

    state: object
    html: str | None


def _context(session: Session, desk: IncidentDesk, now: datetime, csrf: str) -> dict[str, Any]:
    """What the incident list shows."""
    return {"cards": board.cards(session, desk, now), "now": now, "csrf": csrf,
            "only_board": board.only_the_board(session, desk, now), "target": board.TARGET}


def _show(request: Request, session: Session, desk: IncidentDesk, user: SignedIn,
          now: datetime, *, error: str | None = None, status_code: int = 200) -> Response:
    done = DONE.get(request.query_params.get("ok", ""))
    board.mark_seen(session, desk, now)  # the reports it shows have reached the piket
    return page(request, "damkar.html", user=user, error=error, done=done,
                status_code=status_code, **_context(session, desk, now, user.csrf))


@router.get("")
def board_page(request: Request, session: SessionDep, user: Viewer, desk: IncidentsDep,
               now: NowDep) -> Response:
    """Open incidents with place, reporter, crew buttons, escalation and response times."""
    return _show(request, session, desk, user, now)


@router.post("/{incident_id}/{signal}")
def press(incident_id: int, signal: str, request: Request, session: SessionDep, user: Presser,
          desk: IncidentsDep, now: NowDep) -> Response:
    """A crew button: the same rules and effects as on Telegram (the first Terima wins)."""
    incident = session.get(Incident, incident_id, with_for_update=True)
    if incident is None or incident.unit != DAMKAR_UNIT or signal not in board.SIGNAL_LABELS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "kejadian tidak ditemukan")
    applied = signal in desk.offered_signals(incident) and desk.apply(
        session, incident, signal, who=user.officer.full_name, actor_id=str(user.officer.id),
        via="board", now=now)
    if not applied:
        taken = f"Sudah diterima oleh {incident.acknowledged_by}." \
            if signal == "ack" and incident.acknowledged_by else "Tombol ini sudah tidak berlaku."
        return _show(request, session, desk, user, now, error=taken,
                     status_code=status.HTTP_409_CONFLICT)
    request.app.state.workers.wake_outbox(urgent=True)
    return secure(RedirectResponse(f"/console/damkar?ok={signal}#kejadian-{incident.id}",
                                   status.HTTP_303_SEE_OTHER))


def _event(name: str, html: str) -> str:
    lines = html.splitlines() or [""]
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def look_at_board(request: Request, token: str, watched: bool, seen: object) -> Look | None:
    """One look at the board for a live stream: its state, with the HTML when that state is
    not ``seen`` yet; None once signed out. ``watched``: say the board is still open."""
    app = request.app
    with transaction(app.state.sessions) as session:
        now = app.state.clock()
        found = find_session(session, token=token, now=now)
        if found is None or not board.may_use_board(found.officer, app.state.workflow.catalog):
            return None
        if watched:
            watch_board(session, officer_id=found.officer.id, unit=DAMKAR_UNIT, now=now)
        desk = app.state.incidents
        board.mark_seen(session, desk, now)
        state = (board.fingerprint(session, now), board.only_the_board(session, desk, now),
                 found.csrf)
        if state == seen:
            return Look(state, None)
        context = _context(session, desk, now, found.csrf)
        return Look(state, TEMPLATES.get_template("damkar_list.html").render(**context))


@router.get("/siaran")
async def stream(request: Request, user: Viewer) -> StreamingResponse:
    """The incident list, sent again whenever it changes, while the board is open."""
    token = request.cookies.get(COOKIE, "")

    async def events() -> AsyncIterator[str]:
        seen: object = None
        said, watched = time.monotonic(), 0.0
        while not await request.is_disconnected():
            due = time.monotonic() - watched >= WATCH_EVERY.total_seconds()
            look = await run_in_threadpool(look_at_board, request, token, due, seen)
            if look is None:
                yield _event("keluar", "")
                return
            watched = time.monotonic() if due else watched
            if look.html is not None:
                seen, said = look.state, time.monotonic()
                yield _event("papan", look.html)
            elif time.monotonic() - said >= KEEPALIVE:
                said = time.monotonic()
                yield ": tetap terhubung\n\n"
            await asyncio.sleep(TICK)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
