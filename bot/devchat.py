"""The dev web chat (``/dev/chat``): talk to the bot in a browser, through the same engine."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from backend.core.media import TELEGRAM_MAX_BYTES, MediaRejected, store_media
from backend.core.messages import Channel, InboundMessage, Location, MediaRef
from backend.core.models import OutboxMessage
from bot.webhooks import accept
from dialogs.texts import t

router = APIRouter(prefix="/dev/chat", tags=["dev chat"])
PAGE = Path(__file__).resolve().parent / "templates" / "devchat.html"
SESSION = re.compile(r"^[A-Za-z0-9-]{8,64}$")
REJECTION_TEXT = {"too_large": "document_rejected_size", "empty": "document_rejected_empty"}


class ChatIn(BaseModel):
    session: str = Field(pattern=SESSION.pattern)
    text: str | None = Field(default=None, max_length=4000)
    payload: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=100)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


def _enabled(request: Request) -> None:
    if not request.app.state.dev_chat:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the dev chat is off in this environment")


def _message(body: ChatIn, **extra: Any) -> InboundMessage:
    location = (Location(latitude=body.latitude, longitude=body.longitude)
                if body.latitude is not None and body.longitude is not None else None)
    return InboundMessage(channel=Channel.WEB, platform_id=uuid.uuid4().hex, sender=body.session,
                          sender_name=body.name, text=body.text, payload=body.payload,
                          location=location, **extra)


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> str:
    """The chat page."""
    _enabled(request)
    return PAGE.read_text(encoding="utf-8")


@router.post("/api/messages")
async def send(request: Request, body: ChatIn) -> dict[str, bool]:
    """A citizen's text, button press or location."""
    _enabled(request)
    await accept(request, _message(body))
    return {"ok": True}


@router.post("/api/upload")
async def upload(request: Request, session: Annotated[str, Form(pattern=SESSION.pattern)],
                 file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    """A photo or PDF, checked by content and size, stored, then handled like a chat file."""
    _enabled(request)
    data = await file.read(TELEGRAM_MAX_BYTES + 1)
    root = request.app.state.storage_root
    try:
        stored = store_media(data, root=root, max_bytes=TELEGRAM_MAX_BYTES)
    except MediaRejected as rejected:
        key = REJECTION_TEXT.get(rejected.reason, "document_rejected_type")
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            t(key, label=file.filename or "file", limit=20)) from None
    ref = stored.fill(MediaRef(platform_ref=f"web:{stored.sha256}", file_name=file.filename))
    await accept(request, _message(ChatIn(session=session), media=[ref]))
    return {"ok": True, "sha256": stored.sha256, "mime": stored.mime}


@router.get("/api/messages")
def receive(request: Request, session: Annotated[str, Query(pattern=SESSION.pattern)],
            after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0) -> list[dict[str, Any]]:
    """The bot's messages to this browser session after id ``after``."""
    _enabled(request)
    with request.app.state.sessions() as db:
        rows = db.scalars(select(OutboxMessage)
                          .where(OutboxMessage.channel == Channel.WEB.value,
                                 OutboxMessage.recipient == session, OutboxMessage.id > after)
                          .order_by(OutboxMessage.id).limit(100)).all()
        return [{"id": r.id, "text": r.body, "buttons": (r.payload or {}).get("buttons", []),
                 "request_location": (r.payload or {}).get("request_location", False),
                 "link": _download_link(request, r.payload or {})}
                for r in rows]


def _download_link(request: Request, payload: dict[str, Any]) -> dict[str, str] | None:
    """A short-lived link to the message's attachment (the signed PDF of a document)."""
    key = payload.get("media_storage_key")
    if not key:
        return None
    name = payload.get("media_name") or "dokumen"
    return {"url": request.app.state.channels.links.link(key, name), "name": name}
