"""The one durable outbox: every message to a citizen, an officer or a console goes through it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.models.base import Base, UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


# An alert queued before its incident exists (a pre-alert) has no case until it is adopted.
PRE_ALERTS = text("kind = 'alert' AND case_id IS NULL")
# Outbox kinds that carry an incident's alert: the piket group's message, its edits and pin,
# and the escalation's SMS and calls; the condition as the partial index below states it.
ALERT_KINDS = ("alert", "alert_edit", "alert_pin", "escalation_sms", "escalation_voice")
INCIDENT_ALERTS = text("kind IN (" + ", ".join(f"'{kind}'" for kind in ALERT_KINDS) + ")")


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_ready", "status", "priority", "next_attempt_at"),
        Index("ix_outbox_queue", "priority", "id", postgresql_where=text("status = 'pending'"),
              sqlite_where=text("status = 'pending'")),
        Index("ix_outbox_leased_by", "leased_by", postgresql_where=text("leased_by IS NOT NULL"),
              sqlite_where=text("leased_by IS NOT NULL")),
        # Whether a chat still has a message waiting (read with a dialog turn: bot.handover).
        Index("ix_outbox_chat_pending", "channel", "recipient",
              postgresql_where=text("status = 'pending'"), sqlite_where=text("status = 'pending'")),
        # The pre-alerts not adopted by an incident yet (bot.alerts.outbound: a few rows).
        Index("ix_outbox_prealerts", "dedupe_key", postgresql_where=PRE_ALERTS,
              sqlite_where=PRE_ALERTS),
        # An incident's alerts, by its case (the delivery watch reads them every second).
        Index("ix_outbox_incident_alerts", "case_id", postgresql_where=INCIDENT_ALERTS,
              sqlite_where=INCIDENT_ALERTS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20))  # telegram | whatsapp | web | console
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    priority: Mapped[int] = mapped_column(default=5)  # 0 = alerts first
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    # The citizen thread it belongs to (backend.core.threads) and its PPA flag; ``case_id`` is the
    # per-thread ordering key of alerts (bot.outbox), not a transcript tag.
    thread: Mapped[str | None] = mapped_column(String(24), index=True)
    ppa: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[OutboxStatus] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The token of the sending process while leased (bot.leases): freed at once when it dies.
    leased_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    platform_message_id: Mapped[str | None] = mapped_column(String(100))
