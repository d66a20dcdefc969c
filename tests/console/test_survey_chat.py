"""The IKM survey in the chat: asked when a case finishes, or at the SOP's survey step (SIPPT 21)
before the result; answers land in SurveyResponse and on the dashboard; PPA is never asked."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.ikm import CONDENSED
from backend.core.models import Case, CaseStatus, SurveyResponse
from backend.core.survey import survey_step
from dialogs.survey import QUESTIONS
from tests.support.app import Clock
from tests.support.cases import open_in_chat, step_on
from tests.support.devchat import Citizen
from tests.support.officers import log_in


def _finish(client: TestClient, number: str, clock: Clock) -> None:
    while step_on(client, number, clock).status != CaseStatus.DONE:
        pass


def test_condensed_keys_match_the_index() -> None:
    assert tuple(key for key, _q, _e in CONDENSED) == QUESTIONS


def test_finished_case_asks_the_survey_and_feeds_the_dashboard(
        app_client: TestClient, clock: Clock) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "kia-0-5", child_name="Bagas Saputra",
                   kk_number="1801050101200009")
    citizen.replies()
    _finish(app_client, number, clock)
    rows = citizen.replies()
    assert "selesai" in rows[-2]["text"] and number in rows[-1]["text"]
    assert "Pertanyaan 1/5" in rows[-1]["text"]
    assert [b["label"] for b in rows[-1]["buttons"]][::3] == ["1 Tidak puas", "4 Sangat puas"]
    assert "2/5" in citizen.text(citizen.say(payload="survey:4"))
    assert "3/5" in citizen.text(citizen.say("3"))  # a typed digit answers too
    assert "1 sampai 4" in citizen.text(citizen.say("bagus"))
    citizen.say("4")
    citizen.say(payload="survey:2")
    assert "lewati" in citizen.text(citizen.say("4"))
    assert "Terima kasih" in citizen.text(citizen.say("Antrean cepat, petugas ramah"))
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        response = session.scalar(select(SurveyResponse).where(SurveyResponse.case_id == case.id))
        assert response.scores["persyaratan"] == response.scores["prosedur"] == 4
        assert response.scores["waktu"] == 3 and response.scores["perilaku"] == 2
        assert response.comment == "Antrean cepat, petugas ramah"
        assert "surveyed" in [e.action for e in case.events]
    assert "Menu utama" in citizen.text(citizen.say("halo"))  # the survey is over
    log_in(app_client, "kabid")
    page = app_client.get("/console/dasbor")
    assert "Survei kepuasan masyarakat (IKM)" in page.text and "responden" in page.text
    csv_text = app_client.get("/console/dasbor/ikm.csv").text
    assert "Persyaratan" in csv_text


def test_sippt_result_waits_for_the_survey_step(app_client: TestClient, clock: Clock) -> None:
    # About the survey step only: issuing the LHU at step 19 (which the app's workflow requires)
    # is tested with the survey in tests/documents/test_delivery_chat.py.
    app_client.app.state.workflow.guards.clear()
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "sippt-pengujian", customer_name="Rina",
                   company="UMKM Kopi Lamsel")
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        step = survey_step(app_client.app.state.workflow.definition(case))
        assert step is not None and step.number == "21"
    while step_on(app_client, number, clock).current_step_id != "s21":
        pass
    asked = citizen.replies()
    assert "Pertanyaan 1/5" in asked[-1]["text"]
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.status == CaseStatus.WAITING_CITIZEN  # no result before the survey
    for answer in ("3", "3", "4", "4"):
        citizen.say(answer)
    citizen.say(payload="survey:3")
    assert number in citizen.text(citizen.say("lewati"))
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.current_step_id == "s22"
        response = session.scalar(select(SurveyResponse).where(SurveyResponse.case_id == case.id))
        assert response.comment is None and response.agency == "disdagperin"
    _finish(app_client, number, clock)
    assert "Pertanyaan" not in citizen.text(citizen.replies())  # asked once per case


def test_ppa_cases_get_no_survey(app_client: TestClient, clock: Clock) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "ppa-pengaduan")
    citizen.replies()
    _finish(app_client, number, clock)
    texts = citizen.text(citizen.replies())
    assert "Pertanyaan" not in texts and number not in texts
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.status == CaseStatus.DONE
        assert session.scalar(select(SurveyResponse).where(
            SurveyResponse.case_id == case.id)) is None
