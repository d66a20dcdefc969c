"""Webhooks under attack, over the real HTTP app: unsigned, wrongly signed, malformed,
oversized and replayed deliveries are refused (4xx) or acknowledged once, never a 5xx."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.core.models import InboundRecord, OutboxMessage
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio, signed_post_params
from tests.support.app import drain
from tests.support.channels import SECRET

PUBLIC_URL = "https://halo.example.test"
WA_PATH = "/webhooks/twilio/whatsapp"
TG_PATH = "/webhooks/telegram"
TG_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
TOO_BIG = 1_000_001


def _count(client: TestClient, sender: str) -> int:
    with client.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(InboundRecord)
                              .where(InboundRecord.sender == sender)) or 0


def _replies(client: TestClient, recipient: str) -> int:
    with client.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.recipient == recipient)) or 0


@pytest.mark.parametrize("secret", [None, "", "salah", SECRET + "x", SECRET.upper()])
def test_telegram_without_the_right_secret_is_401_and_stores_nothing(
        client: TestClient, telegram: FakeTelegram, sender: int, secret: str | None) -> None:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    response = client.post(TG_PATH, json=telegram.text_update(sender, "halo"), headers=headers)
    assert response.status_code == 401 and response.json()["detail"] == "bad secret token"
    assert _count(client, str(sender)) == 0


@pytest.mark.parametrize("body", [
    b"{not json", b"", b"\xff\xfe\x00garbage", b'{"update_id": 1,', b"NaN]",
])
def test_telegram_malformed_json_is_400(client: TestClient, body: bytes) -> None:
    response = client.post(TG_PATH, content=body, headers=TG_HEADERS)
    assert response.status_code == 400 and response.json()["detail"] == "body is not JSON"


def test_telegram_deeply_nested_json_is_400(client: TestClient) -> None:
    body = b"[" * 100_000 + b"]" * 100_000  # 200 kB, well under the size limit
    response = client.post(TG_PATH, content=body, headers=TG_HEADERS)
    assert response.status_code == 400


@pytest.mark.parametrize("update", [
    [], [1, 2], "update", 42, None, True,  # JSON, but not an object
    {}, {"update_id": 7}, {"update_id": "x", "message": {}}, {"message": {"text": "halo"}},
    {"update_id": 8, "message": {"message_id": 1, "date": 0, "chat": {"type": "private"}}},
    {"update_id": 9, "message": {"message_id": 1, "date": 0,
                                 "chat": {"id": [1], "type": "private"}, "text": "x"}},
    {"update_id": 10, "callback_query": {"id": "1", "chat_instance": "1", "data": "x"}},
    {"update_id": 11, "edited_message": {"message_id": 1, "date": 0,
                                         "chat": {"id": 1, "type": "private"}, "text": "x"}},
])
def test_telegram_updates_we_cannot_use_are_acknowledged_and_ignored(
        client: TestClient, update: object) -> None:
    with client.app.state.sessions() as session:
        before = session.scalar(select(func.count()).select_from(InboundRecord))
    response = client.post(TG_PATH, content=json.dumps(update), headers=TG_HEADERS)
    assert response.status_code == 200 and response.json() == {"ok": True, "ignored": True}
    with client.app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(InboundRecord)) == before


def test_absurd_ids_are_kept_as_text(client: TestClient) -> None:
    update = {"update_id": 2 ** 80, "message": {"message_id": 1, "date": 0, "text": "halo",
                                                "chat": {"id": -(2 ** 70), "type": "group"}}}
    response = client.post(TG_PATH, content=json.dumps(update), headers=TG_HEADERS)
    assert response.status_code == 200 and response.json()["duplicate"] is False
    assert _count(client, str(-(2 ** 70))) == 1


# bot/webhooks.py uses status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, deprecated in this Starlette:
# the warning is an error under pytest only; production answers 413 (see the report).
def test_telegram_oversized_body_is_413(client: TestClient, telegram: FakeTelegram,
                                        sender: int) -> None:
    update = telegram.text_update(sender, "x" * TOO_BIG)
    response = client.post(TG_PATH, json=update, headers=TG_HEADERS)
    assert response.status_code == 413
    assert _count(client, str(sender)) == 0


def test_a_replayed_telegram_update_is_processed_once(
        client: TestClient, telegram: FakeTelegram, sender: int) -> None:
    update = telegram.text_update(sender, "halo")
    answers = [client.post(TG_PATH, json=update, headers=TG_HEADERS).json() for _ in range(3)]
    assert answers == [{"ok": True, "duplicate": False}] + [{"ok": True, "duplicate": True}] * 2
    drain(client)
    replies = _replies(client, str(sender))
    assert replies >= 1
    client.post(TG_PATH, json=update, headers=TG_HEADERS)  # a late redelivery
    drain(client)
    assert _count(client, str(sender)) == 1 and _replies(client, str(sender)) == replies


def _wa(client: TestClient, form: dict[str, str], *, url: str = PUBLIC_URL + WA_PATH,
        token: str | None = None, signature: str | None = None, path: str = WA_PATH,
        sent: dict[str, str] | None = None) -> int:
    auth_token = token or client.app.state.settings.twilio.auth_token
    params, headers = signed_post_params(url, form, auth_token)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    if signature == "":
        del headers["X-Twilio-Signature"]
    return client.post(path, data=sent or params, headers=headers).status_code


@pytest.mark.parametrize("attack", [
    "unsigned", "garbage signature", "another auth token", "signed for another host",
    "signed for another path", "signed over http", "body changed after signing",
    "field added after signing",
])
def test_twilio_requests_not_signed_for_us_are_403_and_store_nothing(
        client: TestClient, twilio: FakeTwilio, sender: int, attack: str) -> None:
    phone = f"whatsapp:+62811{sender:08d}"
    form = twilio.incoming_form(body="halo", from_=phone)
    options: dict = {
        "unsigned": {"signature": ""},
        "garbage signature": {"signature": "bm90IGEgc2lnbmF0dXJl"},
        "another auth token": {"token": "f" * 32},
        "signed for another host": {"url": "https://evil.example.test" + WA_PATH},
        "signed for another path": {"url": PUBLIC_URL + "/webhooks/telegram"},
        "signed over http": {"url": PUBLIC_URL.replace("https", "http") + WA_PATH},
        "body changed after signing": {"sent": {**form, "Body": "kebakaran palsu"}},
        "field added after signing": {"sent": {**form, "NumMedia": "1",
                                               "MediaUrl0": "http://169.254.169.254/"}},
    }[attack]
    assert _wa(client, form, **options) == 403
    assert _count(client, phone) == 0


@pytest.mark.parametrize("missing", ["MessageSid", "From"])
def test_twilio_signed_form_without_required_fields_is_400(
        client: TestClient, twilio: FakeTwilio, missing: str) -> None:
    form = {k: v for k, v in twilio.incoming_form(body="halo").items()
            if k != missing and not (missing == "MessageSid" and k.endswith("Sid"))}
    assert _wa(client, form) == 400


def test_twilio_malformed_and_oversized_bodies_are_refused(client: TestClient) -> None:
    junk = client.post(WA_PATH, content=b"\xff\xfe%%%&&&==\x00",
                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                "X-Twilio-Signature": "abc"})
    assert junk.status_code == 403
    not_a_form = client.post(WA_PATH, json={"MessageSid": "SM1"},
                             headers={"X-Twilio-Signature": "abc"})
    assert not_a_form.status_code == 403
    big = client.post(WA_PATH, content=b"Body=" + b"x" * TOO_BIG,
                      headers={"Content-Type": "application/x-www-form-urlencoded",
                               "X-Twilio-Signature": "abc"})
    assert big.status_code == 413


def test_a_replayed_twilio_message_is_processed_once(
        client: TestClient, twilio: FakeTwilio, sender: int) -> None:
    phone = f"whatsapp:+62819{sender:08d}"
    form = twilio.incoming_form(body="halo", from_=phone)
    assert [_wa(client, form) for _ in range(3)] == [200, 200, 200]
    drain(client)
    assert _count(client, phone) == 1 and _replies(client, phone) >= 1
    replies = _replies(client, phone)
    assert _wa(client, form) == 200
    drain(client)
    assert _replies(client, phone) == replies
