"""Reports becoming incidents: a new incident, the reporter's answers it shows, the duplicate
of an open one nearby, the merge into it, and the PPA report that calls for an alert."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from backend.core.incident_signals import record
from backend.core.models import Case
from backend.core.models.alerts import Incident, IncidentReporter, IncidentStatus
from backend.core.models.incident_details import IncidentDetails
from backend.core.policies import PPA_SERVICE, PPA_UNIT


def open_incident(unit: str, kind: str, case_id: int, now: datetime,
                  ack_timeout: timedelta) -> Incident:
    """A new incident, escalated if nobody takes it within ``ack_timeout``."""
    return Incident(unit=unit, kind=kind, case_id=case_id, created_at=now,
                    status=IncidentStatus.OPEN, details=IncidentDetails(),
                    next_escalation_at=now + ack_timeout)


def distance_meters(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def coordinates(value: str) -> tuple[float, float] | None:
    """A shared pin's "lat,lon"; None for a typed place ("Jl. Mawar 3, dekat pasar")."""
    latitude, _, longitude = value.partition(",")
    try:
        point = float(latitude), float(longitude)
    except ValueError:
        return None
    return point if abs(point[0]) <= 90 and abs(point[1]) <= 180 else None


def take_answers(incident: Incident, answers: Mapping[str, str],
                 displays: Mapping[str, str]) -> None:
    """Copy the reporter's answers the alert shows (as displayed) and the place onto the
    incident."""
    shown: dict[str, str] = {}
    for name, value in answers.items():
        if not value:
            continue
        if name in IncidentDetails.answer_names():
            shown[name] = displays.get(name, value)
        if name.endswith("location") and (point := coordinates(value)) is not None:
            incident.latitude, incident.longitude = point
        if name.endswith("location"):
            incident.place = displays.get(name, value)
    incident.details = incident.details.model_copy(update=shown)


METERS_PER_DEGREE = 111_320.0  # of latitude; of longitude at the equator


def find_duplicate(session: Session, incident: Incident, now: datetime, window: timedelta,
                   radius_meters: float) -> Incident | None:
    """An open incident of the same unit reported within ``window`` at the same place: within
    ``radius_meters`` of its pin, or the same typed place. The database narrows the window's
    incidents to the same place or a box around the pin (plain columns, no incident details
    decoded): a crowd of reports costs a few rows each, not the whole window."""
    if incident.place is None:
        return None
    near = [func.lower(Incident.place) == incident.place.lower()]
    pin = (incident.latitude, incident.longitude) if incident.latitude is not None and \
        incident.longitude is not None else None
    if pin is not None:
        lat_span = radius_meters / METERS_PER_DEGREE
        lon_span = lat_span / max(math.cos(math.radians(pin[0])), 0.01)
        near.append(and_(Incident.latitude.between(pin[0] - lat_span, pin[0] + lat_span),
                         Incident.longitude.between(pin[1] - lon_span, pin[1] + lon_span)))
    candidates = session.execute(select(Incident.id, Incident.latitude, Incident.longitude,
                                        Incident.place).where(
        Incident.unit == incident.unit, Incident.id != incident.id,
        Incident.created_at >= now - window,
        Incident.status.not_in([IncidentStatus.DONE, IncidentStatus.RETURNED]),
        or_(*near),
    ).order_by(Incident.created_at)).all()
    for row in candidates:
        same_pin = pin is not None and row.latitude is not None and row.longitude is not None \
            and distance_meters(pin, (row.latitude, row.longitude)) <= radius_meters
        same_place = bool(row.place) and row.place.lower() == incident.place.lower()
        if not (same_pin or same_place):
            continue
        other = session.get(Incident, row.id)
        if other is not None and not other.details.merged_into:
            return other
    return None


def merge_into(incident: Incident, original: Incident, conversation_id: int,
               now: datetime) -> None:
    """Close ``incident`` as a duplicate of ``original``, whose reporters its reporter joins
    (once: a citizen may report the same fire twice)."""
    if all(reporter.conversation_id != conversation_id for reporter in original.reporters):
        original.reporters.append(IncidentReporter(conversation_id=conversation_id,
                                                   created_at=now))
        record(original, "reporter_added", now)
    incident.details = incident.details.model_copy(update={"merged_into": original.id})
    incident.status = IncidentStatus.DONE
    incident.next_escalation_at = None
    record(incident, "merged", now, note=f"#{original.id}")


def needs_ppa_alert(session: Session, case: Case) -> bool:
    """A PPA report that says someone is in danger now (or an agent marked Urgent), whose
    case has no PPA incident yet."""
    if case.service_code != PPA_SERVICE:
        return False
    fields = {f.name: f.value.lower() for f in case.fields}
    danger = fields.get("in_danger") == "ya" or fields.get("urgency") == "urgent"
    return danger and session.scalar(select(Incident.id).where(
        Incident.unit == PPA_UNIT, Incident.case_id == case.id)) is None
