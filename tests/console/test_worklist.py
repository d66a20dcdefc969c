"""Worklists: my role's cases by due time, SLA colours, filters, search, PPA invisibility."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.console.worklist import Sla, remaining, sla_of
from backend.core.models import PpaAccessLog
from backend.core.workflow.engine import Workflow
from backend.core.workflow.sla import check_sla
from tests.support.app import Clock, at
from tests.support.officers import log_in, open_kia

START = at("2026-11-24 09:00")


def test_the_sla_clock_has_three_colours() -> None:
    due = START + timedelta(minutes=100)
    assert sla_of(START, due, START + timedelta(minutes=70)) is Sla.ON_TIME
    assert sla_of(START, due, START + timedelta(minutes=80)) is Sla.WARNING
    assert sla_of(START, due, START + timedelta(minutes=101)) is Sla.OVERDUE
    assert sla_of(START, None, START) is Sla.NONE
    assert remaining(due, START) == "sisa 1 j 40 m"
    assert remaining(due, due + timedelta(days=1, minutes=5)) == "lewat 1 h 5 m"


def _open_ppa(engine: Engine, workflow: Workflow, clock: Clock) -> str:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        return workflow.open_case(session, service_code="ppa-pengaduan", now=clock.now,
                                  fields={"reporter_name": "Rahasia Korban"}).number


def test_worklist_sorted_by_due_time_with_colours(app_client: TestClient, engine: Engine,
                                                  workflow: Workflow, clock: Clock) -> None:
    first = open_kia(engine, workflow, clock.now)
    clock.advance(minutes=5)
    second = open_kia(engine, workflow, clock.now)
    log_in(app_client, "op")
    page = app_client.get("/console/kerja").text
    assert page.index(first) < page.index(second)
    assert "clock-tepat" in page
    clock.advance(minutes=4)
    assert "clock-kritis" in app_client.get("/console/kerja").text
    clock.advance(minutes=30)
    assert "clock-terlambat" in app_client.get("/console/kerja").text
    log_in(app_client, "kabid")
    assert first not in app_client.get("/console/kerja").text


def test_filters_by_service_and_status(app_client: TestClient, engine: Engine,
                                       workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    log_in(app_client, "op")
    assert number in app_client.get("/console/kerja", params={"layanan": "kia-0-5"}).text
    assert number not in app_client.get("/console/kerja",
                                        params={"layanan": "akta-kelahiran"}).text
    assert number not in app_client.get("/console/kerja", params={"status": "done"}).text
    assert number in app_client.get("/console/kerja", params={"status": "nonsense"}).text


def test_search_by_number_nik_and_name(app_client: TestClient, engine: Engine,
                                       workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now, child_nik="1801055512230001",
                      child_name="Putri Anggraini")
    log_in(app_client, "op")
    for query in (number, "1801055512230001", "anggraini"):
        assert number in app_client.get("/console/kerja", params={"q": query}).text, query


def test_ppa_cases_are_invisible_outside_dp3a(app_client: TestClient, engine: Engine,
                                              workflow: Workflow, clock: Clock,
                                              officers: dict[str, int]) -> None:
    number = _open_ppa(engine, workflow, clock)
    log_in(app_client, "op")
    assert app_client.get(f"/console/kasus/{number}").status_code == 404
    found = app_client.get("/console/kerja", params={"q": "Rahasia Korban"}).text
    assert f"/console/kasus/{number}" not in found and "Tidak ada kasus" in found
    log_in(app_client, "ppa")
    assert f"/console/kasus/{number}" in app_client.get("/console/kerja").text
    assert app_client.get(f"/console/kasus/{number}").status_code == 200
    with sessionmaker(bind=engine)() as session:
        reads = session.scalars(select(PpaAccessLog).where(PpaAccessLog.resource == "case")).all()
        assert [r.officer_id for r in reads][-1] == officers["ppa"]


def test_an_overdue_step_is_shown_to_the_role_it_was_reported_to(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    clock.advance(hours=3)  # the operator's step is long overdue
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        assert check_sla(session, workflow, now=clock.now) >= 1
    log_in(app_client, "kabid")  # the operator reports to the KABID
    page = app_client.get("/console/kerja").text
    assert "Pemberitahuan" in page and f"Kasus {number}" in page and "terlambat" in page
    assert "WIB</time>" in page and "WIB WIB" not in page  # the filter says the zone once
    log_in(app_client, "op")  # the late role itself is not told by this notice
    assert f"Kasus {number} (" not in app_client.get("/console/kerja").text
