"""Escalation of unanswered alerts: re-alert and call the commander, then the kasie, then the
kabid."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.incident_signals import record
from backend.core.messages import Channel, OutboundMessage
from backend.core.models.alerts import Incident
from backend.core.outbox import ALERT_PRIORITY, enqueue
from backend.core.policies import PPA_UNIT
from bot.alerts.desk import AlertDesk
from bot.alerts.texts import at


class Escalation:
    """PagerDuty-like: re-alert and call the commander, then the kasie, then the kabid."""

    def __init__(self, desk: AlertDesk) -> None:
        self.desk = desk

    def due(self, session: Session, now: datetime) -> int:
        """Escalate every unacknowledged incident whose next step is due; returns how many."""
        # Skip locked: two web processes never escalate the same incident twice.
        incidents = session.scalars(select(Incident).where(
            Incident.acknowledged_at.is_(None), Incident.next_escalation_at.is_not(None),
            Incident.next_escalation_at <= now).with_for_update(skip_locked=True)).all()
        for incident in incidents:
            self._escalate(session, incident, now)
        return len(incidents)

    def _escalate(self, session: Session, incident: Incident, now: datetime) -> None:
        policy = self.desk.unit_settings(incident.unit)
        duty = self.desk.duty(session, incident.unit, now)
        level = incident.escalation_level + 1
        incident.escalation_level = level
        targets = {1: [duty.commander] if duty.commander else [], 2: duty.kasie,
                   3: duty.kabid}.get(level, [])
        marks = {1: policy.kasie_after_seconds, 2: policy.kabid_after_seconds}
        incident.next_escalation_at = (incident.created_at + timedelta(seconds=marks[level])
                                       if level in marks else None)
        rank = {1: "komandan", 2: "kasie", 3: "kabid"}.get(level, "-")
        names = ", ".join(m.name for m in targets if m is not None) or "(tidak ada di roster)"
        record(incident, f"escalated_{rank}", now, note=names)
        if level == 1:
            incident.details = incident.details.model_copy(update={"alerts": {}})  # ring again
        self.desk.publish(session, incident, now)
        kind = at(f"kind_{incident.kind}")
        since = incident.created_at.astimezone(self.desk.zone).strftime("%H:%M")
        for member in targets:
            if member is None or not member.phone:
                continue
            place = incident.place or at("unknown")
            for channel, key in ((Channel.SMS, "escalate_sms"), (Channel.VOICE, "escalate_voice")):
                text = at(key, incident=incident.id, kind=kind, place=place, since=since)
                if incident.unit == PPA_UNIT:
                    text = at("ppa_body", incident=incident.id)
                enqueue(session, OutboundMessage(channel=channel, recipient=member.phone,
                                                 text=text),
                        dedupe_key=f"esc:{incident.id}:{level}:{member.id}:{channel.value}",
                        kind=f"escalation_{channel.value}", now=now, priority=ALERT_PRIORITY,
                        case_id=incident.case_id)
