"""A ticket's or case's transcript for the workspace: the messages of its threads only, with
PPA-flagged ones masked ("[pesan dirahasiakan]") for agents without a PPA role."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from backend.core.models import Conversation
from backend.core.thread_log import Message, read_threads

AUTHOR_BY_KIND = {"agent_reply": "agent", "handoff": "system"}


class Line(BaseModel):
    at: datetime
    author: str  # citizen | bot | agent | system
    text: str
    media: list[dict[str, Any]] = []
    message_id: int | None = None  # the citizen's message (its files by index)
    hidden: bool = False  # a PPA message the reader may not see


class Transcript(BaseModel):
    lines: list[Line]
    revealed: bool = False  # PPA messages shown to a PPA role: a read to log
    legacy: int = 0  # the chat's messages from before per-ticket threads, not shown


def _citizen_line(message: Message, pressed: dict[str, str]) -> Line:
    payload = message.payload
    media = [{"mime": m.get("mime") or m.get("declared_mime"), "key": m.get("storage_key"),
              "name": m.get("file_name"), "index": index}
             for index, m in enumerate(message.files)]
    button = payload.get("payload")
    text = payload.get("text") or (pressed.get(button, button) if button else "")
    if payload.get("location"):
        text = text or "📍 lokasi"
    return Line(at=message.at, author="citizen", text=text, media=media, message_id=message.id)


def _sent_line(message: Message) -> Line:
    payload = message.payload
    media = ([{"mime": payload.get("media_mime"), "key": payload["media_storage_key"]}]
             if payload.get("media_storage_key") else [])
    return Line(at=message.at, author=AUTHOR_BY_KIND.get(message.kind, "bot"), text=message.text,
                media=media)


def _lines(messages: list[Message]) -> list[Line]:
    """The lines in order; a button press reads as the label the citizen saw on it."""
    pressed: dict[str, str] = {}
    lines = []
    for message in messages:
        if message.masked:
            author = "citizen" if message.inbound else AUTHOR_BY_KIND.get(message.kind, "bot")
            lines.append(Line(at=message.at, author=author, text=message.text, hidden=True))
        elif message.inbound:
            lines.append(_citizen_line(message, pressed))
        else:
            pressed.update({b["payload"]: f"[tombol] {b['label']}"
                            for b in message.payload.get("buttons") or []})
            lines.append(_sent_line(message))
    return lines


def transcript(session: Session, conversation: Conversation, threads: Collection[str | None],
               *, sees_ppa: bool, legacy: bool = False) -> Transcript:
    """The messages of ``threads`` in the chat, oldest first."""
    log = read_threads(session, channel=conversation.channel,
                       external_id=conversation.external_id, threads=threads,
                       sees_ppa=sees_ppa, legacy=legacy)
    return Transcript(lines=_lines(log.messages), revealed=log.revealed,
                      legacy=log.legacy)
