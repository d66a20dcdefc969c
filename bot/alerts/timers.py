"""When the escalation and the delivery watch next have something to do, so that their loop
sleeps while no incident waits instead of looking every few seconds; and the wake-up of the
process that opened an incident (it looks at once, then sleeps until that incident is due)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.core.db import on_committed
from backend.core.incidents import CLOSED, TELL_WITHIN
from backend.core.models.alerts import Incident
from backend.core.policies import DAMKAR_UNIT

OPENED = "incident_opened"  # session.info: this transaction opened an incident
NEXT_ESCALATION = (select(func.min(Incident.next_escalation_at))
                   .where(Incident.acknowledged_at.is_(None))
                   .scalar_subquery())
# The oldest report whose reporters have not heard yet whether the alert got through
# (``DeliveryWatch``): they are told "call 113/112" when the delivery timeout passes.
OLDEST_UNTOLD = (select(func.min(Incident.created_at))
                 .where(Incident.unit == DAMKAR_UNIT, Incident.delivered_at.is_(None),
                        Incident.unreachable_at.is_(None), Incident.case_id.is_not(None),
                        Incident.created_at >= bindparam("since"),
                        Incident.status.not_in(CLOSED))
                 .scalar_subquery())
NEXT_CHECK = select(NEXT_ESCALATION, OLDEST_UNTOLD)


def opened(session: Session) -> None:
    """Mark the transaction as one that opened an incident (see ``on_opened``)."""
    session.info[OPENED] = True


def on_opened(sessions: sessionmaker[Session], wake: Callable[[], None]) -> None:
    """Call ``wake()`` once a transaction that opened an incident has committed."""
    on_committed(sessions, OPENED, lambda _opened: wake())


def next_check(connection: Connection, now: datetime,
               delivery_timeout: timedelta) -> datetime | None:
    """When an open incident is next due for escalation or for telling its reporters that
    nothing got through (None: no incident waits)."""
    escalation, untold = connection.execute(NEXT_CHECK, {"since": now - TELL_WITHIN}).one()
    times = [_aware(escalation)] if escalation is not None else []
    if untold is not None:
        times.append(_aware(untold) + delivery_timeout)
    return min(times, default=None)


def _aware(value: datetime) -> datetime:
    """SQLite returns naive UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
