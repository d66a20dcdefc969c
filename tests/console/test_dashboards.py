"""Dashboards: SVG charts, CSV exports, empty states, agency scope."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.console.charts import Bar, Key, hbars
from backend.console.dashboards import BUILDERS
from backend.console.stats import percentile
from backend.core.ikm import ELEMENTS, record_survey
from backend.core.models import Citizen, Conversation, HandoffTicket
from backend.core.models.alerts import Incident
from backend.core.workflow.engine import Workflow
from tests.support.app import Clock
from tests.support.officers import log_in, open_kia


def test_percentile_and_chart_escaping() -> None:
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile(list(range(1, 11)), 0.9) == 9
    svg = hbars("<judul>", [Bar("<script>", 3, second=5, marker=4)],
                legend=[Key("main", "<b>")])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'role="img"' in svg


def test_empty_database_shows_empty_states(app_client: TestClient) -> None:
    log_in(app_client, "kabid")
    page = app_client.get("/console/dasbor")
    assert page.status_code == 200
    assert page.text.count("Belum ada data untuk ditampilkan.") == len(BUILDERS)


def test_sections_chart_and_export_the_same_figures(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "op")
    clock.advance(minutes=8)
    app_client.post(f"/console/kasus/{number}/tindakan", data={"csrf": csrf, "action": "complete"})
    clock.advance(minutes=20)
    app_client.post(f"/console/kasus/{number}/tindakan", data={"csrf": csrf, "action": "complete"})
    with sessionmaker(bind=engine)() as session, session.begin():
        record_survey(session, case_number=number, scores=dict.fromkeys(ELEMENTS, 3),
                      comment=None, now=clock.now)
    page = app_client.get("/console/dasbor").text
    assert page.count("<svg") >= 5 and "IKM 75.00 (mutu C" in page
    rows = {key: list(csv.reader(io.StringIO(app_client.get(f"/console/dasbor/{key}.csv").text)))
            for key in BUILDERS}
    assert rows["volume"][1][1:] == ["disdukcapil", "kia-0-5", "1"]
    sla = {r[1]: r for r in rows["sla"][1:]}
    assert sla["2"][3:] == ["1", "1", "100.0"] and sla["3"][3:] == ["1", "0", "0.0"]
    durations = {r[1]: r for r in rows["durasi"][1:]}
    assert durations["3"][3:] == ["20.0", "20.0", "10 menit"]
    assert rows["ikm"][1] == ["Persyaratan", "3.00"]
    assert rows["antrean"] == [rows["antrean"][0]] and len(rows["damkar"]) == 1
    assert app_client.get("/console/dasbor/nope.csv").status_code == 404


def test_charts_have_legends_and_keep_cut_names_in_full() -> None:
    name = "Kartu Identitas Anak (usia 0-5 tahun) bagi anak WNI"
    svg = hbars("Menit per langkah", [Bar(name, 3, second=5, marker=4)],
                legend=[Key("main", "Median"), Key("second", "Persentil 90"),
                        Key("marker", "Standar SOP")])
    legend = svg[svg.index('<g class="legend">'):svg.index('<g class="chart-row">')]
    assert all(f">{label}</text>" in legend for label in ("Median", "Persentil 90",
                                                           "Standar SOP"))
    assert 'class="bar-second"' in legend and 'class="bar-marker"' in legend
    assert f"<title>{name}: 3</title>" in svg
    assert ">Kartu Identitas Anak (usia 0-…</text>" in svg


def test_the_dashboard_page_draws_legends_full_names_and_weeks_in_order(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "op")
    clock.advance(minutes=8)
    app_client.post(f"/console/kasus/{number}/tindakan", data={"csrf": csrf, "action": "complete"})
    for weeks in (2, 1):  # cases in the weeks of Monday 07/12 and 14/12
        clock.advance(weeks=weeks)
        open_kia(engine, workflow, clock.now)
    log_in(app_client, "kabid")
    page = app_client.get("/console/dasbor").text
    weekly = page[page.index("Kasus baru per minggu"):page.index("Kasus per instansi")]
    assert weekly.index(">23/11<") < weekly.index(">07/12<") < weekly.index(">14/12<")
    assert ">Kasus baru (minggu mulai Senin)</text>" in weekly
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page  # the agency's name, not its code
    assert ">Standar SOP</text>" in page and ">Persentil 90</text>" in page
    assert "Kartu Identitas Anak (usia 0-5 tahun): " in page  # the full name, as a tooltip


def test_dashboards_are_scoped_to_the_agency(app_client: TestClient, engine: Engine,
                                             workflow: Workflow, clock: Clock) -> None:
    open_kia(engine, workflow, clock.now)
    log_in(app_client, "ppa")
    assert "disdukcapil" not in app_client.get("/console/dasbor/volume.csv").text
    log_in(app_client, "boss")
    assert "disdukcapil" in app_client.get("/console/dasbor/volume.csv").text


def test_handoff_waits_and_damkar_response_times(app_client: TestClient, engine: Engine,
                                                 clock: Clock) -> None:
    start = clock.now
    with sessionmaker(bind=engine)() as session, session.begin():
        citizen = Citizen(display_name="Pelapor")
        session.add(citizen)
        session.flush()
        chat = Conversation(channel="web", external_id="sesi-dasbor-01", citizen_id=citizen.id,
                            state={})
        session.add(chat)
        session.flush()
        for minutes in (2, 4, 12):
            session.add(HandoffTicket(conversation_id=chat.id, reason="minta_petugas",
                                      team="disdukcapil", queued_at=start,
                                      assigned_at=start + timedelta(minutes=minutes)))
        session.add(Incident(unit="damkar", kind="fire", created_at=start,
                             acknowledged_at=start + timedelta(minutes=1),
                             departed_at=start + timedelta(minutes=3),
                             arrived_at=start + timedelta(minutes=18)))
    log_in(app_client, "op")
    waits = list(csv.reader(io.StringIO(app_client.get("/console/dasbor/antrean.csv").text)))
    assert waits[1][:4] == ["disdukcapil", "3", "4.0", "12.0"]
    assert len(list(csv.reader(io.StringIO(
        app_client.get("/console/dasbor/damkar.csv").text)))) == 1  # not damkar's officer
    log_in(app_client, "regency")  # the regency-wide admin sees every agency
    damkar = list(csv.reader(io.StringIO(app_client.get("/console/dasbor/damkar.csv").text)))
    assert [row[0] for row in damkar[1:]] == ["Diterima (ack)", "Berangkat", "Tiba di lokasi"]
    assert damkar[3][2:] == ["18.0", "18.0", "0"]
