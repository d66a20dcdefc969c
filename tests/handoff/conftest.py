"""A handoff app over the fake Telegram and Twilio, agents, and helpers to drive both sides."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Conversation, Officer, OfficerRole
from backend.core.models.handoff import HandoffTicket
from backend.core.security import hash_password, issue_token
from tests.conftest import at
from tests.conversation.conftest import Clock, drain
from tests.conversation.test_channels import channel_settings
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio

IDS = itertools.count(880001)


@dataclass
class Agent:
    id: int
    username: str
    headers: dict[str, str]


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-24 09:00"))  # a Tuesday, within the call-center hours


@pytest.fixture
def chat() -> int:
    return next(IDS)


@pytest.fixture
def phone() -> str:
    return f"whatsapp:+628124{next(IDS):06d}"


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    configured = channel_settings(settings, tmp_path, telegram, twilio)
    app = create_app(configured, engine=engine, clock=clock, run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def make_agent(client: TestClient):  # type: ignore[no-untyped-def]
    """An officer with roles, and a bearer token for the API."""

    def make(agency: str = "diskominfo", roles: tuple[str, ...] = ("agent",),
             telegram_chat_id: str | None = None) -> Agent:
        number = next(IDS)
        with client.app.state.sessions() as session, session.begin():
            officer = Officer(username=f"agen{number}", full_name=f"Agen {number}",
                              agency=agency, password_hash=hash_password("rahasia-uji"),
                              telegram_chat_id=telegram_chat_id,
                              roles=[OfficerRole(role=r) for r in roles])
            session.add(officer)
            session.flush()
            officer_id = officer.id
        settings = client.app.state.settings
        token = issue_token(officer_id=officer_id, secret=settings.auth.secret_key, minutes=60)
        return Agent(officer_id, f"agen{number}", {"Authorization": f"Bearer {token}"})

    return make


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
