"""SQL-ish and HTML/JS payloads in every citizen text the console shows (case fields, the
citizen's name, the transcript, officers' notes, comments and replies): the rendered pages
have them escaped, and the database keeps them verbatim and intact."""

from __future__ import annotations

from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select

from backend.core.demo import DEMO_PASSWORD
from backend.core.models import Case, CaseField, Conversation, Officer
from tests.fakes.telegram import FakeTelegram
from tests.support.app import Clock, drain
from tests.support.channels import SECRET
from tests.support.officers import log_in

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'); DROP TABLE cases; --",
    "</textarea><svg/onload=alert(2)>",
    "javascript:alert(3)",
    "{{ 7*7 }} {% raw %}",
]
RAW_MARKERS = ["<script>alert", "<img src=x", "<svg/onload", "</textarea><svg"]


def _escaped_everywhere(page: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in page, marker
    assert "49" not in page.split("{{ 7*7 }}")[0][-5:]  # no template evaluation


def test_payloads_are_escaped_on_the_case_page_and_kept_verbatim(
        client: TestClient, telegram: FakeTelegram, sender: int, clock: Clock) -> None:
    for payload in PAYLOADS:  # the transcript, from a citizen named like an attack
        update = telegram.text_update(sender, payload, first_name=PAYLOADS[1],
                                      last_name=PAYLOADS[0])
        assert client.post("/webhooks/telegram", json=update,
                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                           ).status_code == 200
        clock.advance(seconds=10)
    drain(client)
    workflow = client.app.state.workflow
    with client.app.state.sessions() as session, session.begin():
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == str(sender)))
        fields = {f"f{i}": p for i, p in enumerate(PAYLOADS)} | {"child_name": PAYLOADS[0]}
        number = workflow.open_case(session, service_code="kia-0-5", fields=fields,
                                    now=clock.now, citizen_id=conversation.citizen_id,
                                    channel="telegram").number
        officers_before = session.scalar(select(func.count()).select_from(Officer))
    csrf = log_in(client, "disdukcapil.operator", DEMO_PASSWORD)
    for payload in PAYLOADS:  # officers' notes and replies carry the same payloads
        assert client.post(f"/console/kasus/{number}/tindakan", data={
            "action": "comment", "note": payload, "csrf": csrf}).status_code == 303
        assert client.post(f"/console/kasus/{number}/balas", data={
            "text": payload, "csrf": csrf}).status_code == 303
    page = client.get(f"/console/kasus/{number}")
    assert page.status_code == 200
    _escaped_everywhere(page.text)
    for payload in PAYLOADS:
        assert str(escape(payload)) in page.text, payload  # shown, as text
    with client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        stored = dict(session.execute(select(CaseField.name, CaseField.value)
                                      .where(CaseField.case_id == case.id)).all())
        assert stored == fields
        assert session.scalar(select(func.count()).select_from(Officer)) == officers_before
        assert [e.note for e in case.events if e.action == "commented"] == PAYLOADS


def test_payloads_in_searches_and_filters_are_harmless(client: TestClient) -> None:
    log_in(client, "disdukcapil.operator", DEMO_PASSWORD)
    for payload in PAYLOADS:
        for params in ({"q": payload}, {"layanan": payload}, {"status": payload[:20]}):
            page = client.get("/console/kerja", params=params)
            assert page.status_code == 200, params
            _escaped_everywhere(page.text)
        redirect = client.get("/console/masuk", params={"lanjut": payload})
        assert redirect.status_code == 200 and "<script>alert" not in redirect.text
    with client.app.state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) is not None
