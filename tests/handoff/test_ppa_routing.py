"""A first message whose top intent is no violence report but which shows signs of violence
gets the discreet question before any general intake, on both channels (Rasa down here: the
local fallback and the screen answer; the ranking part is in tests/dialogs and
bench/ppa_routing.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
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

LAMP = "ibu2 takut pulang malam lewat gang gelap, minta lampu jalan"  # a complaint, with signs


def test_signs_in_a_first_message_ask_and_yes_opens_the_report_on_telegram(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    asked = telegram_says(client, telegram, chat, SIGNS)
    assert QUESTION in asked[-1] and flagged(client, SIGNS)
    assert cases_of(client, "telegram", str(chat)) == []
    telegram_says(client, telegram, chat, "ya")
    (report,) = cases_of(client, "telegram", str(chat))
    assert report.service_code == "ppa-pengaduan"
    assert fields_of(client, report)["chronology"] == SIGNS


def test_no_to_the_question_serves_the_request_as_asked_on_whatsapp(
        client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    asked = whatsapp_says(client, twilio, phone, LAMP)
    assert QUESTION in asked[-1]
    served = whatsapp_says(client, twilio, phone, "tidak")
    state = state_of(client, "whatsapp", phone)
    assert state.flow == "confirm_service" and state.candidate  # the street-light service
    assert state.candidate != "ppa-pengaduan" and "lampu" in served[-1].lower()
    assert cases_of(client, "whatsapp", phone) == []


def test_a_plain_complaint_goes_straight_to_the_complaint_intake_on_whatsapp(
        client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    replies = whatsapp_says(client, twilio, phone, "mau lapor jalan rusak parah di desa kami")
    assert not any(QUESTION in r for r in replies)
    assert state_of(client, "whatsapp", phone).flow != "ppa_check"
