"""The damkar incident board: damkar piket officers only, crew buttons with the Telegram
buttons' rules and effects, one incident state with the case page, honest emergency replies,
and /readyz saying when the piket cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import selectinload, sessionmaker

from backend.app.web import create_app
from backend.console.deps import COOKIE
from backend.console.views.damkar import look_at_board
from backend.core.config import PROJECT_ROOT, Settings
from backend.core.incidents import watch_board
from backend.core.models import Case, Officer, OfficerRole
from backend.core.models.alerts import BoardWatch, Incident
from backend.core.roster import RosterIn, load_roster
from backend.core.security import hash_password
from tests.support.app import Clock, app_settings, drain
from tests.support.devchat import Citizen
from tests.support.officers import PASSWORD, bearer, log_in

OFFICERS = {"piket": ("damkar", ["petugas"]), "kasie.damkar": ("damkar", ["kasie"]),
            "operator.damkar": ("damkar", ["operator"]),
            "kabid.dukcapil": ("disdukcapil", ["kabid"])}
ROSTER = PROJECT_ROOT / "deploy" / "roster.example.yml"


@pytest.fixture(scope="module")
def officer_ids(engine: Engine) -> dict[str, int]:
    ids = {}
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, roles) in OFFICERS.items():
            officer = Officer(username=username, full_name=f"Petugas {username}", agency=agency,
                              password_hash=hash_password(PASSWORD))
            officer.roles.extend(OfficerRole(role=r) for r in roles)
            session.add(officer)
            session.flush()
            ids[username] = officer.id
    return ids


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           officer_ids: dict[str, int]) -> Iterator[TestClient]:
    """No Telegram, no Twilio, no roster: the board is the only way to reach the piket."""
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app, follow_redirects=False) as client:
        with app.state.sessions() as session, session.begin():
            session.execute(delete(BoardWatch))  # each test says who watches
        yield client


def watching(client: TestClient, officer_id: int) -> None:
    """What an open board's live stream records every few seconds."""
    with client.app.state.sessions() as session, session.begin():
        watch_board(session, officer_id=officer_id, unit="damkar", now=client.app.state.clock())


def latest(client: TestClient) -> Incident:
    with client.app.state.sessions() as session:
        return session.scalars(select(Incident).order_by(Incident.id.desc())
                               .options(selectinload(Incident.events))).first()


def case_of(client: TestClient, incident: Incident) -> Case:
    with client.app.state.sessions() as session:
        return session.get(Case, incident.case_id)


def test_only_damkar_piket_officers_see_the_board(client: TestClient) -> None:
    assert client.get("/console/damkar").status_code == 303  # to the login page
    log_in(client, "kabid.dukcapil")
    assert client.get("/console/damkar").status_code == 403
    assert "/console/damkar" not in client.get("/console/kerja").text
    log_in(client, "operator.damkar")  # damkar, but not of the piket chain
    assert client.get("/console/damkar").status_code == 403
    csrf = log_in(client, "kasie.damkar")
    assert 'href="/console/damkar"' in client.get("/console/kerja").text
    assert client.get("/console/damkar").status_code == 200
    refused = client.post("/console/damkar/1/ack", data={"csrf": "salah"})
    assert refused.status_code == 403 and csrf


def test_terima_on_the_board_stops_escalation_and_reaches_the_citizen(
        client: TestClient, officer_ids: dict[str, int], clock: Clock) -> None:
    watching(client, officer_ids["piket"])
    citizen = Citizen(client)
    first = citizen.text(citizen.say("tolong ada kebakaran di gudang padi"))
    assert "BELUM dapat" not in first and "SUDAH diteruskan" not in first
    incident = latest(client)
    csrf = log_in(client, "piket")
    board = client.get("/console/damkar").text
    assert f"#{incident.id}" in board and "tolong ada kebakaran di gudang padi" in board
    assert "Terima" in board and "papan ini" in board
    assert " WIB" in board and "WIB WIB" not in board  # the filter says the zone once
    assert "SUDAH diteruskan" in citizen.text(citizen.replies())  # the board showed it

    pressed = client.post(f"/console/damkar/{incident.id}/ack", data={"csrf": csrf})
    assert pressed.status_code == 303
    assert "DITERIMA" in citizen.text(citizen.replies())
    taken = latest(client)
    assert taken.acknowledged_by == "Petugas piket" and taken.next_escalation_at is None
    assert case_of(client, taken).current_step_id == "s3"  # SOP step 2 completed

    clock.advance(seconds=200)
    drain(client)
    assert not [e for e in latest(client).events if e.action.startswith("escalated_")]
    kasie = log_in(client, "kasie.damkar")
    again = client.post(f"/console/damkar/{incident.id}/ack", data={"csrf": kasie})
    assert again.status_code == 409 and "Sudah diterima oleh Petugas piket" in again.text
    assert latest(client).acknowledged_by == "Petugas piket"


def test_case_page_steps_and_board_buttons_are_one_incident(
        client: TestClient, officer_ids: dict[str, int]) -> None:
    watching(client, officer_ids["piket"])
    citizen = Citizen(client)
    citizen.say("kebakaran di belakang rumah saya")
    client.post("/dev/chat/api/messages", json={"session": citizen.session,
                                                "latitude": -5.72901, "longitude": 105.59254})
    citizen.replies()
    incident = latest(client)
    number = case_of(client, incident).number
    csrf = log_in(client, "piket")
    board = client.get("/console/damkar").text
    assert "mlat=-5.72901&amp;mlon=105.59254" in board  # a map link for the pin
    assert "destination=-5.729010,105.592540" in board  # and directions to it
    done = client.post(f"/console/kasus/{number}/tindakan",
                       data={"csrf": csrf, "action": "complete"})
    assert done.status_code == 303
    acknowledged = latest(client)
    assert acknowledged.acknowledged_at is not None and acknowledged.next_escalation_at is None
    assert "DITERIMA" in citizen.text(citizen.replies())

    assert client.post(f"/console/damkar/{incident.id}/depart",
                       data={"csrf": csrf}).status_code == 303
    assert case_of(client, incident).current_step_id == "s5"  # steps 3 and 4 completed
    assert "BERANGKAT" in citizen.text(citizen.replies())
    client.post(f"/console/kasus/{number}/tindakan", data={"csrf": csrf, "action": "complete"})
    assert latest(client).arrived_at is not None
    assert "TIBA" in citizen.text(citizen.replies())
    client.post(f"/console/kasus/{number}/tindakan", data={
        "csrf": csrf, "action": "complete",
        "outcome": "Api tidak mampu ditangani - tambah armada"})  # SOP step 6's branch
    assert len(latest(client).details.extra_units) == 1
    assert "Armada tambahan" in citizen.text(citizen.replies())


def test_the_officer_api_completing_step_2_is_terima(
        client: TestClient, officer_ids: dict[str, int]) -> None:
    watching(client, officer_ids["piket"])
    citizen = Citizen(client)
    citizen.say("rumah tetangga terbakar")
    number = case_of(client, latest(client)).number
    response = client.post(f"/api/cases/{number}/actions", json={"action": "complete"},
                           headers=bearer(client, "piket"))
    assert response.status_code == 200, response.text
    assert latest(client).acknowledged_by == "Petugas piket"
    assert "DITERIMA" in citizen.text(citizen.replies())


def test_what_citizens_typed_is_shown_as_text(client: TestClient,
                                              officer_ids: dict[str, int]) -> None:
    watching(client, officer_ids["piket"])
    Citizen(client).say("kebakaran <script>alert(1)</script> di pasar")
    log_in(client, "piket")
    board = client.get("/console/damkar").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in board and "<script>alert" not in board


def test_nobody_reachable_tells_the_citizen_to_call_113_and_readyz_says_why(
        client: TestClient, officer_ids: dict[str, int]) -> None:
    ready = client.get("/readyz")  # still serving: citizens can report, fire is not ready
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["fire_alerts"].startswith("not ready: the piket cannot")
    assert "Telegram not configured" in ready.json()["checks"]["fire_alerts"]
    citizen = Citizen(client)
    replies = citizen.text(citizen.say("ada kebakaran hebat di pasar ikan"))
    assert "BELUM dapat menghubungi" in replies and "113" in replies
    assert latest(client).unreachable_at is not None

    log_in(client, "piket")
    board = client.get("/console/damkar").text
    assert "tidak dapat dihubungi lewat Telegram, SMS atau telepon" in board
    assert "Pelapor diminta menelepon 113/112" in board  # on the escalation ladder
    assert "SUDAH diteruskan" in citizen.text(citizen.replies())  # now a piket has seen it

    watching(client, officer_ids["piket"])
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {
        "status": "ready", "checks": {"database": "ok", "fire_alerts": "ok"}}


def test_an_alert_nobody_sees_in_time_is_not_called_sent(
        client: TestClient, officer_ids: dict[str, int], clock: Clock) -> None:
    watching(client, officer_ids["piket"])  # a board was open, but nobody looks at it again
    citizen = Citizen(client)
    assert "BELUM dapat" not in citizen.text(citizen.say("kebakaran lahan dekat sekolah"))
    clock.advance(seconds=21)
    late = citizen.text(citizen.replies())
    assert "BELUM dapat menghubungi" in late and "SUDAH diteruskan" not in late
    assert latest(client).unreachable_at is not None



def test_the_ladder_shows_each_escalation_and_what_could_not_be_sent(
        client: TestClient, officer_ids: dict[str, int], clock: Clock) -> None:
    roster = RosterIn.model_validate(yaml.safe_load(ROSTER.read_text(encoding="utf-8")))
    with client.app.state.sessions() as session, session.begin():
        load_roster(session, roster)
    watching(client, officer_ids["piket"])
    Citizen(client).say("kebakaran di dekat masjid")
    clock.advance(seconds=61)  # nobody pressed Terima: the commander is called and texted
    drain(client)
    log_in(client, "kasie.damkar")
    board = client.get("/console/damkar").text
    ladder = board[board.index(f"#{latest(client).id}"):]
    assert "Eskalasi ke komandan regu" in ladder
    assert "Komandan Regu" in ladder and "+6281200000" in ladder  # to whom, on which number
    assert "tidak terkirim: kanal SMS belum dikonfigurasi" in ladder
    assert "tidak terkirim: kanal Telepon belum dikonfigurasi" in ladder


def test_the_live_board_sends_again_only_what_changed_and_stops_at_logout(
        client: TestClient, officer_ids: dict[str, int]) -> None:
    watching(client, officer_ids["piket"])
    citizen = Citizen(client)
    citizen.say("kebakaran di lapangan bola")
    csrf = log_in(client, "piket")
    stream = SimpleNamespace(app=client.app)  # what a look at the board reads of its request
    token = client.cookies.get(COOKIE)
    first = look_at_board(stream, token, True, None)
    assert first.html is not None and "kebakaran di lapangan bola" in first.html
    assert look_at_board(stream, token, False, first.state).html is None  # nothing new
    citizen.say("Jl. Melati 5, Kalianda")  # the first question: where
    changed = look_at_board(stream, token, False, first.state)
    assert changed.html is not None and "Jl. Melati 5, Kalianda" in changed.html
    client.post("/console/keluar", data={"csrf": csrf})
    assert look_at_board(stream, token, False, changed.state) is None  # signed out: the stream ends
