"""The agent workspace page: the console's login first, then only for call-center and PPA
roles; its token opens the handoff API for that officer only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password
from tests.support.officers import PASSWORD, log_in

TOKEN = re.compile(r'data-token="([^"]+)"')


def _agent(engine: Engine, username: str, agency: str, role: str) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        officer = Officer(username=username, full_name="Agen Uji", agency=agency,
                          password_hash=hash_password(PASSWORD))
        officer.roles.append(OfficerRole(role=role))
        session.add(officer)


def test_the_workspace_needs_a_login_and_a_call_center_role(app_client: TestClient,
                                                            engine: Engine) -> None:
    anonymous = app_client.get("/agent", follow_redirects=True)
    assert anonymous.url.path == "/console/masuk" and "Kembalikan ke bot" not in anonymous.text
    assert "data-token" not in app_client.get("/console/agen").text
    log_in(app_client, "op")
    assert app_client.get("/console/agen").status_code == 403
    assert "Ruang kerja agen" not in app_client.get("/console/kerja").text
    _agent(engine, "agen.halaman", "diskominfo", "agent")
    log_in(app_client, "agen.halaman")
    assert "Ruang kerja agen" in app_client.get("/console/kerja").text
    page = app_client.get("/console/agen")
    assert page.status_code == 200 and "Kembalikan ke bot — belum terjawab" in page.text
    token = TOKEN.search(page.text)
    assert token is not None
    queue = app_client.get("/api/handoff/queue",
                           headers={"Authorization": f"Bearer {token.group(1)}"})
    assert queue.status_code == 200
    log_in(app_client, "ppa")  # a PPA role serves PPA chats there
    assert app_client.get("/console/agen").status_code == 200


def test_the_workspace_token_ends_with_the_console_session(app_client: TestClient,
                                                          engine: Engine) -> None:
    _agent(engine, "agen.keluar", "diskominfo", "agent")
    csrf = log_in(app_client, "agen.keluar")
    token = TOKEN.search(app_client.get("/console/agen").text)
    assert token is not None
    bearer = {"Authorization": f"Bearer {token.group(1)}"}
    assert app_client.get("/api/handoff/queue", headers=bearer).status_code == 200
    assert app_client.post("/console/keluar", data={"csrf": csrf}).status_code in (200, 303)
    assert app_client.get("/api/handoff/queue", headers=bearer).status_code == 401
