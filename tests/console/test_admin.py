"""The admin page: only admins; officers created with catalog roles, changed, reset."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.models import Officer
from tests.console.conftest import csrf_of, log_in

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
