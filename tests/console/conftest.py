"""Console fixtures: officers, an app with a controllable clock, and a logged-in browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from tests.conftest import at
from tests.conversation.conftest import Clock, app_settings

PASSWORD = "sandi-konsol-2026"  # noqa: S105
ACCOUNTS = {
    "op": ("disdukcapil", ["operator"]), "kabid": ("disdukcapil", ["kabid"]),
    "kadis": ("disdukcapil", ["kadis"]), "boss": ("disdukcapil", ["operator", "admin"]),
    "ppa": ("dp3a", ["call-center"]), "demo": ("disdukcapil", ["operator"]),
    "locked": ("disdukcapil", ["operator"]),
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


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
def clock() -> Clock:
    return Clock(at("2026-11-24 09:00"))


@pytest.fixture
def app_client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
               officers: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    form = client.get("/console/masuk")
    response = client.post("/console/masuk", data={
        "username": username, "password": password, "csrf": csrf_of(form.text)})
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/console/kerja").text)


def open_kia(engine: Engine, workflow: Workflow, when: datetime, **fields: str) -> str:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        values = {"child_name": "Bagas Saputra", "kk_number": "1801050101200009", **fields}
        return workflow.open_case(session, service_code="kia-0-5", fields=values,
                                  now=when).number
