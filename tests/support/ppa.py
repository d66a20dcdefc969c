"""Helpers of the PPA tests: what a chat's cases, fields and state are, what the bot said
to one message, and whether a message was flagged PPA-only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Case, CaseField, InboundRecord
from dialogs.state import DialogState
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.channels import bot_texts, tg, wa
from tests.support.handoff import conversation

SIGNS = "anak saya dimarahin terus sama bapaknya sampai takut pulang"  # signs, not unmistakable
QUESTION = "anak atau perempuan yang mengalami kekerasan"


def cases_of(client: TestClient, channel: str, sender: str) -> list[Case]:
    citizen = conversation(client, channel, sender).citizen_id
    with client.app.state.sessions() as session:
        return list(session.scalars(select(Case).where(Case.citizen_id == citizen)
                                    .order_by(Case.id)))


def fields_of(client: TestClient, case: Case) -> dict[str, str]:
    with client.app.state.sessions() as session:
        return {f.name: f.value for f in session.scalars(
            select(CaseField).where(CaseField.case_id == case.id))}


def state_of(client: TestClient, channel: str, sender: str) -> DialogState:
    return DialogState.model_validate(conversation(client, channel, sender).state or {})


def telegram_says(client: TestClient, telegram: FakeTelegram, chat: int,
                  text: str) -> list[str]:
    before = len(telegram.sent("sendMessage"))
    assert tg(client, telegram.text_update(chat, text)) == 200
    return bot_texts(telegram, before)


def whatsapp_says(client: TestClient, twilio: FakeTwilio, phone: str, text: str) -> list[str]:
    before = len(twilio.sent())
    assert wa(client, twilio, twilio.incoming_form(text, from_=phone)) == 200
    return [c.params.get("Body") or "" for c in twilio.sent()[before:]]


def flagged(client: TestClient, text: str) -> bool:
    with client.app.state.sessions() as session:
        record = session.scalar(select(InboundRecord).where(
            InboundRecord.payload["text"].as_string() == text))
        assert record is not None
        return bool(record.ppa)
