"""An officer tries other agencies' cases and every PPA case, over the API and the console:
refused (API 403; console 404 for other agencies, whose cases do not exist for it, and 403 for
PPA), nothing changes, and every attempt is logged (PPA ones also in the PPA access log)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.demo import DEMO_PASSWORD
from backend.core.models import CaseDocument, CaseEvent, Officer, OfficerRole
from backend.core.models.handoff import PpaAccessLog
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from tests.support.app import at
from tests.support.officers import bearer, csrf_of

PPA_SERVICE = "ppa-pengaduan"
STORY = "Cerita rahasia korban 3171015001900002"  # synthetic, must never reach a log
KEY = "ab/cd/abcd" + "0" * 60


@pytest.fixture(scope="module")
def cases(engine: Engine, workflow: Workflow, catalog: Catalog,
          officers: dict[str, Officer]) -> dict[str, tuple[str, str]]:
    """One case of every service (three PPA ones), each with a document: number -> (service,
    agency). Also a dp3a officer without a PPA role."""
    opened = {}
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        for service in [*catalog, catalog.get(PPA_SERVICE), catalog.get(PPA_SERVICE)]:
            case = workflow.open_case(session, service_code=service.code,
                                      fields={"kronologi": STORY}, now=at("2026-11-24 08:00"))
            case.documents.append(CaseDocument(code="ktp", mime="image/png",
                                               sha256=KEY[-64:], size=10, storage_key=KEY,
                                               created_at=at("2026-11-24 08:00")))
            opened[case.number] = (service.code, service.agency)
        clerk = Officer(username="dp3a.arsip", full_name="Arsip", agency="dp3a",
                        password_hash=hash_password(DEMO_PASSWORD), demo=True)
        clerk.roles.append(OfficerRole(role="arsiparis"))
        session.add(clerk)
    return opened


@pytest.fixture(scope="module")
def probes(officers: dict[str, Officer]) -> dict[str, str]:
    """One officer per agency: agency -> username."""
    found: dict[str, str] = {}
    for username in sorted(officers):
        found.setdefault(officers[username].agency, username)
    return found


class Denials:
    """The ``case_access_denied`` log events written so far in the test."""

    def __init__(self, caplog: pytest.LogCaptureFixture) -> None:
        self.caplog = caplog

    def __call__(self) -> list[dict]:
        messages = (record.getMessage() for record in self.caplog.records)
        return [json.loads(m) for m in messages if "case_access_denied" in m]


@pytest.fixture
def denials(caplog: pytest.LogCaptureFixture) -> Iterator[Denials]:
    with caplog.at_level(logging.WARNING):
        yield Denials(caplog)


def _events(engine: Engine) -> int:
    with sessionmaker(bind=engine)() as session:
        return session.scalar(select(func.count()).select_from(CaseEvent)) or 0


def _targets(cases: dict, agency: str, *, every: bool) -> list[tuple[str, str]]:
    """Other agencies' cases: all of them, or the first of each agency."""
    found: dict[str, tuple[str, str]] = {}
    for number, (_, owner) in cases.items():
        if owner != agency and (every or owner not in found):
            found[number if every else owner] = (number, owner)
    return list(found.values())


def _next_agency(cases: dict, agency: str) -> list[tuple[str, str]]:
    """Every case of the agency after ``agency`` (in sorted order, wrapping round)."""
    agencies = sorted({owner for _, owner in cases.values()})
    following = agencies[(agencies.index(agency) + 1) % len(agencies)]
    return [(number, owner) for number, (_, owner) in cases.items() if owner == following]


def test_api_every_other_agencys_case_is_403(
        client: TestClient, cases: dict, probes: dict[str, str], engine: Engine,
        denials: Denials) -> None:
    """A disdukcapil and a PPA officer try every other agency's case; every other agency's
    officer tries every case of the next agency."""
    before, attempts = _events(engine), 0
    for agency, username in probes.items():
        headers = bearer(client, username)
        every = agency in ("disdukcapil", "dp3a")
        targets = _targets(cases, agency, every=True) if every else _next_agency(cases, agency)
        for number, owner in targets:
            response = client.get(f"/api/cases/{number}", headers=headers)
            assert response.status_code == 403, (username, number)
            assert response.json()["detail"] == f"case {number} belongs to agency {owner}"
            attempts += 1
        assert all(owner == agency for _, owner in (cases[c["number"]] for c in client.get(
            "/api/worklist", headers=headers).json() if c["number"] in cases))
    assert len(denials()) == attempts
    assert {d["reason"] for d in denials()} == {"agency"}
    assert _events(engine) == before


def test_api_and_console_actions_on_other_agencies_cases_are_refused(
        client: TestClient, cases: dict, engine: Engine, denials: Denials) -> None:
    username, agency = "disdukcapil.operator", "disdukcapil"
    headers = bearer(client, username)
    csrf = _console_login(client, username)
    before, attempts = _events(engine), 0
    for number, _ in _targets(cases, agency, every=False):
        for body in ({"action": "comment", "note": "x"}, {"action": "complete"},
                     {"action": "reject", "reason": "x"}):
            assert client.post(f"/api/cases/{number}/actions", json=body,
                               headers=headers).status_code == 403
        assert client.get(f"/api/handoff/cases/{number}/transcript",
                          headers=headers).status_code == 403
        assert client.get(f"/api/cases?q={number}", headers=headers).json() == []
        for path, data in ((f"/console/kasus/{number}", None),
                           (f"/console/kasus/{number}/dokumen/1", None),
                           (f"/console/kasus/{number}/tindakan",
                            {"action": "comment", "note": "x", "csrf": csrf}),
                           (f"/console/kasus/{number}/balas", {"text": "halo", "csrf": csrf})):
            response = (client.get(path) if data is None else client.post(path, data=data))
            assert response.status_code == 404, (path, response.text[:200])
            assert number not in response.text
        attempts += 8
    assert len(denials()) == attempts
    assert _events(engine) == before


def test_every_ppa_case_is_refused_to_everyone_without_a_ppa_role(
        client: TestClient, cases: dict, probes: dict[str, str], engine: Engine,
        denials: Denials) -> None:
    ppa_cases = [n for n, (code, _) in cases.items() if code == PPA_SERVICE]
    outsiders = sorted(u for a, u in probes.items() if a != "dp3a") + ["dp3a.arsip"]
    assert len(ppa_cases) == 3
    with sessionmaker(bind=engine)() as session:
        logged_before = session.scalar(select(func.count()).select_from(PpaAccessLog))
    for username in outsiders:
        headers = bearer(client, username)
        for number in ppa_cases:
            for path in (f"/api/cases/{number}", f"/api/handoff/cases/{number}/transcript"):
                response = client.get(path, headers=headers)
                assert response.status_code == 403, (username, path)
                assert STORY not in response.text
    csrf = _console_login(client, "dp3a.arsip")
    for number in ppa_cases:
        assert client.get(f"/console/kasus/{number}").status_code == 403
        assert client.post(f"/console/kasus/{number}/tindakan",
                           data={"action": "comment", "note": "x", "csrf": csrf}
                           ).status_code == 403
    attempts = len(outsiders) * len(ppa_cases) * 2 + len(ppa_cases) * 2
    assert len(denials()) == attempts
    assert {d["reason"] for d in denials() if d["officer_agency"] == "dp3a"} == {"ppa_role"}
    with sessionmaker(bind=engine)() as session:
        rows = session.scalars(select(PpaAccessLog).order_by(PpaAccessLog.id)
                               .offset(logged_before)).all()
    assert len(rows) == attempts
    assert {r.resource for r in rows} == {"case_denied", "transcript_denied"}
    assert {r.detail["case_number"] for r in rows} == set(ppa_cases)
    rendered = json.dumps(denials()) + json.dumps([r.detail for r in rows])
    assert STORY not in rendered and "3171015001900002" not in rendered


def test_the_ppa_head_sees_refusals_and_a_ppa_officer_still_reads(
        client: TestClient, cases: dict, probes: dict[str, str], denials: Denials) -> None:
    number = next(n for n, (code, _) in cases.items() if code == PPA_SERVICE)
    assert client.get(f"/api/cases/{number}",
                      headers=bearer(client, probes["damkar"])).status_code == 403
    petugas = bearer(client, "dp3a.petugas")
    detail = client.get(f"/api/cases/{number}", headers=petugas)
    assert detail.status_code == 200 and STORY in detail.text  # the guard is not a blanket 403
    log = client.get("/api/handoff/ppa/access-log",
                     headers=bearer(client, "dp3a.manajer-kasus")).json()
    assert log[0]["resource"] == "case" and log[0]["officer_id"] is not None
    refusal = log[1]
    assert refusal["resource"] == "case_denied"
    assert refusal["detail"] == {"case_number": number, "reason": "agency"}
    assert len(denials()) == 1


def _console_login(client: TestClient, username: str) -> str:
    form = client.get("/console/masuk")
    response = client.post("/console/masuk", data={
        "username": username, "password": DEMO_PASSWORD, "csrf": csrf_of(form.text)})
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/console/kerja").text)
