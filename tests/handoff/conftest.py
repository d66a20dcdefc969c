"""A handoff app over the fake Telegram and Twilio, agents, and helpers to drive both sides."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password, issue_token
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import channel_settings
from tests.support.handoff import Agent

IDS = itertools.count(880001)


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
