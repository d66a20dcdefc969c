"""An agent who goes offline or stops answering loses the chat; a reopened chat never goes to
an offline agent."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fakes.telegram import FakeTelegram
from tests.support.app import Clock
from tests.support.channels import bot_texts, tg
from tests.support.handoff import conversation, on_shift, post, ticket_of


def queued_chat(client: TestClient, telegram: FakeTelegram, chat: int) -> int:
    assert tg(client, telegram.callback_update(chat, "menu:agent")) == 200
    return ticket_of(client, conversation(client, "telegram", str(chat)).id).id


def test_an_offline_agent_loses_the_chat_to_an_online_one(
        client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock,
        make_agent) -> None:  # type: ignore[no-untyped-def]
    first, second = make_agent(), make_agent()
    on_shift(client, first)
    ticket_id = queued_chat(client, telegram, chat)
    post(client, first, f"/api/handoff/tickets/{ticket_id}/take")
    clock.advance(seconds=30)
    on_shift(client, second)  # the sweep runs: the first agent is still fresh
    assert ticket_of(client, conversation(client, "telegram", str(chat)).id).agent_id == first.id
    clock.advance(seconds=61)
    on_shift(client, second)  # no heartbeat from the first agent for 91 s
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.status == "queued" and ticket.agent_id is None
    assert conversation(client, "telegram", str(chat)).mode == "queued"
    queue = client.get("/api/handoff/queue", headers=second.headers).json()
    assert [t["id"] for t in queue if t["id"] == ticket_id] == [ticket_id]
    post(client, second, f"/api/handoff/tickets/{ticket_id}/take")
    assert ticket_of(client, conversation(client, "telegram", str(chat)).id).agent_id == second.id


def test_an_agent_who_does_not_answer_loses_the_chat(
        client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock,
        make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    ticket_id = queued_chat(client, telegram, chat)
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/take")
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/reply", json={"text": "Halo"})
    assert tg(client, telegram.text_update(chat, "apakah masih di sana?")) == 200
    for _ in range(6):  # the agent keeps the workspace open but never answers
        clock.advance(seconds=55)
        on_shift(client, agent)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.status == "queued" and ticket.previous_agent_id == agent.id


def test_a_reopened_chat_is_not_assigned_to_an_offline_agent(
        client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock,
        make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    ticket_id = queued_chat(client, telegram, chat)
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/take")
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/close")
    clock.advance(minutes=10)  # the agent's workspace is closed: no heartbeat since
    reopened = queued_chat(client, telegram, chat)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert reopened != ticket_id and ticket.status == "queued" and ticket.agent_id is None
    assert ticket.previous_agent_id == agent.id
    assert "Posisi Anda di antrean" in bot_texts(telegram)[-1]


def test_a_reopened_chat_returns_to_its_agent_while_online(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent()
    on_shift(client, agent)
    ticket_id = queued_chat(client, telegram, chat)
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/take")
    post(client, agent, f"/api/handoff/tickets/{ticket_id}/close")
    queued_chat(client, telegram, chat)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.status == "assigned" and ticket.agent_id == agent.id
    assert "terhubung dengan petugas" in bot_texts(telegram)[-1]


def test_out_of_hours_the_bot_promises_a_call_back(
        client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock) -> None:
    clock.advance(hours=13)  # 22:00 WIB
    ticket_id = queued_chat(client, telegram, chat)
    assert "di luar jam layanan" in bot_texts(telegram)[-1]
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.id == ticket_id and ticket.callback and ticket.status == "queued"
