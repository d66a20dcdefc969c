"""Honest emergency replies: a reporter hears "sudah diteruskan" once an alert reached someone
(a Telegram message sent, an SMS or call placed; a watched console board marks it itself), and
"call 113/112 now" when none did in time."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.incidents import CLOSED, TELL_WITHIN, alert_rows
from backend.core.models import OutboxStatus
from backend.core.models.alerts import Incident
from backend.core.policies import DAMKAR_UNIT
from bot.alerts.desk import AlertDesk


class DeliveryWatch:
    """Runs beside the escalation: decides, per open report, what its reporters are told."""

    def __init__(self, desk: AlertDesk) -> None:
        self.desk = desk

    def due(self, session: Session, now: datetime) -> int:
        """Tell the reporters of every report that was delivered or is past hope; returns how
        many were told."""
        incidents = session.scalars(select(Incident).where(
            Incident.unit == DAMKAR_UNIT, Incident.delivered_at.is_(None),
            Incident.case_id.is_not(None), Incident.created_at >= now - TELL_WITHIN,
            Incident.status.not_in(CLOSED)).with_for_update(skip_locked=True)).all()
        return sum(self._check(session, incident, now) for incident in incidents)

    def _check(self, session: Session, incident: Incident, now: datetime) -> bool:
        rows = alert_rows(session, incident)
        sent = next((r for r in rows if r.status == OutboxStatus.SENT), None)
        if sent is not None:
            self.desk.delivered(session, incident, sent.channel, now)
            return True
        if incident.unreachable_at is not None:
            return False
        waited = now - incident.created_at
        all_failed = bool(rows) and all(r.status == OutboxStatus.FAILED for r in rows)
        timeout = timedelta(seconds=self.desk.settings.delivery_timeout_seconds)
        routes = self.desk.routes(session, incident.unit, now)
        if waited >= timeout or not routes or (all_failed and "board" not in routes):
            self.desk.unreachable(session, incident, now)
            return True
        return False
