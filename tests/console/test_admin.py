"""The admin page: only admins; officers created with catalog roles, changed, reset."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.models import Officer, OfficerRole
from backend.core.models.alerts import DutyMember
from backend.core.security import hash_password
from tests.support.officers import PASSWORD, csrf_of, log_in

NEW_PASSWORD = "kata-sandi-baru-99"  # noqa: S105


def _officer(engine: Engine, username: str) -> Officer | None:
    with sessionmaker(bind=engine)() as session:
        return session.scalar(select(Officer).where(Officer.username == username))


def test_only_admins_see_the_admin_page(app_client: TestClient) -> None:
    log_in(app_client, "op")
    assert app_client.get("/console/admin").status_code == 403
    log_in(app_client, "boss")
    page = app_client.get("/console/admin")
    assert page.status_code == 200 and "Tambah petugas" in page.text


def test_admin_creates_changes_and_resets_an_officer(app_client: TestClient,
                                                     engine: Engine) -> None:
    csrf = log_in(app_client, "boss")
    form = {"csrf": csrf, "username": "budi.op", "full_name": "Budi Santoso",
            "agency": "disdukcapil", "password": NEW_PASSWORD}
    refused = app_client.post("/console/admin/petugas", data={**form, "roles": ["pilot"]})
    assert refused.status_code == 422 and "peran tidak dikenal" in refused.text
    short = app_client.post("/console/admin/petugas",
                            data={**form, "roles": ["operator"], "password": "pendek"})
    assert short.status_code == 422
    assert app_client.post("/console/admin/petugas",
                           data={**form, "roles": ["operator"]}).status_code == 303
    created = _officer(engine, "budi.op")
    assert created is not None and created.role_names == {"operator"} and not created.demo

    other = TestClient(app_client.app, follow_redirects=False)
    log_in(other, "budi.op", NEW_PASSWORD)
    assert app_client.post(f"/console/admin/petugas/{created.id}", data={
        "csrf": csrf, "roles": ["operator", "kabid"], "active": "true"}).status_code == 303
    assert _officer(engine, "budi.op").role_names == {"operator", "kabid"}  # type: ignore[union-attr]
    assert app_client.post(f"/console/admin/petugas/{created.id}/sandi", data={
        "csrf": csrf, "new_password": "sandi-ketiga-123"}).status_code == 303
    assert other.get("/console/kerja").status_code == 303  # the reset ended its session
    assert app_client.post(f"/console/admin/petugas/{created.id}", data={
        "csrf": csrf, "roles": ["operator"]}).status_code == 303
    assert not _officer(engine, "budi.op").active  # type: ignore[union-attr]
    login = other.get("/console/masuk")
    assert other.post("/console/masuk", data={"username": "budi.op",
                                              "password": "sandi-ketiga-123",
                                              "csrf": csrf_of(login.text)}).status_code == 401


ROSTER = Path(__file__).resolve().parents[2] / "deploy" / "roster.example.yml"


def test_roster_page_lists_and_replaces_the_damkar_roster(app_client: TestClient,
                                                          engine: Engine) -> None:
    log_in(app_client, "op")
    assert app_client.get("/console/admin/regu").status_code == 403
    log_in(app_client, "boss")  # disdukcapil's admin keeps no duty roster
    assert app_client.get("/console/admin/regu").status_code == 403
    csrf = log_in(app_client, "regency")
    assert "Belum ada roster" in app_client.get("/console/admin/regu").text
    example = ROSTER.read_text(encoding="utf-8")
    no_csrf = app_client.post("/console/admin/regu", data={"roster_yaml": example})
    assert no_csrf.status_code == 403
    uploaded = app_client.post("/console/admin/regu", data={"csrf": csrf},
                               files={"roster_file": ("roster.yml", example.encode())})
    assert uploaded.status_code == 303
    page = app_client.get("/console/admin/regu").text
    assert "Komandan Regu B" in page and "A, B, C" in page and "Kabid Damkar" in page
    with sessionmaker(bind=engine)() as session:
        members = session.scalars(select(DutyMember).where(DutyMember.unit == "damkar")).all()
        assert len(members) == 8
    bad = app_client.post("/console/admin/regu", data={
        "csrf": csrf, "roster_yaml": example.replace("change_hour: 8", "change_hour: 30")})
    assert bad.status_code == 422 and "change_hour" in bad.text
    stray = app_client.post("/console/admin/regu", data={
        "csrf": csrf, "roster_yaml": example.replace("team: C, phone", "team: D, phone")})
    assert stray.status_code == 422 and "regu tidak ada" in stray.text
    smaller = "unit: damkar\nteams: [X, Y]\nanchor: 2026-12-01\nmembers:\n" \
              "  - {name: Komandan X, rank: komandan, team: X}\n"
    assert app_client.post("/console/admin/regu", data={
        "csrf": csrf, "roster_yaml": smaller}).status_code == 303
    page = app_client.get("/console/admin/regu").text
    assert "Komandan X" in page and "Komandan Regu B" not in page


def test_damkar_kabid_keeps_only_the_damkar_roster(app_client: TestClient,
                                                   engine: Engine) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        if session.scalar(select(Officer.id).where(Officer.username == "kabid.damkar")) is None:
            officer = Officer(username="kabid.damkar", full_name="Kabid Damkar",
                              agency="damkar", password_hash=hash_password(PASSWORD))
            officer.roles.append(OfficerRole(role="kabid"))
            session.add(officer)
    csrf = log_in(app_client, "kabid.damkar")
    assert "Roster piket" in app_client.get("/console/kerja").text
    assert app_client.get("/console/admin").status_code == 403
    page = app_client.get("/console/admin/regu")
    assert page.status_code == 200 and "Unit damkar" in page.text and "Unit ppa" not in page.text
    ppa = "unit: ppa\nteams: [A]\nanchor: 2026-12-01\n"
    refused = app_client.post("/console/admin/regu", data={"csrf": csrf, "roster_yaml": ppa})
    assert refused.status_code == 422 and "tidak berwenang" in refused.text
    broken = app_client.post("/console/admin/regu", data={"csrf": csrf,
                                                          "roster_yaml": "unit: [damkar"})
    assert broken.status_code == 422 and "YAML tidak dapat dibaca" in broken.text
