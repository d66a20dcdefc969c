"""An app with its workers driven by the test (no background loops), NLU via the fallback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from tests.conftest import at


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-24 09:00"))


def app_settings(settings: Settings, tmp_path: Path, **overrides: Any) -> Settings:
    """Test settings: Rasa unreachable (the fallback answers), media under tmp_path."""
    return settings.model_copy(update={
        "nlu": settings.nlu.model_copy(update={"url": "http://127.0.0.1:9", "timeout_ms": 50}),
        "storage": settings.storage.model_copy(update={"root": str(tmp_path / "media")}),
        "dev_chat": True,
        **overrides,
    })


@pytest.fixture
def chat_app(engine: Engine, settings: Settings, tmp_path: Path,
             clock: Clock) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


def drain(client: TestClient) -> None:
    """Run inbox, notifier and outbox until idle."""
    client.portal.call(client.app.state.workers.drain)
