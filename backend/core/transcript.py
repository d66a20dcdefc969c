"""The chat transcript of a case: the messages of the case's own threads, in order.

Another case's messages in the same chat are not part of it; PPA-flagged messages read
"[pesan dirahasiakan]" for officers without a PPA role (``backend.core.thread_log``). A button
press reads as the label the citizen saw; files go by the names they were sent with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.button_labels import Prompts
from backend.core.filenames import shown_name
from backend.core.models import Case, Conversation
from backend.core.thread_log import Message, case_threads, read_threads
from backend.core.threads import is_legacy

OFFICER_KINDS = frozenset({"officer_reply", "agent_reply"})


@dataclass(frozen=True)
class Line:
    at: datetime
    side: Literal["warga", "bot", "petugas"]
    text: str
    inbound_id: int | None = None  # the citizen's message (its files are linked by index)
    files: tuple[str, ...] = ()  # the names of its files, in order
    pressed: bool = False  # ``text`` is the label of the button the citizen pressed


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


def _file_names(message: Message) -> tuple[str, ...]:
    return tuple(shown_name(f.get("file_name"), f.get("mime") or f.get("declared_mime"), n)
                 for n, f in enumerate(message.files, start=1))


def _citizen_line(message: Message, prompts: Prompts) -> Line:
    """Their text (a file's caption), else the label of the button they pressed."""
    payload = message.payload
    text, code = str(payload.get("text") or ""), payload.get("payload")
    if not text and not message.files and payload.get("location"):
        text = "[lokasi]"
    pressed = not text and not message.files and bool(code)
    return Line(at=message.at, side="warga", text=prompts.label(str(code)) if pressed else text,
                inbound_id=message.id, files=_file_names(message), pressed=pressed)


def _side(message: Message) -> Literal["warga", "bot", "petugas"]:
    if message.inbound:
        return "warga"
    return "petugas" if message.kind in OFFICER_KINDS else "bot"


def _lines(messages: list[Message]) -> list[Line]:
    """Lines in order; a press is read against the prompts sent before it."""
    prompts = Prompts()
    lines = []
    for message in messages:
        if message.masked:
            lines.append(Line(at=message.at, side=_side(message), text=message.text))
        elif message.inbound:
            lines.append(_citizen_line(message, prompts))
        else:
            prompts.saw(message.payload)
            lines.append(Line(at=message.at, side=_side(message), text=message.text))
    return lines


def transcript(session: Session, case: Case, conversation: Conversation, *,
               sees_ppa: bool) -> Transcript:
    """The case's messages, oldest first (the last ``thread_log.LIMIT``)."""
    log = read_threads(session, channel=conversation.channel,
                       external_id=conversation.external_id,
                       threads=case_threads(session, case), sees_ppa=sees_ppa,
                       legacy=is_legacy(case.thread))
    return Transcript(lines=_lines(log.messages), revealed=log.revealed,
                      legacy=log.legacy)
