"""Dashboard figures over cases and steps: volume over time, SLA compliance, step durations."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Case, StepInstance, StepStatus
from backend.core.workflow.engine import Workflow

WIB = ZoneInfo("Asia/Jakarta")
AUTOMATIC = ("intake", "auto")


@dataclass(frozen=True)
class Scope:
    """Which agency's figures (None: every agency, for admins)."""

    agency: str | None


@dataclass(frozen=True)
class VolumeRow:
    week: date
    agency: str
    service: str
    cases: int


@dataclass(frozen=True)
class StepRow:
    service: str
    step: str
    role: str
    measured: int
    on_time: int
    median_minutes: float | None
    p90_minutes: float | None
    standard: str
    standard_minutes: int | None

    @property
    def compliance(self) -> float | None:
        return round(100 * self.on_time / self.measured, 1) if self.measured else None


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def week_of(moment: datetime) -> date:
    """The Monday (WIB) of the week containing ``moment``."""
    day = moment.astimezone(WIB).date()
    return day - timedelta(days=day.weekday())


def volume(session: Session, scope: Scope, *, now: datetime, weeks: int = 12) -> list[VolumeRow]:
    """Cases opened per week, agency and service over the last ``weeks`` weeks."""
    start = now - timedelta(weeks=weeks)
    statement = select(Case.created_at, Case.agency, Case.service_code).where(
        Case.created_at >= start)
    if scope.agency:
        statement = statement.where(Case.agency == scope.agency)
    counts = Counter((week_of(at), agency, service)
                     for at, agency, service in session.execute(statement))
    return [VolumeRow(week, agency, service, n)
            for (week, agency, service), n in sorted(counts.items())]


def _instances(session: Session, scope: Scope) -> list[tuple[StepInstance, str]]:
    statement = (select(StepInstance, Case.service_code)
                 .join(Case, Case.id == StepInstance.case_id)
                 .where(StepInstance.outcome.is_(None) | StepInstance.outcome.not_in(AUTOMATIC)))
    if scope.agency:
        statement = statement.where(Case.agency == scope.agency)
    return [(row[0], row[1]) for row in session.execute(statement)]


def steps(session: Session, workflow: Workflow, scope: Scope, *, now: datetime) -> list[StepRow]:
    """Per service and step: SLA compliance, median and 90th-percentile minutes, the standard.

    A step counts once it is finished or overdue; it is on time when finished by its due time.
    """
    groups: dict[tuple[str, str], list[StepInstance]] = defaultdict(list)
    for instance, service in _instances(session, scope):
        groups[(service, instance.step_id)].append(instance)
    rows = []
    for (service, step_id), instances in sorted(groups.items()):
        definition = workflow.catalog.get(service)
        step = definition.step(step_id)
        measured = [i for i in instances if i.due_at and (
            i.completed_at or (i.status == StepStatus.ACTIVE and now > i.due_at))]
        on_time = sum(1 for i in measured
                      if i.completed_at and i.due_at and i.completed_at <= i.due_at)
        minutes = [(i.completed_at - i.started_at).total_seconds() / 60
                   for i in instances if i.completed_at]
        standard = step.standard
        rows.append(StepRow(
            service=definition.name.id, step=step.number,
            role=definition.roles[step.actor].label, measured=len(measured), on_time=on_time,
            median_minutes=round(statistics.median(minutes), 1) if minutes else None,
            p90_minutes=round(percentile(minutes, 0.9), 1) if minutes else None,
            standard=standard.describe_id(),
            standard_minutes=standard.wall_minutes + standard.clock_minutes
            if standard.has_deadline and not standard.working_days else None))
    return rows


def by_service(rows: list[StepRow]) -> list[tuple[str, int, int]]:
    """(service, measured, on time) summed over each service's steps."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row.service][0] += row.measured
        totals[row.service][1] += row.on_time
    return [(service, m, o) for service, (m, o) in sorted(totals.items())]
