"""Request and response bodies of the agent workspace API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from handoff.transcript import Line


class PresenceIn(BaseModel):
    on_shift: bool | None = None


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class HandBackIn(BaseModel):
    # The agent answered the citizen's question: only then the bot asks for satisfaction.
    answered: bool = True


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=4000)


class SafeContactIn(BaseModel):
    safe_contact: str = Field(min_length=1, max_length=200)


class OpenCaseIn(BaseModel):
    service_code: str
    fields: dict[str, str] = Field(default_factory=dict)


class TicketOut(BaseModel):
    id: int
    conversation_id: int
    status: str
    reason: str
    team: str
    priority: int
    ppa: bool
    callback: bool
    quiet: bool
    agent_id: int | None
    queued_at: datetime
    channel: str
    mode: str
    citizen_name: str | None = None


class NoteOut(BaseModel):
    officer_id: int | None
    body: str
    created_at: datetime


class EventOut(BaseModel):
    from_mode: str
    to_mode: str
    reason: str
    officer_id: int | None
    at: datetime


class TicketDetailOut(TicketOut):
    safe_contact: str | None
    case_number: str | None
    intake: dict[str, Any]
    transcript: list[Line]
    older_messages: int = 0  # the chat's messages from before per-ticket threads, not shown
    notes: list[NoteOut]
    events: list[EventOut]


class AccessOut(BaseModel):
    officer_id: int | None
    resource: str  # case | transcript | media | document, or <resource>_denied for refusals
    case_id: int | None
    ticket_id: int | None
    # refusals: {"case_number" | "ticket_id", "reason", and "inbound_id" | "document_id"}
    detail: dict[str, Any] | None = None
    at: datetime


class CannedOut(BaseModel):
    title: str
    text: str


class ConversationOut(BaseModel):
    id: int
    channel: str
    mode: str
    service: str | None
    last_inbound_at: datetime | None
