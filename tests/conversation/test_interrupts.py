"""Emergencies win at every prompt: a fire, rescue or violence report typed in the middle of an
application leaves it at once, starts the emergency (the piket alerted, the citizen advised and
asked where), and the application is offered back afterwards. Over the Telegram and WhatsApp
protocol fakes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from backend.core.config import Settings
from backend.core.models import Case, Conversation
from backend.core.models.alerts import Incident
from backend.core.models.handoff import HandoffTicket, TicketStatus
from dialogs.state import DialogState
from tests.bot.samples import tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, drain
from tests.support.channels import bot_texts, client_with_piket, kia_over_telegram, tg, wa

GROUP = -100777
FIRE = "tolong ada kebakaran di rumah sebelah"


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    with client_with_piket(settings, tmp_path, engine, clock, telegram, twilio,
                           group=GROUP) as client:
        yield client


def state_of(client: TestClient, channel: str, sender: str) -> DialogState:
    with client.app.state.sessions() as session:
        conversation = session.scalar(select(Conversation).where(
            Conversation.channel == channel, Conversation.external_id == sender))
        assert conversation is not None
        return DialogState.model_validate(conversation.state or {})


def cases_of(client: TestClient, channel: str, sender: str) -> list[Case]:
    with client.app.state.sessions() as session:
        conversation = session.scalar(select(Conversation).where(
            Conversation.channel == channel, Conversation.external_id == sender))
        assert conversation is not None
        return list(session.scalars(select(Case).where(
            Case.citizen_id == conversation.citizen_id).order_by(Case.id)))


def incident_of(client: TestClient, case: Case) -> Incident | None:
    with client.app.state.sessions() as session:
        return session.scalar(select(Incident).where(Incident.case_id == case.id))


def piket_texts(telegram: FakeTelegram) -> list[str]:
    return [c.params.get("text") or "" for c in telegram.sent("sendMessage")
            if str(c.params.get("chat_id")) == str(GROUP)]


def say(client: TestClient, telegram: FakeTelegram, chat: int, *texts: str) -> list[str]:  # noqa: F811
    before = len(telegram.sent("sendMessage"))
    for text in texts:
        assert tg(client, telegram.text_update(chat, text)) == 200
    return [t for t in bot_texts(telegram, before) if t]


def test_a_fire_at_the_childs_name_prompt_is_an_emergency_and_kia_comes_back(
        client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock) -> None:  # noqa: F811
    asked = say(client, telegram, chat, "mau bikin KIA", "12-03-2023")
    assert "nama lengkap anak" in asked[-1].lower()
    replies = say(client, telegram, chat, FIRE)
    assert any("damkar" in r.lower() and "113" in r for r in replies), replies
    assert not any("BELUM dapat" in r for r in replies)  # the piket group is reachable
    state = state_of(client, "telegram", str(chat))
    assert state.flow == "emergency" and "child_name" not in state.answers
    assert state.suspended and state.suspended["service"] == "kia-0-5"
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "damkar-kebakaran" and incident_of(client, case) is not None
    assert any("KEBAKARAN" in text for text in piket_texts(telegram))
    # The crew's questions, then the offer to go back to the KIA application.
    replies = say(client, telegram, chat, "Jl. Mawar 3, dekat pasar Kalianda, apinya besar",
                  "Rudi", "masuk gang sebelah masjid", "ya")
    with client.app.state.sessions() as session:
        incident = session.scalar(select(Incident).where(Incident.case_id == case.id))
        assert incident is not None and (incident.place or "").startswith("Jl. Mawar 3")
    # "apinya besar" was pre-alerted as a new fire when it arrived: the crew is told in place
    # that it belongs to the report already in (once that pre-alert is out).
    clock.advance(seconds=2)
    drain(client)
    edits = [c.params.get("text") or "" for c in telegram.calls("editMessageText")
             if str(c.params.get("chat_id")) == str(GROUP)]
    assert any(f"laporan #{incident.id}" in e and "BUKAN" in e for e in edits), edits
    assert "Kartu Identitas Anak" in replies[-1] and "Lanjutkan" in replies[-1], replies
    assert any("Mawar 3" in e for e in edits)  # and the alert itself shows the place
    before = len(telegram.sent("sendMessage"))
    assert tg(client, telegram.callback_update(chat, "resume:yes")) == 200
    assert "nama lengkap anak" in bot_texts(telegram, before)[-1].lower()
    assert "NIK anak" in say(client, telegram, chat, "Citra Lestari")[-1]
    assert state_of(client, "telegram", str(chat)).answers["child_name"] == "Citra Lestari"


def test_a_fire_at_a_date_prompt_over_whatsapp_starts_the_emergency(
        client: TestClient, twilio: FakeTwilio, telegram: FakeTelegram, phone: str) -> None:  # noqa: F811
    for text in ("mau urus akta kelahiran bayi baru lahir", "ya", "Putri Ayu"):
        assert wa(client, twilio, twilio.incoming_form(text, from_=phone)) == 200
    state = state_of(client, "whatsapp", phone)
    assert state.flow == "intake" and state.answers.get("child_name") == "Putri Ayu"
    assert wa(client, twilio, twilio.incoming_form(FIRE, from_=phone)) == 200
    state = state_of(client, "whatsapp", phone)
    assert state.flow == "emergency" and "child_birth_date" not in state.answers
    texts = [c.params.get("Body") or "" for c in twilio.sent()]
    assert not any("Tanggal tidak terbaca" in text for text in texts[-3:]), texts[-3:]
    assert any("113" in text for text in texts[-3:])
    (case,) = cases_of(client, "whatsapp", phone)
    assert case.service_code == "damkar-kebakaran" and incident_of(client, case) is not None


def test_a_snake_at_a_document_prompt_is_a_rescue(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:  # noqa: F811
    say(client, telegram, chat, "mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati",
        "1801041203230007", "Sari Lestari", "081234567890")
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    assert state_of(client, "telegram", str(chat)).stage == "document"
    replies = say(client, telegram, chat, "ada ular kobra masuk ke dapur")
    assert any("damkar" in r.lower() for r in replies)
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "damkar-evakuasi"


def test_words_of_the_report_itself_are_answers_not_a_new_emergency(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:  # noqa: F811
    say(client, telegram, chat, FIRE, "dekat pasar, apinya sudah besar sekali")
    (case,) = cases_of(client, "telegram", str(chat))
    state = state_of(client, "telegram", str(chat))
    assert state.flow == "emergency" and state.index == 1 and not state.suspended
    assert len(cases_of(client, "telegram", str(chat))) == 1 and case


def test_a_fire_in_the_agent_queue_leaves_the_queue_for_the_emergency(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:  # noqa: F811
    say(client, telegram, chat, "saya mau bicara dengan petugas")
    with client.app.state.sessions() as session:
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == str(chat)))
        assert conversation is not None and conversation.mode == "queued"
    replies = say(client, telegram, chat, FIRE)
    assert any("113" in r for r in replies), replies
    with client.app.state.sessions() as session:
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == str(chat)))
        assert conversation is not None and conversation.mode == "bot"
        ticket = session.scalar(select(HandoffTicket).where(
            HandoffTicket.conversation_id == conversation.id))
        assert ticket is not None and ticket.status == TicketStatus.CLOSED
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "damkar-kebakaran" and incident_of(client, case) is not None


def test_a_photo_caption_naming_a_fire_during_an_upload_is_the_emergency(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:  # noqa: F811
    say(client, telegram, chat, "mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati",
        "1801041203230007", "Sari Lestari", "081234567890")
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    update = telegram.photo_update(chat, telegram.add_file(tiny_png(7), "image/png"), 120)
    update["message"]["caption"] = "rumah tetangga kebakaran!!"
    assert tg(client, update) == 200
    assert state_of(client, "telegram", str(chat)).flow == "emergency"


def test_cek_status_at_the_another_child_question_is_answered_not_trapped(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:  # noqa: F811
    number = kia_over_telegram(client, telegram, chat)
    assert "anak lain" in bot_texts(telegram)[-1]
    buttons = telegram.sent("sendMessage")[-1].params.get("reply_markup")
    assert "Tidak" in str(buttons) and "Bukan" not in str(buttons)
    replies = say(client, telegram, chat, "cek status")
    assert any(number in r for r in replies), replies
    assert not any("Jawab *ya* atau *tidak*" in r for r in replies)
