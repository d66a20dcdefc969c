"""Fire and rescue reports reach the piket at once, are acknowledged, escalated and followed,
over the fake Telegram Bot API and the fake Twilio (calls, SMS), with a controllable clock."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import selectinload

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Case
from backend.core.models.alerts import Incident, IncidentStatus
from backend.core.roster import MemberIn, RosterIn, load_roster
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, app_settings, drain
from tests.support.ppa import cases_of, fields_of

SECRET = "rahasia-alert"  # noqa: S105
GROUP = -100555
CHATS = itertools.count(880001)
KALIANDA = (-5.7281, 105.5976)


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    configured = app_settings(
        settings, tmp_path,
        telegram=settings.telegram.model_copy(update={
            "token": telegram.token, "api_base": telegram.api_base, "webhook_secret": SECRET}),
        twilio=settings.twilio.model_copy(update={
            "account_sid": twilio.account_sid, "auth_token": twilio.auth_token,
            "whatsapp_from": twilio.whatsapp_from, "api_base": twilio.api_base}),
        alerts=settings.alerts.model_copy(update={"twilio_from": "+6281100000001"}),
    )
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    with app.state.sessions() as session, session.begin():
        load_roster(session, RosterIn(
            unit="damkar", teams=["A", "B"], anchor=date(2026, 11, 1), change_hour=8,
            group_chat_ids=[GROUP], members=[
                MemberIn(name="Komandan Andi", rank="komandan", team="A",
                         phone="+6281200000001", telegram_user_id="501"),
                MemberIn(name="Budi", rank="petugas", team="A", telegram_user_id="502"),
                MemberIn(name="Komandan Eko", rank="komandan", team="B",
                         phone="+6281200000009", telegram_user_id="509"),
                MemberIn(name="Kasie Citra", rank="kasie", phone="+6281300000001"),
                MemberIn(name="Kabid Dedi", rank="kabid", phone="+6281400000001"),
            ]))
    with TestClient(app) as client:
        yield client


def tg(client: TestClient, update: dict[str, Any]) -> None:
    response = client.post("/webhooks/telegram", json=update,
                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 200
    drain(client)


def press(client: TestClient, telegram: FakeTelegram, data: str, user_id: int,
          name: str = "Budi") -> None:
    update = telegram.callback_update(GROUP, data)
    update["callback_query"]["from"] = {"id": user_id, "is_bot": False, "first_name": name}
    tg(client, update)


def to_group(telegram: FakeTelegram, method: str = "sendMessage") -> list[dict[str, Any]]:
    return [c.params for c in telegram.calls(method)
            if str(c.params.get("chat_id")) == str(GROUP) and c.status == 200]


def to_chat(telegram: FakeTelegram, chat: int) -> list[str]:
    return [c.params.get("text", "") for c in telegram.calls("sendMessage")
            if str(c.params.get("chat_id")) == str(chat) and c.status == 200]


def buttons(params: dict[str, Any]) -> list[str]:
    markup = params.get("reply_markup")
    markup = json.loads(markup) if isinstance(markup, str) else markup or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def calls_about(twilio: FakeTwilio, number: int) -> list[str]:
    """Numbers called about incident ``number`` (earlier tests' incidents escalate too)."""
    return [c.params["To"] for c in twilio.calls("calls")
            if f"nomor {number} " in c.params.get("Twiml", "")]


def sms_about(twilio: FakeTwilio, number: int) -> list[str]:
    return [c.params["To"] for c in twilio.calls("messages")
            if f"#{number}:" in c.params.get("Body", "")]


def incident(client: TestClient) -> Incident:
    with client.app.state.sessions() as session:
        return session.scalars(select(Incident).order_by(Incident.id.desc()).options(
            selectinload(Incident.events), selectinload(Incident.reporters))).first()


def report_fire(client: TestClient, telegram: FakeTelegram, chat: int,
                text: str = "TOLONG ADA API DI WARUNG",
                where: tuple[float, float] = KALIANDA) -> None:
    tg(client, telegram.text_update(chat, text))
    tg(client, telegram.location_update(chat, *where))


def test_first_message_alerts_the_piket_then_the_alert_is_updated_in_place(
        client: TestClient, telegram: FakeTelegram) -> None:
    chat = next(CHATS)
    tg(client, telegram.text_update(chat, "ada kebakaran di pasar kalianda"))
    alerts = to_group(telegram)  # queued when the webhook was acknowledged, then completed
    assert len(alerts) == 1 and "KEBAKARAN" in alerts[0]["text"]
    assert "pasar kalianda" in alerts[0]["text"]
    full = to_group(telegram, "editMessageText")[-1]
    assert any(b.endswith(":ack") for b in buttons(full))
    assert "112" in "\n".join(to_chat(telegram, chat))  # safety advice at once
    tg(client, telegram.location_update(chat, *KALIANDA))
    tg(client, telegram.text_update(chat, "Sari"))
    edits = to_group(telegram, "editMessageText")
    assert edits and "Sari" in edits[-1]["text"]
    pins = to_group(telegram, "sendLocation")
    assert len(pins) == 1 and round(float(pins[0]["latitude"]), 3) == round(KALIANDA[0], 3)
    with client.app.state.sessions() as session:
        case = session.get(Case, incident(client).case_id)
        assert case.service_code == "damkar-kebakaran" and case.current_step_id == "s2"


def test_terima_stops_escalation_and_status_buttons_reach_the_citizen(
        client: TestClient, telegram: FakeTelegram, twilio: FakeTwilio, clock: Clock) -> None:
    chat = next(CHATS)
    report_fire(client, telegram, chat)
    number = incident(client).id
    press(client, telegram, f"inc:{number}:ack", 999, "Orang Asing")  # not on the roster
    assert incident(client).acknowledged_at is None
    press(client, telegram, f"inc:{number}:ack", 502)
    press(client, telegram, f"inc:{number}:ack", 501, "Andi")  # second press: Budi keeps it
    assert incident(client).acknowledged_by == "Budi"
    assert "Diterima oleh Budi" in to_group(telegram, "editMessageText")[-1]["text"]
    clock.advance(seconds=200)
    drain(client)
    assert calls_about(twilio, number) == []  # acknowledged: nobody is called
    for signal, words in (("depart", "BERANGKAT"), ("arrive", "TIBA"), ("done", "SELESAI")):
        clock.advance(minutes=4)
        press(client, telegram, f"inc:{number}:{signal}", 502)
        assert words in to_chat(telegram, chat)[-1]
    done = incident(client)
    assert done.status == IncidentStatus.DONE and done.arrived_at is not None
    assert (done.arrived_at - done.created_at).total_seconds() == 200 + 8 * 60
    with client.app.state.sessions() as session:
        assert session.get(Case, done.case_id).current_step_id == "s8"


def test_unanswered_alert_escalates_to_commander_kasie_kabid(
        client: TestClient, telegram: FakeTelegram, twilio: FakeTwilio, clock: Clock) -> None:
    report_fire(client, telegram, next(CHATS))
    number = incident(client).id
    clock.advance(seconds=59)
    drain(client)
    assert calls_about(twilio, number) == []
    alerts_before = [p for p in to_group(telegram) if f"#{number}" in p["text"]]
    clock.advance(seconds=2)  # 61 s: re-alert and call the commander on duty (regu B today)
    drain(client)
    alerts_after = [p for p in to_group(telegram) if f"#{number}" in p["text"]]
    assert len(alerts_after) == len(alerts_before) + 1
    assert calls_about(twilio, number) == ["+6281200000009"]
    assert 'language="id-ID"' in twilio.calls("calls")[-1].params["Twiml"]
    clock.advance(seconds=60)  # 121 s: the kasie
    drain(client)
    clock.advance(seconds=60)  # 181 s: the kabid
    drain(client)
    called = calls_about(twilio, number)
    assert called == ["+6281200000009", "+6281300000001", "+6281400000001"]
    assert sms_about(twilio, number) == called
    actions = [e.action for e in incident(client).events]
    assert {"escalated_komandan", "escalated_kasie", "escalated_kabid"} <= set(actions)


def test_a_second_report_nearby_is_linked_after_confirmation(
        client: TestClient, telegram: FakeTelegram) -> None:
    first, second = next(CHATS), next(CHATS)
    natar = (-5.3270, 105.2160)  # away from the other tests' incidents (the DB is shared)
    report_fire(client, telegram, first, where=natar)
    original = incident(client).id
    tg(client, telegram.text_update(second, "kebakaran!!"))
    tg(client, telegram.location_update(second, natar[0] + 0.003, natar[1]))  # ~330 m
    assert "kejadian yang sama" in to_chat(telegram, second)[-1]
    tg(client, telegram.callback_update(second, "yes"))
    with client.app.state.sessions() as session:
        linked = session.get(Incident, original)
        assert len(linked.reporters) == 2
    press(client, telegram, f"inc:{original}:ack", 502)
    assert "DITERIMA" in to_chat(telegram, first)[-1]
    assert "DITERIMA" in to_chat(telegram, second)[-1]


def said_not_the_same_fire(client: TestClient, telegram: FakeTelegram,
                           where: tuple[float, float]) -> int:
    """A fire reported at ``where``, then a second reporter 300 m away who presses "Bukan" at
    "is it the same incident?"; the second reporter's chat."""
    first, second = next(CHATS), next(CHATS)
    report_fire(client, telegram, first, where=where)
    tg(client, telegram.text_update(second, "kebakaran!!"))
    tg(client, telegram.location_update(second, where[0] + 0.003, where[1]))
    tg(client, telegram.callback_update(second, "no"))
    return second


def test_a_no_typed_after_pressing_bukan_is_not_taken_as_the_reporters_name(
        client: TestClient, telegram: FakeTelegram) -> None:
    sidomulyo = (-5.5600, 105.5400)  # away from the other tests' incidents (the DB is shared)
    second = said_not_the_same_fire(client, telegram, sidomulyo)
    assert to_chat(telegram, second)[-1] == "Siapa nama Anda?"
    tg(client, telegram.text_update(second, "bukan, kebakaran baru"))  # typed before the reply
    assert to_chat(telegram, second)[-1] == "Siapa nama Anda?"
    assert incident(client).details.reporter_name is None
    tg(client, telegram.text_update(second, "Rahmat Hidayat"))
    assert incident(client).details.reporter_name == "Rahmat Hidayat"


def test_a_sentence_after_the_repeated_no_is_not_taken_as_the_reporters_name(
        client: TestClient, telegram: FakeTelegram) -> None:
    """The mark after "Bukan" takes one repeated no; "bukan, kebakaran baru" sent after it
    reached the board as "Nama pelapor". A name question refuses a sentence."""
    way_urang = (-5.7400, 105.6100)  # away from the other tests' incidents (the DB is shared)
    second = said_not_the_same_fire(client, telegram, way_urang)
    tg(client, telegram.text_update(second, "tidak"))  # the mark: the name asked again
    tg(client, telegram.text_update(second, "bukan, kebakaran baru"))
    refused, asked = to_chat(telegram, second)[-2:]
    assert "Contoh: Siti Aminah" in refused and asked == "Siapa nama Anda?"
    assert incident(client).details.reporter_name is None
    tg(client, telegram.text_update(second, "Rahmat Hidayat"))
    assert incident(client).details.reporter_name == "Rahmat Hidayat"


def test_rescue_report_uses_the_evacuation_sop(client: TestClient,
                                               telegram: FakeTelegram) -> None:
    tg(client, telegram.text_update(next(CHATS), "ada ular kobra masuk rumah"))
    assert "EVAKUASI" in to_group(telegram)[-1]["text"]


def test_what_to_rescue_told_in_the_first_words_is_not_asked_again(
        client: TestClient, telegram: FakeTelegram) -> None:
    """Tried as a citizen: "tolong ada ular kobra masuk kamar anak saya" was asked "Apa yang
    perlu dievakuasi?" and the next answer went to the wrong question."""
    chat = next(CHATS)
    first = "tolong ada ular kobra masuk kamar anak saya"
    tg(client, telegram.text_update(chat, first))
    tg(client, telegram.text_update(chat, "Jl. Melati 5, Desa Hajimena, Natar"))
    tg(client, telegram.text_update(chat, "Rina Wati"))
    asked = to_chat(telegram, chat)[-1]
    assert "dievakuasi" not in asked and "patokan" in asked, asked
    (case,) = cases_of(client, "telegram", str(chat))
    assert fields_of(client, case)["evacuation_object"] == first
    assert incident(client).details.evacuation_object == first  # on the crew's board


def test_the_citizen_hears_sudah_diteruskan_only_once_the_alert_is_sent(
        client: TestClient, telegram: FakeTelegram) -> None:
    chat = next(CHATS)
    tg(client, telegram.text_update(chat, "ada kebakaran di gudang"))
    said = to_chat(telegram, chat)
    assert sum("SUDAH diteruskan" in text for text in said) == 1
    told = next(text for text in said if "SUDAH diteruskan" in text)
    assert "jawab pertanyaan di atas" in told  # it came after the question about the place
    assert to_group(telegram)  # the alert went out first
    done = incident(client)
    assert done.delivered_via == "telegram" and done.unreachable_at is None


def test_an_alert_telegram_refuses_tells_the_citizen_to_call_113(
        client: TestClient, telegram: FakeTelegram, clock: Clock) -> None:
    telegram.block_chat(GROUP)  # the bot was removed from the piket group: 403, not retried
    chat = next(CHATS)
    tg(client, telegram.text_update(chat, "tolong kebakaran di bengkel"))
    said = "\n".join(to_chat(telegram, chat))
    assert "BELUM dapat menghubungi" in said and "SUDAH diteruskan" not in said
    assert incident(client).unreachable_at is not None
