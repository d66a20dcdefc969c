"""The violence screen on text that never passes an intake: notes sent for a returned case
(Telegram and WhatsApp), the caption of a photo sent for it, and messages relayed to an agent
in a routine ticket. Signs of violence flag the message PPA-only and ask the discreet question;
"ya" opens the PPA report with the words (and the photo), "tidak" lets them go where they were
going."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Case, CaseDocument
from backend.core.workflow.actors import Actor
from tests.bot.samples import tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import drain
from tests.support.channels import bot_texts, kia_over_telegram, tg, wa
from tests.support.handoff import conversation, on_shift, post, ticket_of
from tests.support.ppa import (
    QUESTION,
    SIGNS,
    cases_of,
    fields_of,
    flagged,
    state_of,
    telegram_says,
    whatsapp_says,
)

MISSING = "KTP-el ayah yang jelas"


def _returned(client: TestClient, number: str) -> None:
    """The operator completes the first step and returns the case for a missing item."""
    operator = Actor(kind="officer", id="t-operator", name="operator", agency="disdukcapil",
                     roles=frozenset({"operator"}))
    workflow = client.app.state.workflow
    with client.app.state.sessions() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        now = client.app.state.clock()
        workflow.complete(case, actor=operator, now=now)
        workflow.return_to_applicant(case, actor=operator, now=now, missing_items=[MISSING])
    drain(client)


def _kia_over_whatsapp(client: TestClient, twilio: FakeTwilio, phone: str) -> str:
    for text in ("mau buat kia anak saya", "12 Maret 2023", "Bagas Saputra", "lewati",
                 "1801041203230007", "Siti Aminah", "0812 3456 7890", "3"):
        assert wa(client, twilio, twilio.incoming_form(from_=phone, body=text)) == 200
    for index in range(4):
        url = twilio.add_media(tiny_png(60 + index), "image/png")
        assert wa(client, twilio, twilio.incoming_form(from_=phone,
                                                        media=[(url, "image/png")])) == 200
    for text in ("selesai", "lewati", "1"):
        assert wa(client, twilio, twilio.incoming_form(from_=phone, body=text)) == 200
    (case,) = cases_of(client, "whatsapp", phone)
    return case.number


def test_signs_in_a_note_for_a_returned_case_ask_and_yes_opens_the_report_on_telegram(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    number = kia_over_telegram(client, telegram, chat)
    _returned(client, number)
    asked = telegram_says(client, telegram, chat, SIGNS)
    assert QUESTION in asked[-1] and flagged(client, SIGNS)
    assert state_of(client, "telegram", str(chat)).supply_notes == []
    replies = telegram_says(client, telegram, chat, "ya")
    assert any("RAHASIA" in r for r in replies)
    kia, report = cases_of(client, "telegram", str(chat))
    assert kia.number == number and report.service_code == "ppa-pengaduan"
    assert fields_of(client, report)["chronology"] == SIGNS
    state = state_of(client, "telegram", str(chat))
    assert state.suspended and state.suspended["supply_case"] == number  # offered back later


def _documents(client: TestClient, case: Case) -> list[str]:
    with client.app.state.sessions() as session:
        return list(session.scalars(select(CaseDocument.code).where(
            CaseDocument.case_id == case.id).order_by(CaseDocument.id)))


def test_a_photo_captioned_with_signs_for_a_returned_case_asks_and_yes_makes_it_evidence(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    number = kia_over_telegram(client, telegram, chat)
    _returned(client, number)
    (kia,) = cases_of(client, "telegram", str(chat))
    before = len(telegram.sent("sendMessage"))
    file_id = telegram.add_file(tiny_png(33), "image/png")
    assert tg(client, telegram.photo_update(chat, file_id, 120, caption=SIGNS)) == 200
    (asked,) = bot_texts(telegram, before)
    assert QUESTION in asked and flagged(client, SIGNS)
    state = state_of(client, "telegram", str(chat))
    assert state.supply_documents == [] and state.supply_notes == []
    telegram_says(client, telegram, chat, "ya")
    kia, report = cases_of(client, "telegram", str(chat))
    assert report.service_code == "ppa-pengaduan"
    assert fields_of(client, report)["chronology"] == SIGNS
    assert _documents(client, report) == ["bukti"]
    assert "bukti" not in _documents(client, kia) and len(_documents(client, kia)) == 4
    assert state_of(client, "telegram", str(chat)).suspended["supply_documents"] == []


def test_no_to_the_question_keeps_the_note_for_the_officer_on_whatsapp(
        client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    number = _kia_over_whatsapp(client, twilio, phone)
    _returned(client, number)
    asked = whatsapp_says(client, twilio, phone, SIGNS)
    assert QUESTION in asked[-1] and flagged(client, SIGNS)
    whatsapp_says(client, twilio, phone, "tidak")
    state = state_of(client, "whatsapp", phone)
    assert state.flow == "supply" and state.supply_notes == [SIGNS]
    assert len(cases_of(client, "whatsapp", phone)) == 1


def test_signs_in_a_note_ask_on_whatsapp_and_yes_opens_the_report(
        client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    number = _kia_over_whatsapp(client, twilio, phone)
    _returned(client, number)
    whatsapp_says(client, twilio, phone, SIGNS)
    whatsapp_says(client, twilio, phone, "iya")
    kia, report = cases_of(client, "whatsapp", phone)
    assert kia.number == number and fields_of(client, report)["chronology"] == SIGNS


def _held_by_agent(client: TestClient, make_agent, say, channel: str, sender: str):  # type: ignore[no-untyped-def]
    """A routine chat taken by a call-center agent."""
    agent = make_agent()
    on_shift(client, agent)
    say("mau bicara dengan petugas")
    ticket = ticket_of(client, conversation(client, channel, sender).id)
    assert not ticket.ppa
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    return agent, ticket


def test_signs_relayed_to_a_routine_agent_are_masked_and_yes_opens_the_report_on_telegram(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent, ticket = _held_by_agent(
        client, make_agent, lambda text: telegram_says(client, telegram, chat, text),
        "telegram", str(chat))
    asked = telegram_says(client, telegram, chat, SIGNS)
    assert QUESTION in asked[-1] and flagged(client, SIGNS)
    detail = client.get(f"/api/handoff/tickets/{ticket.id}", headers=agent.headers)
    assert detail.status_code == 200 and SIGNS not in detail.text
    assert "[pesan dirahasiakan]" in detail.text
    replies = telegram_says(client, telegram, chat, "ya")
    assert any("RAHASIA" in r for r in replies)
    (report,) = cases_of(client, "telegram", str(chat))
    assert fields_of(client, report)["chronology"] == SIGNS
    latest = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert latest.id != ticket.id and latest.ppa  # the routine ticket ended, a PPA one waits
    assert client.get(f"/api/cases/{report.number}", headers=agent.headers).status_code == 403


def test_a_photo_captioned_with_signs_for_a_routine_agent_becomes_the_reports_evidence(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent, ticket = _held_by_agent(
        client, make_agent, lambda text: telegram_says(client, telegram, chat, text),
        "telegram", str(chat))
    before = len(telegram.sent("sendMessage"))
    file_id = telegram.add_file(tiny_png(34), "image/png")
    assert tg(client, telegram.photo_update(chat, file_id, 120, caption=SIGNS)) == 200
    assert QUESTION in bot_texts(telegram, before)[-1] and flagged(client, SIGNS)
    telegram_says(client, telegram, chat, "ya")
    (report,) = cases_of(client, "telegram", str(chat))
    assert fields_of(client, report)["chronology"] == SIGNS
    assert _documents(client, report) == ["bukti"]
    state = state_of(client, "telegram", str(chat))
    assert state.relay_media == [] and state.pending_media == []


def test_no_to_the_question_keeps_the_chat_with_the_agent_on_whatsapp(
        client: TestClient, twilio: FakeTwilio, phone: str, make_agent) -> None:  # type: ignore[no-untyped-def]
    _, ticket = _held_by_agent(
        client, make_agent, lambda text: whatsapp_says(client, twilio, phone, text),
        "whatsapp", phone)
    asked = whatsapp_says(client, twilio, phone, SIGNS)
    assert QUESTION in asked[-1] and flagged(client, SIGNS)
    assert whatsapp_says(client, twilio, phone, "tidak") == []  # the agent answers, not the bot
    assert whatsapp_says(client, twilio, phone, "jadi bagaimana pak") == []
    assert ticket_of(client, conversation(client, "whatsapp", phone).id).id == ticket.id
    assert cases_of(client, "whatsapp", phone) == []
    assert state_of(client, "whatsapp", phone).relay_held is None
    assert not flagged(client, "jadi bagaimana pak")
    more = "tapi adik saya juga dimarahin terus sama suaminya"
    assert QUESTION in whatsapp_says(client, twilio, phone, more)[-1] and flagged(client, more)


def test_yes_on_whatsapp_opens_the_report_with_the_words(
        client: TestClient, twilio: FakeTwilio, phone: str, make_agent) -> None:  # type: ignore[no-untyped-def]
    _held_by_agent(client, make_agent, lambda text: whatsapp_says(client, twilio, phone, text),
                   "whatsapp", phone)
    whatsapp_says(client, twilio, phone, SIGNS)
    whatsapp_says(client, twilio, phone, "iya")
    (report,) = cases_of(client, "whatsapp", phone)
    assert report.service_code == "ppa-pengaduan"
    assert fields_of(client, report)["chronology"] == SIGNS


def test_a_question_still_waiting_lapses_when_the_agent_hands_back(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent, ticket = _held_by_agent(
        client, make_agent, lambda text: telegram_says(client, telegram, chat, text),
        "telegram", str(chat))
    telegram_says(client, telegram, chat, SIGNS)
    assert state_of(client, "telegram", str(chat)).relay_held == SIGNS
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/hand-back")
    assert state_of(client, "telegram", str(chat)).relay_held is None  # no words left behind
