"""Console fixtures: officers, an app with a controllable clock, and a logged-in browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password
from tests.console.browser import CHROMIUM, CHROMIUM_ARGS, SCREEN, LiveServer
from tests.support.app import Clock, app_settings
from tests.support.officers import PASSWORD

ACCOUNTS = {
    "op": ("disdukcapil", ["operator"]), "kabid": ("disdukcapil", ["kabid"]),
    "kadis": ("disdukcapil", ["kadis"]), "boss": ("disdukcapil", ["operator", "admin-konsol"]),
    "ppa": ("dp3a", ["call-center"]), "demo": ("disdukcapil", ["operator"]),
    "locked": ("disdukcapil", ["operator"]),
    "regency": ("diskominfo", ["admin-konsol-kabupaten"]),
    "damkar.boss": ("damkar", ["admin-konsol"]), "damkar.op": ("damkar", ["petugas"]),
}


@pytest.fixture(scope="module")
def officers(engine: Engine) -> dict[str, int]:
    ids = {}
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, roles) in ACCOUNTS.items():
            officer = Officer(username=username, full_name=f"{username.title()} Petugas",
                              agency=agency, password_hash=hash_password(PASSWORD),
                              demo=username == "demo")
            officer.roles.extend(OfficerRole(role=r) for r in roles)
            session.add(officer)
            session.flush()
            ids[username] = officer.id
    return ids


@pytest.fixture
def app_client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
               officers: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app, follow_redirects=False) as client:
        yield client


# --- the browser tests' app and Chromium (modules that use them skip without Chromium) --------


@pytest.fixture(scope="module")
def live(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app served on a free loopback port, one per browser test module."""
    server = LiveServer(tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per module."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    """A fresh browser context on the live app."""
    context = browser.new_context(base_url=live.url, viewport=SCREEN)
    yield context.new_page()
    context.close()
