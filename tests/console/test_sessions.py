"""Console login: cookies, CSRF on every POST, lockout, logout, demo accounts in production."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.console import sessions
from backend.core.config import Environment, Settings
from tests.support.app import Clock, app_settings
from tests.support.officers import PASSWORD, csrf_of, log_in


def test_pages_need_a_session(app_client: TestClient) -> None:
    response = app_client.get("/console/kerja")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/masuk?lanjut=/console/kerja"
    assert app_client.get("/console/").headers["location"] == "/console/kerja"


def test_login_sets_a_strict_cookie_and_logout_ends_the_session(app_client: TestClient) -> None:
    form = app_client.get("/console/masuk")
    assert 'lang="id"' in form.text and "Masuk konsol petugas" in form.text
    response = app_client.post("/console/masuk", data={
        "username": "op", "password": PASSWORD, "csrf": csrf_of(form.text),
        "lanjut": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["location"] == "/console/kerja"
    cookie = next(h for h in response.headers.get_list("set-cookie")
                  if h.startswith("halo_console="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    page = app_client.get("/console/kerja")
    assert page.status_code == 200 and "Op Petugas" in page.text
    assert "Content-Security-Policy" in page.headers
    assert app_client.post("/console/keluar", data={}).status_code == 403
    assert app_client.post("/console/keluar",
                           data={"csrf": csrf_of(page.text)}).status_code == 303
    assert app_client.get("/console/kerja").status_code == 303


def test_login_without_the_form_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/console/masuk")
    response = app_client.post("/console/masuk", data={
        "username": "op", "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403


def test_five_failures_lock_the_account_for_fifteen_minutes(app_client: TestClient,
                                                            clock: Clock) -> None:
    csrf = csrf_of(app_client.get("/console/masuk").text)
    attempt = {"username": "locked", "password": "salah-sekali", "csrf": csrf}
    for _ in range(5):
        assert app_client.post("/console/masuk", data=attempt).status_code == 401
    right = {**attempt, "password": PASSWORD}
    refused = app_client.post("/console/masuk", data=right)
    assert refused.status_code == 429 and "dikunci" in refused.text
    clock.advance(minutes=16)
    assert app_client.post("/console/masuk", data=right).status_code == 303


def test_the_login_page_states_the_lockout_rule_in_force(
        app_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    rule = ("Setelah 5 kali gagal masuk dalam 15 menit, akun dikunci sementara, "
            "paling lama 15 menit.")
    assert rule in app_client.get("/console/masuk").text
    monkeypatch.setattr(sessions, "MAX_FAILURES", 3)
    monkeypatch.setattr(sessions, "LOCK_WINDOW", timedelta(minutes=30))
    page = app_client.get("/console/masuk").text
    assert "Setelah 3 kali gagal masuk dalam 30 menit" in page and "paling lama 30 menit" in page


def test_secure_cookie_behind_https_and_no_demo_accounts_in_production(
        engine: Engine, settings: Settings, tmp_path: Path, officers: dict[str, int]) -> None:
    production = app_settings(settings, tmp_path, environment=Environment.PRODUCTION,
                              public_url="https://halo.lampungselatankab.go.id")
    app = create_app(production, engine=engine, run_background=False, migrate=False)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        csrf = csrf_of(client.get("/console/masuk").text)
        demo = client.post("/console/masuk",
                           data={"username": "demo", "password": PASSWORD, "csrf": csrf})
        assert demo.status_code == 403 and "Akun demo" in demo.text
        real = client.post("/console/masuk",
                           data={"username": "kabid", "password": PASSWORD, "csrf": csrf})
        assert real.status_code == 303
        assert "Secure" in real.headers["set-cookie"]


def test_every_console_post_checks_csrf(app_client: TestClient) -> None:
    log_in(app_client, "boss")
    for url in ("/console/kasus/HL-2026-000001/tindakan", "/console/kasus/HL-2026-000001/balas",
                "/console/admin/petugas", "/console/keluar"):
        assert app_client.post(url, data={"csrf": "forged", "action": "comment",
                                          "text": "x"}).status_code == 403, url
