"""A chat's transcript: the citizen's messages (inbox) and everything sent to them (outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Conversation, InboundRecord, OutboxMessage

AUTHOR_BY_KIND = {"agent_reply": "agent", "handoff": "system"}


class Line(BaseModel):
    at: datetime
    author: str  # citizen | bot | agent | system
    text: str
    media: list[dict[str, Any]] = []


def _citizen_line(record: InboundRecord) -> Line:
    payload = record.payload or {}
    media = [{"mime": m.get("mime") or m.get("declared_mime"), "key": m.get("storage_key"),
              "name": m.get("file_name")} for m in payload.get("media") or []]
    text = payload.get("text") or payload.get("payload") or ""
    if payload.get("location"):
        text = text or "📍 lokasi"
    return Line(at=record.received_at, author="citizen", text=text, media=media)


def _sent_line(row: OutboxMessage) -> Line:
    payload = row.payload or {}
    media = ([{"mime": payload.get("media_mime"), "key": payload["media_storage_key"]}]
             if payload.get("media_storage_key") else [])
    return Line(at=row.created_at, author=AUTHOR_BY_KIND.get(row.kind, "bot"), text=row.body,
                media=media)


def transcript(session: Session, conversation: Conversation) -> list[Line]:
    """Everything said in the chat, oldest first."""
    inbound = session.scalars(select(InboundRecord).where(
        InboundRecord.channel == conversation.channel,
        InboundRecord.sender == conversation.external_id))
    outbound = session.scalars(select(OutboxMessage).where(
        OutboxMessage.channel == conversation.channel,
        OutboxMessage.recipient == conversation.external_id))
    lines = [_citizen_line(r) for r in inbound] + [_sent_line(r) for r in outbound]
    return sorted(lines, key=lambda line: line.at)
