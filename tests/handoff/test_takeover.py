"""Takeover and hand-back end to end over the channel fakes, and the agent alerts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import OutboxMessage
from backend.core.models.handoff import HandoffEvent
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, drain
from tests.support.channels import bot_texts, tg, wa
from tests.support.handoff import conversation, on_shift, post, ticket_of


def ask_for_agent(client: TestClient, telegram: FakeTelegram, chat: int) -> int:
    assert tg(client, telegram.callback_update(chat, "menu:agent")) == 200
    return conversation(client, "telegram", str(chat)).id


def test_agents_are_alerted_when_a_chat_enters_the_queue(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent(telegram_chat_id="5550001")
    on_shift(client, agent)
    conversation_id = ask_for_agent(client, telegram, chat)
    assert conversation(client, "telegram", str(chat)).mode == "queued"
    assert any("Posisi Anda di antrean:" in text for text in bot_texts(telegram))
    ticket = ticket_of(client, conversation_id)
    with client.app.state.sessions() as session:
        console = session.scalars(select(OutboxMessage).where(
            OutboxMessage.channel == "console", OutboxMessage.dedupe_key.like(
                f"handoff:{ticket.id}:%"))).all()
    assert len(console) == 1 and "menunggu petugas" in console[0].body
    dms = [c for c in telegram.sent("sendMessage") if str(c.params.get("chat_id")) == "5550001"]
    assert dms and "Ruang Kerja Agen" in dms[0].params["text"]


def test_takeover_silences_the_bot_and_hand_back_resumes_it(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    conversation_id = ask_for_agent(client, telegram, chat)
    ticket = ticket_of(client, conversation_id)
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    assert "terhubung dengan petugas" in bot_texts(telegram)[-1]
    before = len(telegram.sent("sendMessage"))
    for text in ("halo", "menu", "mau bikin KIA"):
        assert tg(client, telegram.text_update(chat, text)) == 200
    assert len(telegram.sent("sendMessage")) == before  # the bot said nothing
    detail = client.get(f"/api/handoff/tickets/{ticket.id}", headers=agent.headers).json()
    assert [line["text"] for line in detail["transcript"] if line["author"] == "citizen"][-3:] \
        == ["halo", "menu", "mau bikin KIA"]
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/reply",
         json={"text": "Baik Bu, saya bantu."})
    assert bot_texts(telegram)[-1] == "Baik Bu, saya bantu."
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/hand-back")
    assert "Bagaimana pelayanan petugas" in bot_texts(telegram)[-1]
    assert conversation(client, "telegram", str(chat)).mode == "bot"
    assert tg(client, telegram.callback_update(chat, "csat:good")) == 200
    assert "Terima kasih atas penilaian" in bot_texts(telegram)[-1]
    count = len(telegram.sent("sendMessage"))
    assert tg(client, telegram.text_update(chat, "menu")) == 200
    assert len(telegram.sent("sendMessage")) > count  # the bot answers again
    with client.app.state.sessions() as session:
        moves = [(e.from_mode, e.to_mode, e.reason) for e in session.scalars(
            select(HandoffEvent).where(HandoffEvent.conversation_id == conversation_id)
            .order_by(HandoffEvent.id))]
    assert moves == [("bot", "queued", "citizen_asked"), ("queued", "agent", "taken"),
                     ("agent", "bot", "handed_back")]


def test_agent_replies_reach_whatsapp(client: TestClient, twilio: FakeTwilio, phone: str,
                                      make_agent, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    form = twilio.incoming_form(from_=phone, body="saya mau bicara dengan petugas")
    assert wa(client, twilio, form) == 200
    conv = conversation(client, "whatsapp", phone)
    assert conv.mode == "queued"
    ticket = ticket_of(client, conv.id)
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    before = len(twilio.sent())
    assert wa(client, twilio, twilio.incoming_form(from_=phone, body="tolong dibantu")) == 200
    assert len(twilio.sent()) == before
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/reply", json={"text": "Siap, Pak."})
    assert twilio.sent()[-1].params["Body"] == "Siap, Pak."
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/close")
    assert conversation(client, "whatsapp", phone).mode == "bot"


def test_agent_sends_a_photo_and_a_private_note(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.samples import tiny_png

    agent = make_agent()
    on_shift(client, agent)
    ticket = ticket_of(client, ask_for_agent(client, telegram, chat))
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/upload",
         files={"file": ("contoh.png", tiny_png(3), "image/png")}, data={"caption": "Contoh"})
    assert telegram.sent("sendPhoto")
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/notes", json={"body": "catatan"})
    detail = client.get(f"/api/handoff/tickets/{ticket.id}", headers=agent.headers).json()
    assert detail["notes"][0]["body"] == "catatan"
    assert all(line["text"] != "catatan" for line in detail["transcript"])
    assert client.get("/api/handoff/canned", headers=agent.headers).json()[0]["title"]
    login = client.get("/agent", follow_redirects=True)  # the console's login first
    assert login.url.path == "/console/masuk" and "Kembalikan ke bot" not in login.text


def test_the_event_stream_needs_a_valid_token(client: TestClient) -> None:
    assert client.get("/api/handoff/events", params={"token": "palsu"}).status_code == 401


def test_a_bot_error_hands_the_chat_to_a_person(
        engine, settings, tmp_path, clock: Clock, telegram: FakeTelegram, twilio: FakeTwilio,
        chat: int) -> None:  # type: ignore[no-untyped-def]
    from backend.app.web import create_app
    from tests.support.channels import channel_settings

    class Broken:
        async def understand(self, text: str) -> object:
            raise RuntimeError("nlu down")

    configured = channel_settings(settings, tmp_path, telegram, twilio)
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False, understander=Broken())
    with TestClient(app) as broken:
        assert tg(broken, telegram.text_update(chat, "apa kabar dunia")) == 200
        for _ in range(6):
            clock.advance(seconds=60)
            drain(broken)
        conv = conversation(broken, "telegram", str(chat))
        assert conv.mode == "queued" and ticket_of(broken, conv.id).reason == "bot_error"
        assert any("Posisi Anda di antrean" in text for text in bot_texts(telegram))


def test_an_agent_picks_a_chat_the_bot_is_handling(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    assert tg(client, telegram.text_update(chat, "halo")) == 200
    conversation_id = conversation(client, "telegram", str(chat)).id
    listed = client.get("/api/handoff/conversations", headers=agent.headers).json()
    assert conversation_id in [c["id"] for c in listed]
    ticket = post(client, agent, f"/api/handoff/conversations/{conversation_id}/pick")
    assert ticket["mode"] == "agent" and ticket["agent_id"] == agent.id
    assert "terhubung dengan petugas" in bot_texts(telegram)[-1]
    before = len(telegram.sent("sendMessage"))
    assert tg(client, telegram.text_update(chat, "menu")) == 200
    assert len(telegram.sent("sendMessage")) == before
    post(client, agent, f"/api/handoff/tickets/{ticket['id']}/hand-back")
    assert conversation(client, "telegram", str(chat)).mode == "bot"


def test_the_list_of_chats_to_pick_shows_only_what_the_agent_may_take(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    """Seen in the demo: a DP3A call-center agent saw the bot's ordinary chats, and taking one
    answered "antrean ini bukan untuk Anda"."""
    assert tg(client, telegram.text_update(chat, "halo")) == 200
    conversation_id = conversation(client, "telegram", str(chat)).id
    ppa_agent = make_agent(agency="dp3a", roles=("call-center",))
    listed = client.get("/api/handoff/conversations", headers=ppa_agent.headers).json()
    assert conversation_id not in [c["id"] for c in listed]
    refused = client.post(f"/api/handoff/conversations/{conversation_id}/pick",
                          headers=ppa_agent.headers)
    assert refused.status_code == 403
    agent = make_agent()
    listed = client.get("/api/handoff/conversations", headers=agent.headers).json()
    assert conversation_id in [c["id"] for c in listed]
