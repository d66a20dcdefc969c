"""The officer API: login, worklist, detail, actions with role checks, search, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Environment, Settings
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from tests.support.app import Clock, at

PASSWORD = "sandi-uji-coba-123"  # noqa: S105


@pytest.fixture(scope="module")
def officers(engine: Engine) -> dict[str, int]:
    accounts = {"op": ("disdukcapil", ["operator"]), "kabid": ("disdukcapil", ["kabid"]),
                "kadis": ("disdukcapil", ["kadis"]), "damkar": ("damkar", ["operator"]),
                "demo": ("disdukcapil", ["operator"])}
    ids = {}
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, roles) in accounts.items():
            officer = Officer(username=username, full_name=username.title(), agency=agency,
                              password_hash=hash_password(PASSWORD), demo=username == "demo")
            officer.roles.extend(OfficerRole(role=r) for r in roles)
            session.add(officer)
            session.flush()
            ids[username] = officer.id
    return ids


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-24 09:00"))


@pytest.fixture
def client(engine: Engine, settings: Settings, clock: Clock,
           officers: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, clock=clock, run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


def token(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def new_case(engine: Engine, workflow: Workflow, when: datetime) -> str:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        case = workflow.open_case(session, service_code="kia-0-5",
                                  fields={"child_name": "Bagas Saputra",
                                          "kk_number": "1801050101200009"}, now=when)
        return case.number


def test_login_rejects_bad_credentials_and_missing_tokens(client: TestClient) -> None:
    assert client.post("/api/auth/login",
                       json={"username": "op", "password": "salah"}).status_code == 401
    assert client.get("/api/worklist").status_code == 401
    assert client.get("/api/worklist",
                      headers={"Authorization": "Bearer forged.token.here"}).status_code == 401
    assert client.get("/api/auth/me", headers=token(client, "op")).json()["roles"] == ["operator"]


def test_officer_walks_a_case_through_its_sop(client: TestClient, engine: Engine,
                                              workflow: Workflow, clock: Clock) -> None:
    number = new_case(engine, workflow, clock.now)
    headers = {name: token(client, name) for name in ("op", "kabid", "kadis")}
    worklist = client.get("/api/worklist", headers=headers["op"]).json()
    item = next(i for i in worklist if i["number"] == number)
    assert item["step_id"] == "s2" and item["overdue"] is False
    assert not [i for i in client.get("/api/worklist", headers=headers["kabid"]).json()
                if i["number"] == number]

    walk = [("op", {}), ("op", {"outcome": "Berkas lengkap"}), ("kabid", {}), ("kadis", {}),
            ("op", {})]
    for who, extra in walk:
        clock.advance(minutes=5)
        response = client.post(f"/api/cases/{number}/actions", headers=headers[who],
                               json={"action": "complete", **extra})
        assert response.status_code == 200, response.text
    detail = client.get(f"/api/cases/{number}", headers=headers["op"]).json()
    assert detail["status"] == "done"
    completed = [e for e in detail["events"] if e["action"] == "step_completed"]
    assert [e["step_id"] for e in completed] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert all(e["actor_kind"] == "officer" for e in completed[1:])
    assert [h["status"] for h in detail["history"]] == ["done"] * 6


def test_every_action_is_forbidden_to_the_wrong_role_and_agency(
        client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = new_case(engine, workflow, clock.now)
    bodies = [{"action": "complete"}, {"action": "return", "missing_items": ["KK"]},
              {"action": "reject", "reason": "r"}, {"action": "assign", "assignee": "op"},
              {"action": "comment", "note": "n"}]
    for who, reason in (("kabid", "needs role 'operator'"), ("damkar", "belongs to agency")):
        headers = token(client, who)
        for body in bodies:
            response = client.post(f"/api/cases/{number}/actions", headers=headers, json=body)
            assert response.status_code == 403, (who, body, response.text)
            assert reason in response.json()["detail"]
    assert client.get(f"/api/cases/{number}", headers=token(client, "damkar")).status_code == 403
    detail = client.get(f"/api/cases/{number}", headers=token(client, "op")).json()
    assert [e["action"] for e in detail["events"]] == ["opened", "step_completed", "step_started"]


def test_each_action_lands_in_the_event_log(client: TestClient, engine: Engine,
                                            workflow: Workflow, clock: Clock) -> None:
    number = new_case(engine, workflow, clock.now)
    op = token(client, "op")
    url = f"/api/cases/{number}/actions"
    comment = client.post(url, headers=op, json={"action": "comment", "note": "cek"})
    assert comment.status_code == 200
    assert client.post(url, headers=op, json={"action": "assign", "assignee": "demo",
                                              "note": "dibantu"}).status_code == 200
    assert client.post(url, headers=op, json={"action": "return",
                                              "missing_items": ["KK"]}).status_code == 422
    assert client.post(url, headers=op, json={"action": "complete"}).status_code == 200
    response = client.post(url, headers=op, json={"action": "return",
                                                  "missing_items": ["KTP-el ayah"]})
    assert response.status_code == 200 and response.json()["status"] == "waiting_citizen"
    assert client.post(url, headers=op, json={"action": "complete"}).status_code == 409
    actions = [e["action"] for e in response.json()["events"]]
    assert {"commented", "assigned", "step_completed", "returned"} <= set(actions)


def test_search_by_case_number_and_nik(client: TestClient, engine: Engine, workflow: Workflow,
                                       clock: Clock) -> None:
    number = new_case(engine, workflow, clock.now)
    op = token(client, "op")
    assert number in [c["number"] for c in
                      client.get("/api/cases", params={"q": number}, headers=op).json()]
    assert number in [c["number"] for c in
                      client.get("/api/cases", params={"q": "1801050101200009"},
                                 headers=op).json()]
    assert client.get("/api/cases", params={"q": number},
                      headers=token(client, "damkar")).json() == []
    assert client.get("/api/cases/HL-2026-999999", headers=op).status_code == 404


def test_openapi_and_catalog_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/api/cases/{number}/actions" in client.get("/openapi.json").json()["paths"]
    services = client.get("/api/services").json()
    assert any(s["code"] == "kia-0-5" for s in services)
    assert client.get("/api/services/nope").status_code == 404


def test_demo_accounts_cannot_log_in_in_production(engine: Engine, settings: Settings,
                                                   officers: dict[str, int]) -> None:
    production = settings.model_copy(update={"environment": Environment.PRODUCTION})
    app = create_app(production, engine=engine, run_background=False, migrate=False)
    with TestClient(app) as client:
        response = client.post("/api/auth/login", json={"username": "demo", "password": PASSWORD})
        assert response.status_code == 403
        assert client.post("/api/auth/login",
                           json={"username": "op", "password": PASSWORD}).status_code == 200
