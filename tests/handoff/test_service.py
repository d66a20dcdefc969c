"""The transition table and the queue order, on the database alone."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Citizen, Conversation, ConversationMode
from backend.core.models.handoff import HandoffEvent
from handoff import service
from tests.support.app import at

EXTERNAL_IDS = itertools.count(990001)
NOW = at("2026-11-24 10:00")


def new_conversation(session: Session) -> Conversation:
    citizen = Citizen(display_name="Warga", created_at=NOW)
    session.add(citizen)
    session.flush()
    conversation = Conversation(channel="telegram", external_id=str(next(EXTERNAL_IDS)),
                                citizen_id=citizen.id, state={}, mode=ConversationMode.BOT,
                                created_at=NOW, updated_at=NOW)
    session.add(conversation)
    session.flush()
    return conversation


def test_moves_outside_the_table_are_refused(session: Session) -> None:
    conversation = new_conversation(session)
    with pytest.raises(service.InvalidTransition):
        service.move(session, conversation, None, to=ConversationMode.AGENT, reason="taken",
                     now=NOW)
    with pytest.raises(service.InvalidTransition):
        service.move(session, conversation, None, to=ConversationMode.QUEUED, reason="whim",
                     now=NOW)
    assert conversation.mode == "bot"
    session.rollback()


def test_ppa_and_urgent_go_first_then_the_longest_waiting(session: Session) -> None:
    team = f"uji-{next(EXTERNAL_IDS)}"
    tickets = {}
    for name, minutes, priority, ppa in (("routine-old", 0, 5, False), ("urgent", 5, 1, False),
                                         ("routine-new", 8, 5, False), ("ppa", 9, 0, True)):
        tickets[name] = service.enqueue(session, new_conversation(session), reason="citizen_asked",
                                        team=team, priority=priority, ppa=ppa, callback=False,
                                        now=NOW + timedelta(minutes=minutes))
    order = [t.id for t in service.queue(session, {team})]
    assert order == [tickets[n].id for n in ("ppa", "urgent", "routine-old", "routine-new")]
    assert service.position(session, tickets["routine-new"]) == 4
    events = session.scalars(select(HandoffEvent)
                             .where(HandoffEvent.ticket_id == tickets["ppa"].id)).all()
    assert [(e.from_mode, e.to_mode, e.reason) for e in events] == [
        ("bot", "queued", "citizen_asked")]
    session.rollback()
