"""An app with its workers driven by the test (no background loops), NLU via the fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from tests.support.app import Clock, app_settings


@pytest.fixture
def chat_app(engine: Engine, settings: Settings, tmp_path: Path,
             clock: Clock) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client
