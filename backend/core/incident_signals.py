"""The crew's signals on an incident (Terima, Berangkat, Tiba, ...): which are offered, what each
stamps, and which step of the incident's case each completes."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.steps import AlertSignal, Step
from backend.core.models.alerts import Incident, IncidentEvent, IncidentStatus
from backend.core.policies import PPA_UNIT

SIGNALS: tuple[str, ...] = get_args(AlertSignal)
NEXT_STATUS = {"ack": IncidentStatus.ACKNOWLEDGED, "depart": IncidentStatus.DEPARTED,
               "arrive": IncidentStatus.ARRIVED, "done": IncidentStatus.DONE,
               "return": IncidentStatus.RETURNED}
STAMP = {"ack": "acknowledged_at", "depart": "departed_at", "arrive": "arrived_at",
         "done": "finished_at", "return": "returned_at"}


def record(incident: Incident, action: str, now: datetime, actor: str | None = None,
           note: str | None = None) -> None:
    """Append one time-stamped step to the incident's timeline."""
    incident.events.append(IncidentEvent(at=now, action=action, actor=actor, note=note))


def offered_signals(incident: Incident) -> list[str]:
    """The crew buttons the incident shows now, in order."""
    if incident.details.merged_into or incident.returned_at:
        return []
    if incident.acknowledged_at is None:
        return ["ack"]
    return [] if incident.unit == PPA_UNIT else ["depart", "arrive", "extra", "done", "return"]


def stamp_signal(incident: Incident, signal: str, *, who: str, via: str,
                 now: datetime) -> bool:
    """Stamp one crew signal on the incident and record it; False when it changes nothing
    (a second Terima: the first one wins)."""
    if signal == "extra":
        incident.details = incident.details.model_copy(
            update={"extra_units": (*incident.details.extra_units, now)})
    else:
        if getattr(incident, STAMP[signal]) is not None:
            return False
        setattr(incident, STAMP[signal], now)
        incident.status = NEXT_STATUS[signal]
    if signal == "ack":
        incident.acknowledged_by = who
        incident.next_escalation_at = None
        if incident.delivered_at is None:  # taken, so it reached someone
            incident.delivered_at, incident.delivered_via = now, via
    record(incident, signal, now, actor=who, note=via)
    return True


def signal_of_step(step: Step, outcome: str | None) -> str | None:
    """The crew signal a step completed on the case page stands for: the step's ``signal``
    in the catalog (Terima for s2, Berangkat for s4, ...), or its chosen branch's (s6's
    branch back: more engines)."""
    branch = next((o for o in step.outcomes if outcome in (o.label, o.kind.value)), None)
    return branch.signal if branch is not None and branch.signal else step.signal


def step_of_signal(definition: ServiceDefinition, signal: str) -> str | None:
    """The id of the case step that ``signal`` completes, if any."""
    return next((step.id for step in definition.steps if step.signal == signal), None)
