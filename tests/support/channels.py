"""Talking to the app over the Telegram and Twilio protocol fakes, signatures on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.clock import Clock
from backend.core.config import Settings
from backend.core.roster import MemberIn, RosterIn, load_roster
from tests.bot.samples import tiny_pdf, tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import app_settings, drain

SECRET = "rahasia-webhook-uji"  # noqa: S105
PUBLIC_URL = "https://halo.example.test"
TEMPLATE_SID = "HX" + "ab" * 16  # an approved WhatsApp template


def channel_settings(
    settings: Settings, tmp_path: Path, telegram: FakeTelegram, twilio: FakeTwilio
) -> Settings:
    return app_settings(
        settings,
        tmp_path,
        public_url=PUBLIC_URL,
        telegram=settings.telegram.model_copy(
            update={
                "token": telegram.token,
                "api_base": telegram.api_base,
                "webhook_secret": SECRET,
            }
        ),
        twilio=settings.twilio.model_copy(
            update={
                "account_sid": twilio.account_sid,
                "auth_token": twilio.auth_token,
                "whatsapp_from": twilio.whatsapp_from,
                "api_base": twilio.api_base,
                "template_content_sid": "HX" + "0" * 32,
            }
        ),
    )


def tg(client: TestClient, update: dict[str, Any], secret: str = SECRET) -> int:
    response = client.post(
        "/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )
    if response.status_code == 200:
        drain(client)
    return response.status_code


def bot_texts(telegram: FakeTelegram, since: int = 0) -> list[str]:
    return [c.params.get("text") or "" for c in telegram.sent("sendMessage")[since:]]


def wa(
    client: TestClient, twilio: FakeTwilio, form: dict[str, str], signature: str | None = None
) -> int:
    url = f"{PUBLIC_URL}/webhooks/twilio/whatsapp"
    params, headers = twilio.signed_post_params(url, form)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    response = client.post("/webhooks/twilio/whatsapp", data=params, headers=headers)
    if response.status_code == 200:
        drain(client)
    return response.status_code


def kia_over_telegram(client: TestClient, telegram: FakeTelegram, chat: int) -> str:
    """A parent asks for a KIA and sends the four documents as photos and a PDF."""
    for text in (
        "mau bikin KIA",
        "12-03-2023",
        "Citra Lestari",
        "lewati",
        "1801041203230007",
        "Sari Lestari",
        "081234567890",
    ):
        assert tg(client, telegram.text_update(chat, text)) == 200
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    for index in range(3):
        file_id = telegram.add_file(tiny_png(2 + index), "image/png")
        assert tg(client, telegram.photo_update(chat, file_id, 120)) == 200
    file_id = telegram.add_file(tiny_pdf(), "application/pdf")
    assert (
        tg(
            client,
            telegram.document_update(
                chat, file_id, size=400, mime_type="application/pdf", file_name="ktp-ibu.pdf"
            ),
        )
        == 200
    )
    assert tg(client, telegram.callback_update(chat, "documents:done")) == 200  # both KTPs in
    assert tg(client, telegram.text_update(chat, "lewati")) == 200  # no guardianship paper
    assert tg(client, telegram.callback_update(chat, "confirm:yes")) == 200
    opened = next((t for t in bot_texts(telegram) if "HL-2026-" in t), None)
    assert opened, bot_texts(telegram)
    return opened.split("*")[1]


@contextmanager
def client_with_piket(settings: Settings, tmp_path: Path, engine: Engine, clock: Clock,
                      telegram: FakeTelegram, twilio: FakeTwilio, *,
                      group: int) -> Iterator[TestClient]:
    """The app on both protocol fakes, with a damkar roster whose piket group is ``group``."""
    app = create_app(channel_settings(settings, tmp_path, telegram, twilio), engine=engine,
                     clock=clock, run_background=False, migrate=False)
    with app.state.sessions() as session, session.begin():
        load_roster(session, RosterIn(
            unit="damkar", teams=["A"], anchor=date(2026, 11, 1), change_hour=8,
            group_chat_ids=[group],
            members=[MemberIn(name="Budi", rank="petugas", team="A", telegram_user_id="502")]))
    with TestClient(app) as client:
        yield client
