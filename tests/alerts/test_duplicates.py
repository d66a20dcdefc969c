"""A second report of the same fire finds the open incident: within the radius of its pin, or
at the same typed place; never a closed, merged or far-away one (``find_duplicate``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from backend.core.incident_reports import find_duplicate, merge_into
from backend.core.models import Citizen, Conversation, ConversationMode
from backend.core.models.alerts import Incident, IncidentStatus
from backend.core.models.incident_details import IncidentDetails

NOW = datetime(2026, 12, 3, 5, 30, tzinfo=UTC)
WINDOW, RADIUS = timedelta(minutes=30), 1000.0
PASAR = (-5.7250, 105.5920)


def incident(session: Session, *, place: str, pin: tuple[float, float] | None = None,
             minutes_ago: float = 5, status: IncidentStatus = IncidentStatus.OPEN,
             merged_into: int | None = None) -> Incident:
    row = Incident(unit="damkar", kind="fire", status=status, place=place,
                   latitude=pin[0] if pin else None, longitude=pin[1] if pin else None,
                   details=IncidentDetails(merged_into=merged_into),
                   created_at=NOW - timedelta(minutes=minutes_ago))
    session.add(row)
    session.flush()
    return row


def test_the_open_incident_nearby_or_at_the_same_place_is_found(session: Session) -> None:
    session.execute(delete(Incident))
    original = incident(session, place="Pasar Kalianda", pin=PASAR)
    near = incident(session, place="dekat pasar", pin=(PASAR[0] + 0.004, PASAR[1] + 0.004),
                    minutes_ago=0)  # about 630 m away
    assert find_duplicate(session, near, NOW, WINDOW, RADIUS) is original
    typed = incident(session, place="PASAR KALIANDA", minutes_ago=0)  # no pin, same place
    assert find_duplicate(session, typed, NOW, WINDOW, RADIUS) is original
    session.rollback()


def test_far_closed_merged_or_old_incidents_are_not_duplicates(session: Session) -> None:
    session.execute(delete(Incident))
    incident(session, place="Pelabuhan Bakauheni", pin=(-5.8700, 105.7520))  # 30 km away
    incident(session, place="Pasar Kalianda", pin=PASAR, status=IncidentStatus.DONE)
    first = incident(session, place="Pasar Kalianda", pin=PASAR, minutes_ago=10)
    incident(session, place="Pasar Kalianda", pin=PASAR, merged_into=first.id, minutes_ago=8)
    first.status = IncidentStatus.RETURNED
    incident(session, place="Pasar Kalianda", pin=PASAR, minutes_ago=45)  # outside the window
    report = incident(session, place="Pasar Kalianda", pin=(PASAR[0] + 0.001, PASAR[1]),
                      minutes_ago=0)
    session.flush()
    assert find_duplicate(session, report, NOW, WINDOW, RADIUS) is None
    session.rollback()


def test_a_citizen_reporting_the_same_fire_again_is_one_reporter(session: Session) -> None:
    """Seen under a crowd: the second report's "same fire?" answered yes crashed the turn (the
    reporter was added twice) and blocked the citizen's chat."""
    citizen = Citizen(display_name="Pelapor Uji", created_at=NOW)
    session.add(citizen)
    session.flush()
    chat = Conversation(channel="telegram", external_id="dup-reporter-1", citizen_id=citizen.id,
                        state={}, mode=ConversationMode.BOT, created_at=NOW, updated_at=NOW)
    session.add(chat)
    session.flush()
    original = incident(session, place="Pasar Kalianda", pin=PASAR)
    for minutes in (3, 1):  # the same citizen, twice more
        again = incident(session, place="pasar kalianda", minutes_ago=minutes)
        merge_into(again, original, chat.id, NOW)
        session.flush()
    assert [reporter.conversation_id for reporter in original.reporters] == [chat.id]
    session.rollback()
