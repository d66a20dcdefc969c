"""The app under test: a settable clock, test settings, and driving the workers by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backend.core.config import Settings


def at(text: str) -> datetime:
    """A WIB wall-clock time: at('2026-08-14 10:00')."""
    return datetime.fromisoformat(text + "+07:00")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def app_settings(settings: Settings, tmp_path: Path, **overrides: Any) -> Settings:
    """Test settings: Rasa unreachable (the fallback answers), media under tmp_path."""
    return settings.model_copy(update={
        "nlu": settings.nlu.model_copy(update={"url": "http://127.0.0.1:9", "timeout_ms": 50}),
        "storage": settings.storage.model_copy(update={"root": str(tmp_path / "media")}),
        "dev_chat": True,
        **overrides,
    })


def drain(client: TestClient) -> None:
    """Run inbox, notifier and outbox until idle."""
    client.portal.call(client.app.state.workers.drain)
