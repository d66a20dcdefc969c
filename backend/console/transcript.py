"""The chat transcript of a case: the messages of the case's own threads, in order.

Another case's messages in the same chat are not part of it; PPA-flagged messages read
"[pesan dirahasiakan]" for officers without a PPA role (``backend.thread_log``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Case, Conversation
from backend.thread_log import Message, case_threads, read_threads
from backend.threads import is_legacy

OFFICER_KINDS = frozenset({"officer_reply", "agent_reply"})


@dataclass(frozen=True)
class Line:
    at: datetime
    side: Literal["warga", "bot", "petugas"]
    text: str
    inbound_id: int | None = None  # the citizen's message (its files are linked by index)
    files: int = 0


@dataclass(frozen=True)
class Transcript:
    lines: list[Line] = field(default_factory=list)
    revealed: bool = False  # PPA messages shown to a PPA role: a read to log
    legacy: int = 0  # the chat's messages from before per-case threads, not shown


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


def _side(message: Message) -> Literal["warga", "bot", "petugas"]:
    if message.inbound:
        return "warga"
    return "petugas" if message.kind in OFFICER_KINDS else "bot"


def _line(message: Message) -> Line:
    if message.masked:
        return Line(at=message.at, side=_side(message), text=message.text)
    if message.inbound:
        return Line(at=message.at, side="warga", text=_inbound_text(message.payload),
                    inbound_id=message.id, files=len(message.files))
    return Line(at=message.at, side=_side(message), text=message.text)


def transcript(session: Session, case: Case, conversation: Conversation, *,
               sees_ppa: bool) -> Transcript:
    """The case's messages, oldest first (the last ``thread_log.LIMIT``)."""
    log = read_threads(session, channel=conversation.channel,
                       external_id=conversation.external_id,
                       threads=case_threads(session, case), sees_ppa=sees_ppa,
                       legacy=is_legacy(case.thread))
    return Transcript(lines=[_line(m) for m in log.messages], revealed=log.revealed,
                      legacy=log.legacy)
