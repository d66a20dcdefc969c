"""Hand-back asks for satisfaction only when the agent marked the question answered (the
default, so older clients keep working); supervisors may end chats other agents hold."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fakes.telegram import FakeTelegram
from tests.support.channels import bot_texts, tg
from tests.support.handoff import conversation, on_shift, post, ticket_of


def _held(client: TestClient, telegram: FakeTelegram, chat: int, agent) -> int:  # type: ignore[no-untyped-def]
    assert tg(client, telegram.callback_update(chat, "menu:agent")) == 200
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    return ticket.id


def _last_buttons(telegram: FakeTelegram) -> str:
    return str(telegram.sent("sendMessage")[-1].params.get("reply_markup") or "")


def test_unanswered_hand_back_asks_no_satisfaction(client: TestClient, telegram: FakeTelegram,
                                                   chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    ticket = _held(client, telegram, chat, agent)
    detail = client.get(f"/api/handoff/tickets/{ticket}", headers=agent.headers).json()
    assert detail["citizen_name"] == "Siti Aminah" and detail["channel"] == "telegram"
    post(client, agent, f"/api/handoff/tickets/{ticket}/hand-back", json={"answered": False})
    assert "belum terjawab tuntas" in bot_texts(telegram)[-1]
    assert "csat:" not in _last_buttons(telegram)
    assert conversation(client, "telegram", str(chat)).mode == "bot"
    events = client.get(f"/api/handoff/tickets/{ticket}", headers=agent.headers).json()["events"]
    assert events[-1]["reason"] == "handed_back_unanswered"


def test_hand_back_without_a_body_still_asks(client: TestClient, telegram: FakeTelegram,
                                             chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    ticket = _held(client, telegram, chat, agent)
    post(client, agent, f"/api/handoff/tickets/{ticket}/hand-back")
    assert "Bagaimana pelayanan petugas" in bot_texts(telegram)[-1]
    assert "csat:good" in _last_buttons(telegram)


def test_a_supervisor_may_end_a_chat_another_agent_holds(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    holder, colleague = make_agent(), make_agent()
    supervisor = make_agent(roles=("supervisor",))
    for officer in (holder, colleague, supervisor):
        on_shift(client, officer)
    ticket = _held(client, telegram, chat, holder)
    refused = client.post(f"/api/handoff/tickets/{ticket}/close", headers=colleague.headers)
    assert refused.status_code in (403, 409) and "tidak Anda pegang" in refused.text
    post(client, supervisor, f"/api/handoff/tickets/{ticket}/close")
    assert conversation(client, "telegram", str(chat)).mode == "bot"
