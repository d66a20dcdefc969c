"""Console sessions: no fixation (a session id from before the login never survives it), CSRF
on every state-changing POST (found from the routes, so new forms are covered), cookie flags."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.console.deps import COOKIE, LOGIN_CSRF_COOKIE
from backend.console.views import admin, auth, case, damkar, dashboard, roster, static, work
from backend.core.demo import DEMO_PASSWORD
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from tests.support.app import Clock, at
from tests.support.officers import csrf_of

ADMIN = "disdukcapil.admin-uji"
CSRF_REFUSED = {"detail": "CSRF token tidak cocok"}


@pytest.fixture(scope="module")
def case_number(engine: Engine, workflow: Workflow, officers: dict) -> str:
    """A disdukcapil case, and an admin of disdukcapil."""
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        boss = Officer(username=ADMIN, full_name="Admin Uji", agency="disdukcapil",
                       password_hash=hash_password(DEMO_PASSWORD))
        boss.roles.extend([OfficerRole(role="admin-konsol"), OfficerRole(role="operator")])
        session.add(boss)
        return workflow.open_case(session, service_code="kia-0-5", fields={"child_name": "X"},
                                  now=at("2026-11-24 08:00")).number


def _login(client: TestClient, username: str = ADMIN) -> tuple[str, str]:
    """Log in through the form; (session cookie, CSRF token of the session)."""
    form = client.get("/console/masuk")
    response = client.post("/console/masuk", data={
        "username": username, "password": DEMO_PASSWORD, "csrf": csrf_of(form.text)})
    assert response.status_code == 303, response.text
    token = _set_cookies(response.headers.get_list("set-cookie"))[COOKIE].value
    return token, csrf_of(client.get("/console/kerja").text)


def _set_cookies(headers: list[str]) -> dict:
    cookies: dict = {}
    for header in headers:
        cookies.update(SimpleCookie(header))
    return cookies


def _plant(client: TestClient, token: str) -> None:
    """Put a session id in the browser, as a fixation attacker would."""
    client.cookies.clear()
    client.cookies.set(COOKIE, token, domain="testserver.local", path="/console")


def _signed_in(client: TestClient) -> bool:
    return client.get("/console/kerja").status_code == 200


def _posts(number: str) -> list[str]:
    """Every console POST path except the login form (which has its own token)."""
    paths = [route.path for module in (admin, auth, case, damkar, dashboard, roster, static,
                                       work)
             for route in module.router.routes if "POST" in route.methods]
    assert "/masuk" in paths and len(paths) >= 7  # the routes were found
    return ["/console" + p.replace("{number}", number).replace("{officer_id}", "1")
            .replace("{incident_id}", "1").replace("{signal}", "ack")
            for p in paths if p != "/masuk"]


def test_a_planted_session_id_does_not_survive_login(client: TestClient, case_number: str
                                                     ) -> None:
    _plant(client, "dipilih-penyerang-123")
    assert client.get("/console/kerja").request.headers["cookie"] == (
        f"{COOKIE}=dipilih-penyerang-123")  # the browser does send it
    assert not _signed_in(client)  # an unknown id is simply not a session
    token, _ = _login(client)
    assert token != "dipilih-penyerang-123" and _signed_in(client)


def test_a_live_session_from_before_the_login_is_closed_by_it(
        client: TestClient, case_number: str) -> None:
    planted, _ = _login(client, "disdukcapil.operator")  # e.g. the attacker's own session
    fresh, _ = _login(client)
    assert fresh != planted
    _plant(client, planted)
    assert not _signed_in(client)
    _plant(client, fresh)
    assert _signed_in(client)


def test_logout_and_expiry_end_the_session_on_the_server(
        client: TestClient, case_number: str, clock: Clock) -> None:
    token, csrf = _login(client)
    assert client.post("/console/keluar", data={"csrf": csrf}).status_code == 303
    _plant(client, token)
    assert not _signed_in(client)
    _login(client)
    clock.advance(minutes=client.app.state.settings.auth.token_minutes + 1)
    assert not _signed_in(client)


def test_every_console_post_needs_the_sessions_own_csrf_token(
        client: TestClient, case_number: str) -> None:
    _, other_csrf = _login(client, "disdukcapil.operator")
    client.cookies.clear()
    _, csrf = _login(client)
    attempts = [({}, {}), ({"csrf": ""}, {}), ({"csrf": "palsu"}, {}), ({"csrf": other_csrf}, {}),
                ({}, {"X-CSRF-Token": other_csrf}), ({"csrf": csrf + "x"}, {})]
    for path in _posts(case_number):
        for data, headers in attempts:
            body = {"action": "comment", "note": "n", "text": "t", **data}
            response = client.post(path, data=body, headers=headers)
            assert (response.status_code, response.json()) == (403, CSRF_REFUSED), (path, data)
        assert _signed_in(client)  # nothing above logged the officer out
    reply = client.post(f"/console/kasus/{case_number}/tindakan",
                        data={"action": "comment", "note": "sah", "csrf": csrf})
    assert reply.status_code == 303  # the session's own token passes


def test_login_itself_needs_its_form_token(client: TestClient, case_number: str) -> None:
    client.get("/console/masuk")
    for token, status in (("", 422), ("palsu", 403), (client.cookies[LOGIN_CSRF_COOKIE] + "x",
                                                      403)):
        response = client.post("/console/masuk", data={
            "username": ADMIN, "password": DEMO_PASSWORD, "csrf": token})
        assert response.status_code == status and COOKIE not in client.cookies


def test_cookie_flags(client: TestClient, case_number: str) -> None:
    form = client.get("/console/masuk")
    login_cookie = SimpleCookie(form.headers["set-cookie"])[LOGIN_CSRF_COOKIE]
    response = client.post("/console/masuk", data={
        "username": ADMIN, "password": DEMO_PASSWORD, "csrf": csrf_of(form.text)})
    cookies = _set_cookies(response.headers.get_list("set-cookie"))
    session = cookies[COOKIE]
    minutes = client.app.state.settings.auth.token_minutes
    for cookie in (login_cookie, session):
        assert cookie["httponly"] and cookie["secure"], cookie.output()
        assert cookie["samesite"].lower() == "lax" and cookie["path"] == "/console"
    assert session["max-age"] == str(minutes * 60)
    assert cookies[LOGIN_CSRF_COOKIE].value == ""  # the login token is dropped after use
    page = client.get("/console/kerja")
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
