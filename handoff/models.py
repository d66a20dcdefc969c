"""Handoff tables: tickets (one per stay in the queue/with an agent), events, presence, notes,
and the PPA access log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, UTCDateTime, utcnow


class TicketStatus(StrEnum):
    QUEUED = "queued"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class HandoffTicket(Base):
    """One request for a person: queued, then held by one agent, then closed or handed back."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (Index("ix_handoff_queue", "status", "priority", "queued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    status: Mapped[TicketStatus] = mapped_column(String(16), default=TicketStatus.QUEUED)
    reason: Mapped[str] = mapped_column(String(32))
    team: Mapped[str] = mapped_column(String(64))  # the agency whose agents answer
    priority: Mapped[int] = mapped_column(default=5)  # 0 = PPA urgent, 1 = urgent, 5 = routine
    ppa: Mapped[bool] = mapped_column(default=False)
    callback: Mapped[bool] = mapped_column(default=False)  # arrived out of hours
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id", ondelete="SET NULL"))
    previous_agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("officers.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    safe_contact: Mapped[str | None] = mapped_column(String(200))  # PPA: when/how it is safe
    quiet: Mapped[bool] = mapped_column(default=False)  # PPA: the citizen asked for no messages
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # citizen awaits a reply
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The chat thread it serves (backend.threads): the intake it was raised from, its messages.
    thread: Mapped[str | None] = mapped_column(String(24))


class HandoffEvent(Base):
    """Every change of a conversation's mode, and why."""

    __tablename__ = "handoff_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("handoff_tickets.id", ondelete="CASCADE"), index=True)
    from_mode: Mapped[str] = mapped_column(String(16))
    to_mode: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgentPresence(Base):
    """An agent's shift flag and last heartbeat from the workspace."""

    __tablename__ = "agent_presence"

    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officers.id", ondelete="CASCADE"), primary_key=True)
    on_shift: Mapped[bool] = mapped_column(default=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AgentNote(Base):
    """A private note on a ticket; never sent to the citizen."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("handoff_tickets.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PpaAccessLog(Base):
    """Who read which PPA case or transcript, and when (listed for the PPA head)."""

    __tablename__ = "ppa_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id", ondelete="SET NULL"))
    resource: Mapped[str] = mapped_column(String(32))  # case | transcript
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("handoff_tickets.id", ondelete="SET NULL"))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
