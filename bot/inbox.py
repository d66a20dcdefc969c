"""The durable inbox: store each webhook delivery once, before it is acknowledged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.models import InboundRecord, InboundStatus
from bot.messages import InboundMessage


def store_inbound(session: Session, message: InboundMessage, *, now: datetime) -> int | None:
    """Insert the message; returns its id, or None when this platform id was already stored."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(InboundRecord)
        .values(channel=message.channel.value, platform_id=message.platform_id,
                sender=message.sender, payload=message.model_dump(mode="json"),
                status=InboundStatus.PENDING, attempts=0, received_at=now, next_attempt_at=now)
        .on_conflict_do_nothing(index_elements=["channel", "platform_id"])
        .returning(InboundRecord.id)
    )
    return session.execute(statement).scalar_one_or_none()
