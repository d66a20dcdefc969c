"""PPA: straight to PPA agents, discreet mode, PPA-only visibility, the access log, no story
text in the application logs."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.fakes.telegram import FakeTelegram
from tests.support.channels import bot_texts, tg
from tests.support.handoff import conversation, on_shift, post, ticket_of

STORY = "Suami saya memukul saya semalam di rumah Zubaidah"
FIELDS = {"reporter_name": "Mawar", "origin": "Desa Way Urang, Kecamatan Kalianda",
          "marital_status": "Kawin", "reporter_phone": "081234567890",
          "chronology": STORY, "urgency": "Urgent"}


def report_violence(client: TestClient, telegram: FakeTelegram, chat: int) -> int:
    assert tg(client, telegram.callback_update(chat, "svc:ppa-pengaduan")) == 200
    return ticket_of(client, conversation(client, "telegram", str(chat)).id).id


def test_a_ppa_report_is_queued_first_for_ppa_officers_in_discreet_mode(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    call_center = make_agent()
    ppa_agent = make_agent(agency="dp3a", roles=("call-center",))
    ticket_id = report_violence(client, telegram, chat)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.ppa and ticket.team == "dp3a" and ticket.priority == 0
    texts = bot_texts(telegram)
    assert any("BERHENTI" in text and "Hapus" in text for text in texts)
    assert client.get(f"/api/handoff/tickets/{ticket_id}",
                      headers=call_center.headers).status_code == 403
    assert client.post(f"/api/handoff/tickets/{ticket_id}/take",
                       headers=call_center.headers).status_code == 403
    assert ticket_id not in [t["id"] for t in client.get(
        "/api/handoff/queue", headers=call_center.headers).json()]
    queue = client.get("/api/handoff/queue", headers=ppa_agent.headers).json()
    assert queue[0]["id"] == ticket_id  # PPA first
    on_shift(client, ppa_agent)
    post(client, ppa_agent, f"/api/handoff/tickets/{ticket_id}/take")
    assert tg(client, telegram.text_update(chat, "BERHENTI")) == 200
    assert "tidak akan mengirim pesan" in bot_texts(telegram)[-1]
    refused = client.post(f"/api/handoff/tickets/{ticket_id}/reply", json={"text": "Halo"},
                          headers=ppa_agent.headers)
    assert refused.status_code == 409
    assert tg(client, telegram.text_update(chat, "AMAN besok jam 10 lewat telepon")) == 200
    detail = client.get(f"/api/handoff/tickets/{ticket_id}", headers=ppa_agent.headers).json()
    assert detail["safe_contact"] == "besok jam 10 lewat telepon" and not detail["quiet"]


def test_ppa_cases_and_transcripts_are_for_ppa_roles_and_every_read_is_logged(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent,
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    ppa_agent = make_agent(agency="dp3a", roles=("call-center",))
    head = make_agent(agency="dp3a", roles=("manajer-kasus",))
    other = make_agent(agency="dp3a", roles=("kabid", "agent"))
    with caplog.at_level(logging.DEBUG):
        ticket_id = report_violence(client, telegram, chat)
        on_shift(client, ppa_agent)
        post(client, ppa_agent, f"/api/handoff/tickets/{ticket_id}/take")
        assert tg(client, telegram.text_update(chat, STORY)) == 200
        number = post(client, ppa_agent, f"/api/handoff/tickets/{ticket_id}/case",
                      json={"service_code": "ppa-pengaduan", "fields": FIELDS})["number"]
        for path in (f"/api/cases/{number}", f"/api/handoff/cases/{number}/transcript",
                     f"/api/handoff/tickets/{ticket_id}"):
            assert client.get(path, headers=other.headers).status_code == 403, path
            assert client.get(path, headers=head.headers).status_code == 200, path
        transcript = client.get(f"/api/handoff/cases/{number}/transcript",
                                headers=ppa_agent.headers).json()
        assert STORY in [line["text"] for line in transcript]
        assert number not in [c["number"] for c in client.get(
            "/api/cases", params={"q": number}, headers=other.headers).json()]
    rendered = caplog.text + capsys.readouterr().err
    assert "handoff_queued" in rendered  # the logs were captured
    for secret in ("memukul", "Zubaidah", "081234567890"):
        assert secret not in rendered
    assert client.get("/api/handoff/ppa/access-log",
                      headers=ppa_agent.headers).status_code == 403
    log = client.get("/api/handoff/ppa/access-log", headers=head.headers).json()
    reads = {(entry["officer_id"], entry["resource"]) for entry in log}
    assert {(head.id, "case"), (head.id, "transcript"), (ppa_agent.id, "transcript")} <= reads
    # The other agency's officer read nothing: their attempts are there as refusals only.
    others = {entry["resource"] for entry in log if entry["officer_id"] == other.id}
    assert others and all(resource.endswith("_denied") for resource in others), others
