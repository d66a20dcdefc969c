"""The piket's Telegram alert of an incident, rebuilt from its current state: its text and its
crew buttons."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from backend.core.incident_signals import NEXT_STATUS, STAMP, offered_signals
from backend.core.messages import Button
from backend.core.models.alerts import Incident
from backend.core.policies import PPA_UNIT
from bot.alerts.texts import at


def pre_alert_text(kind: str, text: str | None) -> str:
    """The alert of a fire or rescue report just in, before it is processed."""
    return f"{at(f'{kind}_title')} (baru masuk)\n{(text or '')[:300]}\n{at('status_open')}"


def status_line(incident: Incident, zone: ZoneInfo) -> str:
    """Who took the incident and when each crew signal came."""
    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%H:%M") if moment else "-"
    if incident.details.merged_into:
        return f"Digabung ke laporan #{incident.details.merged_into}"
    lines = [at("status_open")] if incident.acknowledged_at is None else [
        at("status_acknowledged", who=incident.acknowledged_by or "-",
           at=when(incident.acknowledged_at))]
    for signal in ("depart", "arrive", "done", "return"):
        moment = getattr(incident, STAMP[signal])
        if moment:
            lines.append(at(f"status_{NEXT_STATUS[signal].value}", at=when(moment)))
    for moment in incident.details.extra_units:
        lines.append(at("extra_units", at=when(moment)))
    return "\n".join(lines)


def alert_text(incident: Incident, zone: ZoneInfo) -> str:
    """The piket's view of the incident."""
    if incident.unit == PPA_UNIT:  # discreet: no story, no name, no place
        return at("ppa_body", incident=incident.id) + "\n" + status_line(incident, zone)
    details = incident.details
    unknown = at("unknown")
    truck = details.truck_access or unknown
    return at("alert_body", title=at(f"{incident.kind}_title"), incident=incident.id,
              place=incident.place or unknown,
              directions=details.directions or unknown, truck=truck,
              reporter=details.reporter_name or unknown,
              reporters=len(incident.reporters),
              reported_at=incident.created_at.astimezone(zone).strftime("%d-%m %H:%M"),
              status=status_line(incident, zone))


def alert_buttons(incident: Incident) -> list[Button]:
    """The crew buttons the alert shows now."""
    return [Button(label=at(f"button_{s}"), payload=f"inc:{incident.id}:{s}")
            for s in offered_signals(incident)]
