"""What an incident keeps beside its columns: the reporter's answers the alert shows, and the
alert's own bookkeeping (its messages per piket chat, revision, pin, merge, extra engines).

Stored as JSON in ``incidents.details``; ``IncidentDetailsType`` is the one place it is parsed
and dumped, so code reads and writes ``IncidentDetails`` fields, never dict keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Dialect
from sqlalchemy.types import TypeDecorator


class IncidentDetails(BaseModel):
    """Immutable: change it with ``model_copy(update=...)`` and assign it back."""

    # Rows written before this model carried every intake answer and a "reporter" key.
    model_config = ConfigDict(frozen=True, extra="ignore")

    # The damkar intake's answers (as displayed to the citizen); the case keeps them all.
    reporter_name: str | None = None
    evacuation_object: str | None = None
    incident_location: str | None = None
    directions: str | None = None
    truck_access: str | None = None
    # The piket group alert: its outbox message per chat (edited in place), its revision,
    # whether the location pin was sent.
    alerts: dict[str, int | None] = {}
    revision: int = 0
    pinned: bool = False
    merged_into: int | None = None  # a duplicate report folded into that incident
    extra_units: tuple[datetime, ...] = ()  # when more engines were asked for

    @classmethod
    def answer_names(cls) -> frozenset[str]:
        """The intake answers kept here."""
        return frozenset({"reporter_name", "evacuation_object", "incident_location",
                          "directions", "truck_access"})


class IncidentDetailsType(TypeDecorator[IncidentDetails]):
    """``IncidentDetails`` in a JSON column."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: IncidentDetails | None,
                           dialect: Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, IncidentDetails):
            raise TypeError("incidents.details takes an IncidentDetails")
        return value.model_dump(mode="json", exclude_defaults=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> IncidentDetails:
        return IncidentDetails.model_validate(value or {})
