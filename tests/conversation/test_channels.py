"""The same conversation over the fake Telegram Bot API and the fake Twilio, signatures on:
KIA with documents, the officer's steps pushed back, a return loop, duplicates, 429s, restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Case, CaseStatus, InboundRecord, OutboxMessage, OutboxStatus
from backend.core.workflow.actors import Actor
from tests.bot.samples import tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, drain
from tests.support.channels import (
    SECRET,
    bot_texts,
    channel_settings,
    kia_over_telegram,
    tg,
    wa,
)


@pytest.fixture
def app_factory(
    engine: Engine,
    settings: Settings,
    tmp_path: Path,
    clock: Clock,
    telegram: FakeTelegram,
    twilio: FakeTwilio,
):  # type: ignore[no-untyped-def]
    configured = channel_settings(settings, tmp_path, telegram, twilio)

    def build() -> TestClient:
        return TestClient(
            create_app(configured, engine=engine, clock=clock, run_background=False, migrate=False)
        )

    return build


@pytest.fixture
def client(app_factory) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with app_factory() as client:
        yield client


def officer(role: str) -> Actor:
    return Actor(
        kind="officer", id=f"t-{role}", name=role, agency="disdukcapil", roles=frozenset({role})
    )


def act(client: TestClient, number: str, action) -> None:  # type: ignore[no-untyped-def]
    workflow = client.app.state.workflow
    with client.app.state.sessions() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        action(workflow, case, client.app.state.clock())
    drain(client)


def test_kia_over_telegram_then_every_step_reaches_the_chat(
    chat: int, client: TestClient, telegram: FakeTelegram, clock: Clock
) -> None:
    number = kia_over_telegram(client, telegram, chat)
    keyboards = [
        json.loads(c.params["reply_markup"])
        if isinstance(c.params.get("reply_markup"), str)
        else c.params.get("reply_markup")
        for c in telegram.sent("sendMessage")
    ]
    assert any(k and "inline_keyboard" in k for k in keyboards)
    with client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.service_code == "kia-0-5" and len(case.documents) == 4
        assert {d.mime for d in case.documents} == {"image/png", "application/pdf"}
    before = len(telegram.sent("sendMessage"))
    for role, outcome in (
        ("operator", None),
        ("operator", "Berkas lengkap"),
        ("kabid", None),
        ("kadis", None),
        ("operator", None),
    ):
        clock.advance(minutes=5)
        act(
            client,
            number,
            lambda w, c, now, r=role, o=outcome: w.complete(
                c, actor=officer(r), now=now, outcome=o
            ),
        )
    updates = bot_texts(telegram, before)
    assert sum(number in text for text in updates) == 7  # five steps, "selesai", the survey
    assert "selesai" in updates[-2] and "Pertanyaan 1/5" in updates[-1]


def test_return_to_applicant_loop_over_telegram(
    chat: int, client: TestClient, telegram: FakeTelegram, clock: Clock
) -> None:
    number = kia_over_telegram(client, telegram, chat)
    act(client, number, lambda w, c, now: w.complete(c, actor=officer("operator"), now=now))
    act(
        client,
        number,
        lambda w, c, now: w.return_to_applicant(
            c, actor=officer("operator"), now=now, missing_items=["KTP-el ayah yang jelas"],
            note="Foto sebelumnya terpotong di bagian NIK."
        ),
    )
    told = bot_texts(telegram)[-1]
    assert "KTP-el ayah yang jelas" in told
    assert "Pesan petugas: Foto sebelumnya terpotong di bagian NIK." in told  # the form says so
    file_id = telegram.add_file(tiny_png(9), "image/png")
    tg(client, telegram.photo_update(chat, file_id, 120))
    tg(client, telegram.text_update(chat, "selesai"))
    assert "diproses kembali" in bot_texts(telegram)[-1]
    with client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.status == CaseStatus.OPEN and case.current_step_id == "s3"
        assert len(case.documents) == 5
        assert [e.action for e in case.events].count("resumed") == 1


def test_webhook_secret_and_duplicates(
    chat: int, client: TestClient, telegram: FakeTelegram
) -> None:
    update = telegram.text_update(chat, "halo")
    assert tg(client, update, secret="salah") == 401
    assert tg(client, update) == 200
    replies = len(telegram.sent("sendMessage"))
    assert tg(client, update) == 200  # Telegram redelivers the same update_id
    assert len(telegram.sent("sendMessage")) == replies
    with client.app.state.sessions() as session:
        stored = (
            select(func.count()).select_from(InboundRecord).where(InboundRecord.sender == str(chat))
        )
        assert session.scalar(stored) == 1
    bad = client.post(
        "/webhooks/telegram",
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert bad.status_code == 400


def test_telegram_429_is_retried_after_the_pause(
    chat: int, client: TestClient, telegram: FakeTelegram, clock: Clock
) -> None:
    telegram.fail_next("sendMessage", status=429, retry_after=3)
    tg(client, telegram.text_update(chat, "menu"))
    assert telegram.sent("sendMessage") == [] or all(
        c.status != 200 for c in telegram.calls("sendMessage")
    )
    clock.advance(seconds=4)
    drain(client)
    delivered = [c for c in telegram.calls("sendMessage") if c.status == 200]
    assert len(delivered) == 1 and "Menu utama" in delivered[0].params["text"]
    with client.app.state.sessions() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == str(chat))
        ).one()
        assert row.status == OutboxStatus.SENT and row.attempts == 2


def test_restart_in_the_middle_of_an_intake(chat: int, app_factory, telegram: FakeTelegram) -> None:  # type: ignore[no-untyped-def]
    with app_factory() as first:
        tg(first, telegram.text_update(chat, "mau bikin KIA"))
        tg(first, telegram.text_update(chat, "12-03-2023"))
    with app_factory() as second:  # a new process on the same database
        tg(second, telegram.text_update(chat, "Citra Lestari"))
        assert "NIK anak" in bot_texts(telegram)[-1]


def test_kia_over_whatsapp_with_numbered_choices(
    phone: str, client: TestClient, twilio: FakeTwilio
) -> None:
    assert (
        wa(
            client,
            twilio,
            twilio.incoming_form(from_=phone, body="mau buat kia anak saya"),
            signature="forged",
        )
        == 403
    )
    for text in (
        "mau buat kia anak saya",
        "12 Maret 2023",
        "Bagas Saputra",
        "lewati",
        "1801041203230007",
        "Siti Aminah",
        "0812 3456 7890",
        "3",
    ):
        assert wa(client, twilio, twilio.incoming_form(from_=phone, body=text)) == 200
    body = twilio.sent()[-1].params["Body"]
    assert "Akta" in body
    for index in range(4):
        url = twilio.add_media(tiny_png(20 + index), "image/png")
        assert (
            wa(client, twilio, twilio.incoming_form(from_=phone, media=[(url, "image/png")])) == 200
        )
    assert "selesai" in twilio.sent()[-1].params["Body"]  # up to 3 KTPs: the citizen ends
    for text in ("selesai", "lewati"):
        assert wa(client, twilio, twilio.incoming_form(from_=phone, body=text)) == 200
    summary = twilio.sent()[-1].params["Body"]
    assert "Bagas Saputra" in summary and "1. " in summary  # buttons became numbered lines
    assert wa(client, twilio, twilio.incoming_form(from_=phone, body="1")) == 200
    assert "HL-2026-" in "\n".join(c.params["Body"] for c in twilio.sent()[-2:])
    with client.app.state.sessions() as session:
        case = session.scalars(select(Case).order_by(Case.id.desc())).first()
        assert case.channel == "whatsapp" and len(case.documents) == 4


def test_whatsapp_status_check_and_pbb(phone: str, client: TestClient, twilio: FakeTwilio) -> None:
    from dialogs.pbb.synthetic import SyntheticPbbGateway

    nop = SyntheticPbbGateway().nops()[3]
    wa(client, twilio, twilio.incoming_form(from_=phone, body=f"cek pbb {nop}"))
    assert "Rp" in twilio.sent()[-1].params["Body"]
    wa(client, twilio, twilio.incoming_form(from_=phone, body="cek status"))
    assert "belum punya" in twilio.sent()[-1].params["Body"]


def test_invalid_answers_are_reasked_politely(
    chat: int, client: TestClient, telegram: FakeTelegram
) -> None:
    tg(client, telegram.text_update(chat, "mau bikin KIA"))
    tg(client, telegram.text_update(chat, "31 Februari 2023"))
    assert "Contoh" in "\n".join(bot_texts(telegram)[-2:])
    tg(client, telegram.text_update(chat, "12-03-2023"))
    tg(client, telegram.text_update(chat, "Citra"))
    tg(client, telegram.text_update(chat, "9999999999999999"))  # child NIK: no such region
    assert "Contoh" in "\n".join(bot_texts(telegram)[-2:])


def test_whatsapp_update_outside_24_hours_uses_the_template(
    phone: str, client: TestClient, twilio: FakeTwilio, clock: Clock
) -> None:
    for text in ("mau buat kia anak saya", "12 Maret 2023", "Bagas Saputra", "lewati",
                 "1801041203230007", "Siti Aminah", "0812 3456 7890", "3"):
        wa(client, twilio, twilio.incoming_form(from_=phone, body=text))
    for index in range(4):
        url = twilio.add_media(tiny_png(40 + index), "image/png")
        wa(client, twilio, twilio.incoming_form(from_=phone, media=[(url, "image/png")]))
    for text in ("selesai", "lewati", "1"):
        wa(client, twilio, twilio.incoming_form(from_=phone, body=text))
    number = next(c.params["Body"] for c in twilio.sent() if "HL-2026-" in c.params.get(
        "Body", "")).split("*")[1]
    clock.advance(hours=25)
    act(client, number, lambda w, c, now: w.complete(c, actor=officer("operator"), now=now))
    last = twilio.sent()[-1].params
    assert last.get("ContentSid", "").startswith("HX") and "Body" not in last
    with client.app.state.sessions() as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == phone)
                              .order_by(OutboxMessage.id.desc())).first()
        assert row.kind == "template" and row.status == OutboxStatus.SENT


def test_requirements_and_english(chat: int, client: TestClient,
                                  telegram: FakeTelegram) -> None:
    tg(client, telegram.text_update(chat, "syarat bikin kia anak umur 7 tahun apa aja"))
    answer = "\n".join(bot_texts(telegram)[-2:])
    assert "Persyaratan" in answer and "Akta" in answer
    tg(client, telegram.text_update(chat, "english"))
    assert "Main menu" in "\n".join(bot_texts(telegram)[-2:])
