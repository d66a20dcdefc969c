"""Conversations (dialog state per chat), the durable inbox, and event-stream cursors."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.models.base import Base, UTCDateTime, utcnow


class ConversationMode(StrEnum):
    BOT = "bot"
    QUEUED = "queued"
    AGENT = "agent"


class InboundStatus(StrEnum):
    PENDING = "pending"
    PROCESSED = "processed"
    FAILED = "failed"


PENDING_ONLY = text("status = 'pending'")


class Conversation(Base):
    """One chat with one citizen on one channel; its dialog state survives restarts."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(128))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mode: Mapped[ConversationMode] = mapped_column(String(16), default=ConversationMode.BOT)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboundRecord(Base):
    """A webhook delivery, stored before it is acknowledged and processed exactly once."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "platform_id"),
        # The claim: pending rows in queue order, and a sender's older pending messages.
        Index("ix_inbound_queue", "priority", "id", postgresql_where=PENDING_ONLY,
              sqlite_where=PENDING_ONLY),
        Index("ix_inbound_sender_pending", "channel", "sender", "id",
              postgresql_where=PENDING_ONLY, sqlite_where=PENDING_ONLY),
        # When the next pending message is due (read with every claim).
        Index("ix_inbound_due", "next_attempt_at", postgresql_where=PENDING_ONLY,
              sqlite_where=PENDING_ONLY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    platform_id: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str] = mapped_column(String(128), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[InboundStatus] = mapped_column(String(16), default=InboundStatus.PENDING)
    priority: Mapped[int] = mapped_column(default=5)  # 0: emergencies and crew buttons first
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The intake, case or ticket this message was part of (set by its dialog turn; NULL before
    # the turn and on rows older than migration 0007), and whether it is PPA-sensitive.
    thread: Mapped[str | None] = mapped_column(String(24), index=True)
    ppa: Mapped[bool] = mapped_column(default=False, server_default=false())


class EventCursor(Base):
    """How far a consumer of the case event stream has read (e.g. the citizen notifier)."""

    __tablename__ = "event_cursors"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
