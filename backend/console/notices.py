"""The console's notifications: what the outbox keeps for an officer's roles (an overdue step
reported to the role above, …), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.messages import Channel
from backend.core.models import Case, Officer, OutboxMessage

NOTICE_DAYS = 7
NOTICE_LIMIT = 10


@dataclass(frozen=True)
class Notice:
    """One notification as the worklist shows it."""

    at: datetime
    text: str
    case_number: str | None


def notices_for(session: Session, officer: Officer, now: datetime) -> list[Notice]:
    """The officer's agency-role notifications of the last week (at most ``NOTICE_LIMIT``)."""
    recipients = [f"{officer.agency}:{role}" for role in sorted(officer.role_names)]
    if not recipients:
        return []
    rows = session.execute(
        select(OutboxMessage.created_at, OutboxMessage.body, Case.number)
        .outerjoin(Case, Case.id == OutboxMessage.case_id)
        .where(OutboxMessage.channel == Channel.CONSOLE.value,
               OutboxMessage.recipient.in_(recipients),
               OutboxMessage.created_at >= now - timedelta(days=NOTICE_DAYS))
        .order_by(OutboxMessage.id.desc()).limit(NOTICE_LIMIT))
    return [Notice(at=at, text=body, case_number=number) for at, body, number in rows]
