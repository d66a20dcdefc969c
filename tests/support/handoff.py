"""Agents and their chats, over the handoff API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Conversation
from backend.core.models.handoff import HandoffTicket
from tests.support.app import drain


@dataclass
class Agent:
    id: int
    username: str
    headers: dict[str, str]


def on_shift(client: TestClient, agent: Agent, value: bool = True) -> None:
    response = client.post("/api/handoff/presence", json={"on_shift": value},
                           headers=agent.headers)
    assert response.status_code == 200, response.text


def conversation(client: TestClient, channel: str, external_id: str) -> Conversation:
    with client.app.state.sessions() as session:
        found = session.scalar(select(Conversation).where(
            Conversation.channel == channel, Conversation.external_id == external_id))
        assert found is not None
        return found


def ticket_of(client: TestClient, conversation_id: int) -> HandoffTicket:
    with client.app.state.sessions() as session:
        found = session.scalar(select(HandoffTicket)
                               .where(HandoffTicket.conversation_id == conversation_id)
                               .order_by(HandoffTicket.id.desc()))
        assert found is not None
        return found


def post(client: TestClient, agent: Agent, path: str, **body: Any) -> Any:
    response = client.post(path, headers=agent.headers, **body)
    assert response.status_code in (200, 204), response.text
    drain(client)
    return response.json() if response.status_code == 200 else None
