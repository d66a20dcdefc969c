"""Admins per agency: an agency's admin sees and changes only its own officers; the regency-wide
admin manages every agency and names agency admins; the list is searched and paged."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.console.admin_list import PAGE_SIZE
from backend.core.catalog.loader import Catalog
from backend.core.models import Officer, OfficerRole
from backend.core.roles import AGENCY_ADMIN, CONSOLE_ROLES, REGENCY_ADMIN, officer_roles
from backend.core.security import hash_password
from tests.support.officers import PASSWORD, log_in

NEW_PASSWORD = "kata-sandi-baru-99"  # noqa: S105
LISTED = re.compile(r'href="/console/admin/petugas/\d+">([^<]+)</a>')


def _officer(engine: Engine, username: str) -> Officer:
    with sessionmaker(bind=engine)() as session:
        found = session.scalar(select(Officer).where(Officer.username == username))
        assert found is not None
        return found


def _listed(client: TestClient, **params: str) -> list[str]:
    page = client.get("/console/admin", params=params)
    assert page.status_code == 200
    return LISTED.findall(page.text)


def test_an_agency_admin_lists_only_its_own_agency(app_client: TestClient) -> None:
    log_in(app_client, "boss")
    listed = _listed(app_client)
    assert "op" in listed and "kabid" in listed and "boss" in listed
    assert not {"damkar.op", "damkar.boss", "regency", "ppa"} & set(listed)
    assert _listed(app_client, instansi="damkar") == listed  # the filter cannot leave the scope
    assert _listed(app_client, q="damkar") == []
    assert "damkar" not in app_client.get("/console/admin/baru?instansi=damkar").text


def test_an_agency_admin_cannot_change_another_agencys_officer(app_client: TestClient,
                                                               engine: Engine) -> None:
    csrf = log_in(app_client, "boss")
    target = _officer(engine, "damkar.op")
    assert app_client.get(f"/console/admin/petugas/{target.id}").status_code == 404
    assert app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf, "roles": ["kabid"], "active": "true"}).status_code == 404
    assert app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf, "roles": ["petugas"]}).status_code == 404  # deactivation too
    assert app_client.post(f"/console/admin/petugas/{target.id}/sandi", data={
        "csrf": csrf, "new_password": NEW_PASSWORD}).status_code == 404
    assert app_client.post("/console/admin/petugas", data={
        "csrf": csrf, "username": "damkar.baru", "full_name": "Petugas Baru",
        "agency": "damkar", "roles": ["petugas"], "password": NEW_PASSWORD}).status_code == 404
    after = _officer(engine, "damkar.op")
    assert after.role_names == {"petugas"} and after.active
    assert after.password_hash == target.password_hash
    other = TestClient(app_client.app, follow_redirects=False)
    log_in(other, "damkar.op")  # the old password still works


def test_an_agency_admin_names_no_admins_and_leaves_admins_alone(app_client: TestClient,
                                                                 engine: Engine) -> None:
    csrf = log_in(app_client, "damkar.boss")
    target = _officer(engine, "damkar.op")
    granted = app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf, "roles": ["petugas", AGENCY_ADMIN], "active": "true"})
    assert granted.status_code == 422 and "peran tidak dikenal" in granted.text
    assert AGENCY_ADMIN not in _officer(engine, "damkar.op").role_names
    with sessionmaker(bind=engine)() as session, session.begin():
        second = Officer(username="damkar.admin2", full_name="Admin Dua", agency="damkar",
                         password_hash=hash_password(PASSWORD))
        second.roles.append(OfficerRole(role=AGENCY_ADMIN))
        session.add(second)
        session.flush()
        second_id = second.id
    refused = app_client.post(f"/console/admin/petugas/{second_id}/sandi", data={
        "csrf": csrf, "new_password": NEW_PASSWORD})
    assert refused.status_code == 422 and "admin kabupaten" in refused.text
    assert app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf, "roles": ["petugas", "agent"], "active": "true"}).status_code == 303
    assert _officer(engine, "damkar.op").role_names == {"petugas", "agent"}


def test_the_regency_admin_manages_every_agency_and_its_admins(app_client: TestClient,
                                                               engine: Engine) -> None:
    csrf = log_in(app_client, "regency")
    listed = _listed(app_client, instansi="damkar")
    assert "damkar.op" in listed and "op" not in listed
    target = _officer(engine, "kadis")
    assert app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf, "roles": ["kadis", AGENCY_ADMIN], "active": "true"}).status_code == 303
    assert _officer(engine, "kadis").role_names == {"kadis", AGENCY_ADMIN}
    boss = _officer(engine, "boss")
    assert app_client.post(f"/console/admin/petugas/{boss.id}/sandi", data={
        "csrf": csrf, "new_password": NEW_PASSWORD}).status_code == 303
    assert _officer(engine, "boss").password_hash != boss.password_hash
    assert app_client.post(f"/console/admin/petugas/{boss.id}/sandi", data={
        "csrf": csrf, "new_password": PASSWORD}).status_code == 303


def test_the_list_is_paged_and_filtered_in_the_database(app_client: TestClient,
                                                        engine: Engine) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        for n in range(PAGE_SIZE + 5):
            officer = Officer(username=f"massal.{n:03d}", full_name=f"Petugas Massal {n}",
                              agency="disdukcapil", password_hash="x")
            officer.roles.append(OfficerRole(role="operator" if n % 2 else "kabid"))
            session.add(officer)
    log_in(app_client, "boss")
    first = _listed(app_client, q="massal")
    assert len(first) == PAGE_SIZE
    second = _listed(app_client, q="massal", hal="2")
    assert len(second) == 5 and not set(first) & set(second)
    kabids = _listed(app_client, q="massal", peran="kabid")
    assert kabids and all(int(name.split(".")[1]) % 2 == 0 for name in kabids)
    assert "dari 2" in app_client.get("/console/admin", params={"q": "massal"}).text


def test_console_roles_never_collide_with_sop_roles(catalog: Catalog) -> None:
    sop = {key for roles in officer_roles(catalog).values() for key in roles}
    assert not sop & CONSOLE_ROLES.keys()
    assert REGENCY_ADMIN in CONSOLE_ROLES


def test_accounts_of_an_agency_gone_from_the_catalog_stay_manageable(
        app_client: TestClient, engine: Engine) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        orphan = Officer(username="lama.petugas", full_name="Petugas Lama",
                         agency="instansi-lama", password_hash=hash_password(PASSWORD))
        orphan.roles.append(OfficerRole(role="verifikator"))
        session.add(orphan)
    log_in(app_client, "boss")
    assert _listed(app_client, q="lama") == []
    csrf = log_in(app_client, "regency")
    assert _listed(app_client, q="lama") == ["lama.petugas"]
    target = _officer(engine, "lama.petugas")
    assert app_client.post(f"/console/admin/petugas/{target.id}", data={
        "csrf": csrf}).status_code == 303  # no role of its own to grant: deactivated only
    after = _officer(engine, "lama.petugas")
    assert not after.active and after.role_names == {"verifikator"}
