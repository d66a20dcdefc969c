"""Officers signing in: the console form (CSRF) and API bearer tokens."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.models import Officer
from backend.core.security import issue_token
from backend.core.workflow.engine import Workflow

PASSWORD = "sandi-konsol-2026"  # noqa: S105
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


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


def bearer(client: TestClient, username: str) -> dict[str, str]:
    """A demo officer's API token, as ``/api/auth/login`` issues it (without argon2's cost)."""
    with client.app.state.sessions() as session:
        officer = session.scalar(select(Officer).where(Officer.username == username))
        assert officer is not None, username
        auth = client.app.state.settings.auth
        token = issue_token(officer_id=officer.id, secret=auth.secret_key,
                            minutes=auth.token_minutes)
    return {"Authorization": f"Bearer {token}"}
