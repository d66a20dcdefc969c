"""``incidents.details`` is typed: rows of the old free-form dict still read, writes are the
model's fields only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models.alerts import Incident
from backend.core.models.incident_details import IncidentDetails, IncidentDetailsType

OLD_ROW = {"reporter": None, "reporter_name": "Budi", "directions": "dekat masjid",
           "incident_location": "Pasar Kalianda", "alerts": {"-1001": 7}, "revision": 3,
           "pinned": True, "extra_units": ["2026-11-24T09:05:00+07:00"], "merged_into": None,
           "some_new_field": "x"}


def test_a_row_of_the_old_dict_reads_into_the_model() -> None:
    details = IncidentDetailsType().process_result_value(OLD_ROW, dialect=None)  # type: ignore[arg-type]
    assert details.reporter_name == "Budi" and details.alerts == {"-1001": 7}
    assert details.revision == 3 and details.pinned and details.merged_into is None
    assert details.extra_units == (datetime(2026, 11, 24, 2, 5, tzinfo=UTC),)


def test_it_is_dumped_as_json_and_only_as_the_model() -> None:
    decorator = IncidentDetailsType()
    details = IncidentDetails(truck_access="Bisa", extra_units=(datetime(2026, 1, 1, tzinfo=UTC),))
    assert decorator.process_bind_param(details, dialect=None) == {  # type: ignore[arg-type]
        "truck_access": "Bisa", "extra_units": ["2026-01-01T00:00:00Z"]}
    with pytest.raises(TypeError):
        decorator.process_bind_param({"alerts": {}}, dialect=None)  # type: ignore[arg-type]


def test_it_round_trips_through_the_database(session: Session) -> None:
    with session.begin():
        incident = Incident(unit="damkar", kind="fire")
        session.add(incident)
        session.flush()
        assert incident.details == IncidentDetails()
        incident.details = incident.details.model_copy(
            update={"alerts": {"-1001": 5}, "revision": 1, "merged_into": 4})
    session.expire_all()
    found = session.scalar(select(Incident).where(Incident.id == incident.id))
    assert found is not None
    assert (found.details.alerts, found.details.revision, found.details.merged_into) == (
        {"-1001": 5}, 1, 4)
