"""The fakes answer like the real services at the HTTP level (raw requests, no SDK)."""

from __future__ import annotations

import httpx

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio


def test_telegram_error_shapes(fake_telegram: FakeTelegram) -> None:
    base = fake_telegram.api_base
    wrong = httpx.post(f"{base}/bot1:nope/getMe")
    assert (wrong.status_code, wrong.json()) == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1)
    limited = httpx.post(f"{base}/bot{fake_telegram.token}/sendMessage",
                         json={"chat_id": 1, "text": "x"})
    assert (limited.status_code, limited.json()) == (429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1}})
    unknown = httpx.post(f"{base}/bot{fake_telegram.token}/sendDice", json={})
    assert unknown.status_code == 404 and unknown.json()["ok"] is False


def test_telegram_accepts_json_and_is_case_insensitive(fake_telegram: FakeTelegram) -> None:
    url = f"{fake_telegram.api_base}/bot{fake_telegram.token}/sendmessage"
    answer = httpx.post(url, json={"chat_id": 5, "text": "halo",
                                   "reply_markup": {"inline_keyboard": []}}).json()
    assert answer["ok"] is True
    assert answer["result"]["chat"] == {"id": 5, "type": "private"}
    assert answer["result"]["text"] == "halo"
    [call] = fake_telegram.calls("sendMessage")
    assert call.params["reply_markup"] == {"inline_keyboard": []}


def test_twilio_requires_basic_auth(fake_twilio: FakeTwilio) -> None:
    url = f"{fake_twilio.api_base}/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    form = {"To": "whatsapp:+62811", "From": fake_twilio.whatsapp_from, "Body": "x"}
    anonymous = httpx.post(url, data=form)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, 20003)
    accepted = httpx.post(url, data=form, auth=(fake_twilio.account_sid,
                                                fake_twilio.auth_token))
    assert accepted.status_code == 201
    assert accepted.json()["status"] == "queued"


def test_twilio_signed_webhook_form(fake_twilio: FakeTwilio) -> None:
    form = fake_twilio.incoming_form("halo", media=[("https://x/ME1", "image/jpeg")])
    assert form["NumMedia"] == "1" and form["MessageSid"].startswith("SM")
    assert form["To"] == fake_twilio.whatsapp_from
    params, headers = fake_twilio.signed_post_params("https://h.example/w", form)
    assert params == form and headers["X-Twilio-Signature"]
    assert form["MessageSid"] != fake_twilio.incoming_form("halo")["MessageSid"]
