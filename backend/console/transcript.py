"""The chat transcript of a case: the citizen's messages and the bot's, in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Case, Conversation, InboundRecord, OutboxMessage

LIMIT = 300


@dataclass(frozen=True)
class Line:
    at: datetime
    side: Literal["warga", "bot", "petugas"]
    text: str


def conversation_of(session: Session, case: Case) -> Conversation | None:
    """The citizen's conversation on the channel the case came from."""
    if case.citizen_id is None:
        return None
    return session.scalar(select(Conversation).where(
        Conversation.citizen_id == case.citizen_id, Conversation.channel == case.channel))


def _inbound_text(payload: dict[str, Any]) -> str:
    if payload.get("text"):
        return str(payload["text"])
    if payload.get("media"):
        return f"[{len(payload['media'])} berkas]"
    if payload.get("location"):
        return "[lokasi]"
    return f"[tombol: {payload.get('payload') or '-'}]"


def transcript(session: Session, conversation: Conversation) -> list[Line]:
    """The last messages both ways, oldest first."""
    inbound = session.scalars(
        select(InboundRecord)
        .where(InboundRecord.channel == conversation.channel,
               InboundRecord.sender == conversation.external_id)
        .order_by(InboundRecord.id.desc()).limit(LIMIT))
    outbound = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.channel == conversation.channel,
               OutboxMessage.recipient == conversation.external_id)
        .order_by(OutboxMessage.id.desc()).limit(LIMIT))
    lines = [Line(at=r.received_at, side="warga", text=_inbound_text(r.payload)) for r in inbound]
    lines += [Line(at=m.created_at, side="petugas" if m.kind == "officer_reply" else "bot",
                   text=m.body) for m in outbound]
    return sorted(lines, key=lambda line: line.at)[-LIMIT:]
