"""Figures from the handoff desk and the damkar alerts, when their tables hold data."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from backend.console.stats import Scope, percentile
from backend.core.models.alerts import Incident
from backend.core.models.handoff import HandoffTicket
from backend.core.policies import DAMKAR_AGENCY, DAMKAR_UNIT

DAMKAR_TARGET_MINUTES = 15


@dataclass(frozen=True)
class Spread:
    """How many measurements, their median and 90th percentile in minutes."""

    label: str
    count: int
    median: float | None
    p90: float | None
    within_target: int | None = None


def _spread(label: str, minutes: list[float], target: float | None = None) -> Spread:
    if not minutes:
        return Spread(label, 0, None, None, 0 if target else None)
    within = sum(1 for m in minutes if m <= target) if target else None
    return Spread(label, len(minutes), round(statistics.median(minutes), 1),
                  round(percentile(minutes, 0.9), 1), within)


def _has(session: Session, table: str) -> bool:
    return inspect(session.get_bind()).has_table(table)


def handoff_waits(session: Session, scope: Scope) -> list[Spread]:
    """Minutes from queueing to an agent taking the chat, per team (empty without data)."""
    if not _has(session, HandoffTicket.__tablename__):
        return []
    statement = select(HandoffTicket.team, HandoffTicket.queued_at, HandoffTicket.assigned_at)
    statement = statement.where(HandoffTicket.assigned_at.is_not(None))
    if scope.agency:
        statement = statement.where(HandoffTicket.team == scope.agency)
    waits: dict[str, list[float]] = {}
    for team, queued, assigned in session.execute(statement):
        waits.setdefault(team, []).append((cast(datetime, assigned) - queued).total_seconds() / 60)
    return [_spread(team, minutes) for team, minutes in sorted(waits.items())]


def damkar_response(session: Session, scope: Scope) -> list[Spread]:
    """Minutes from the report to acknowledge, depart and arrive, against 15 minutes."""
    if scope.agency not in (None, DAMKAR_AGENCY) or not _has(session, Incident.__tablename__):
        return []
    rows = session.execute(select(Incident.created_at, Incident.acknowledged_at,
                                  Incident.departed_at, Incident.arrived_at)
                           .where(Incident.unit == DAMKAR_UNIT)).all()
    if not rows:
        return []
    stages = {"Diterima (ack)": 1, "Berangkat": 2, "Tiba di lokasi": 3}
    return [_spread(label, [(cast(datetime, row[i]) - row[0]).total_seconds() / 60
                            for row in rows if row[i]],
                    DAMKAR_TARGET_MINUTES) for label, i in stages.items()]
