"""What a fire reporter is told when the alert got through: the notice arrives after the bot's
question about the report, so while that question waits the notice points back to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.incident_reports import open_incident
from backend.core.models import Citizen, Conversation, ConversationMode, OutboxMessage
from backend.core.models.alerts import IncidentReporter
from backend.core.policies import DAMKAR_UNIT
from bot.alerts.outbound import tell_reporters
from dialogs.state import Flow

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def reporter(session: Session, chat: str, flow: Flow | None) -> Conversation:
    citizen = Citizen(display_name="Pelapor Uji", created_at=NOW)
    session.add(citizen)
    session.flush()
    conversation = Conversation(channel="telegram", external_id=chat, citizen_id=citizen.id,
                                state={"flow": flow.value} if flow else {},
                                mode=ConversationMode.BOT, created_at=NOW, updated_at=NOW)
    session.add(conversation)
    session.flush()
    return conversation


def test_the_delivered_notice_points_to_a_question_still_waiting(session: Session) -> None:
    asked = reporter(session, "notice-asked", Flow.EMERGENCY)
    done = reporter(session, "notice-done", None)
    incident = open_incident(DAMKAR_UNIT, "fire", None, NOW, timedelta(seconds=60))
    incident.reporters = [IncidentReporter(conversation_id=asked.id, created_at=NOW),
                          IncidentReporter(conversation_id=done.id, created_at=NOW)]
    session.add(incident)
    session.flush()
    tell_reporters(session, incident, "emergency_delivered", "delivered", NOW,
                   still_asking="emergency_question_above")
    texts = dict(session.execute(select(OutboxMessage.recipient, OutboxMessage.body).where(
        OutboxMessage.recipient.in_(["notice-asked", "notice-done"]))).tuples().all())
    assert "SUDAH diteruskan" in texts["notice-asked"]
    assert "jawab pertanyaan di atas" in texts["notice-asked"]
    assert "SUDAH diteruskan" in texts["notice-done"]
    assert "pertanyaan di atas" not in texts["notice-done"]
    session.rollback()
