"""Security fixtures: demo officers of every agency and role, an app over the channel fakes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.catalog.loader import Catalog
from backend.core.config import Environment, Settings
from backend.core.demo import DEMO_PASSWORD, create_demo_officers
from backend.core.models import Officer
from bot import ratelimit
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import SECRET, channel_settings

__all__ = ["DEMO_PASSWORD", "SECRET"]
SENDERS = itertools.count(9_300_001)


@pytest.fixture(scope="module")
def officers(engine: Engine, catalog: Catalog, settings: Settings) -> dict[str, Officer]:
    """One demo officer per role per agency (``<agency>.<role>``), by username."""
    demo = settings.model_copy(update={"environment": Environment.DEMO})
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        create_demo_officers(session, catalog, demo)
        found = session.scalars(select(Officer)).all()
        for officer in found:
            _ = officer.role_names  # loaded while the session is open
        return {officer.username: officer for officer in found}


@pytest.fixture
def sender() -> int:
    """A chat of its own for each test (the database is shared by the module)."""
    return next(SENDERS)


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio,
           officers: dict[str, Officer]) -> Iterator[TestClient]:
    """The whole app, Telegram and WhatsApp configured on the fakes, workers driven by hand."""
    configured = channel_settings(settings, tmp_path, telegram, twilio)
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


@pytest.fixture(autouse=True)
def fresh_flood_control(monkeypatch: pytest.MonkeyPatch) -> ratelimit.FloodControl:
    """Each test starts with empty flood buckets (the fake clock restarts every test)."""
    fresh = ratelimit.FloodControl()
    monkeypatch.setattr(ratelimit, "FLOOD", fresh)
    import bot.inbox

    monkeypatch.setattr(bot.inbox, "FLOOD", fresh)
    return fresh
