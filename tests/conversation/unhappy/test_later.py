"""Silence and coming back the next day, a second service while a case is open, and what the
citizen reads about their cases afterwards: times in WIB, steps in plain words."""

from __future__ import annotations

import re
from datetime import UTC

from sqlalchemy import select

from backend.core.models import Case
from backend.core.workflow.actors import Actor
from tests.conversation.unhappy.scripts import kia_case
from tests.support.app import Clock, drain
from tests.support.talk import Talk


def test_back_the_next_day_with_a_greeting_is_welcomed_back_to_the_prompt(
        talk: Talk, clock: Clock) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    clock.advance(days=1, hours=2)
    replies = talk.say("halo")
    assert any("Selamat datang kembali" in r for r in replies), replies
    assert "NIK anak" in replies[-1]
    assert talk.state().answers["child_name"] == "Putri Ayu"


def test_back_the_next_day_with_the_answer_just_goes_on(talk: Talk, clock: Clock) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    clock.advance(days=1)
    replies = talk.say("lewati")
    assert not any("Selamat datang kembali" in r for r in replies)
    assert "Kartu Keluarga" in replies[-1]


def test_a_greeting_the_same_morning_is_still_an_invalid_answer(talk: Talk, clock: Clock) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    clock.advance(minutes=20)
    replies = talk.say("halo")
    assert not any("Selamat datang kembali" in r for r in replies)
    assert talk.state().flow == "intake"


def test_a_second_service_while_a_case_is_open(talk: Talk) -> None:
    number = kia_case(talk)
    talk.say("nanti aja")  # no other child
    talk.say("mau bikin KIA")
    replies = talk.say("cek status")
    assert any(number in r for r in replies), replies
    assert "tanggal lahir anak" in replies[-1] and talk.state().flow == "kia_birth"
    talk.say("12-03-2024", "Bayu Lestari")
    assert talk.state().answers["child_name"] == "Bayu Lestari" and len(talk.cases()) == 1


def test_status_shows_the_target_time_in_wib(talk: Talk, clock: Clock) -> None:
    clock.now = clock.now.astimezone(UTC)  # the real clock is UTC: 02:00 UTC, 09:00 WIB
    number = kia_case(talk)
    talk.say("nanti aja")
    line = next(r for r in talk.say("cek status") if number in r)
    assert re.search(r"target 24-11-2026 09:\d\d WIB", line), line  # 09:00 WIB + 10 minutes


def test_status_pushes_say_in_words_what_happened_and_what_is_next(
        talk: Talk, clock: Clock) -> None:
    number = kia_case(talk)
    operator = Actor(kind="officer", id="t-operator", name="operator", agency="disdukcapil",
                     roles=frozenset({"operator"}))
    client = talk.client
    for outcome in (None, "Berkas lengkap"):
        clock.advance(minutes=5)
        with client.app.state.sessions() as session, session.begin():
            case = session.scalar(select(Case).where(Case.number == number))
            client.app.state.workflow.complete(case, actor=operator, now=clock(), outcome=outcome)
        drain(client)
    pushes = [text for text in talk.sent() if number in text and "tahap" in text]
    assert len(pushes) == 2, talk.sent()[-3:]
    assert "Berikutnya: Kepala Bidang (Laporan tersampaikan kepada Kepala Dinas)" in pushes[-1]
    assert "KABID" not in pushes[-1] and "KADIS" not in pushes[-1]


def finish(talk: Talk, number: str, clock: Clock) -> None:
    """The officers take every step of the KIA case (the survey question follows)."""
    client = talk.client
    for role, outcome in (("operator", None), ("operator", "Berkas lengkap"), ("kabid", None),
                          ("kadis", None), ("operator", None)):
        actor = Actor(kind="officer", id=f"t-{role}", name=role, agency="disdukcapil",
                      roles=frozenset({role}))
        clock.advance(minutes=5)
        with client.app.state.sessions() as session, session.begin():
            case = session.scalar(select(Case).where(Case.number == number))
            client.app.state.workflow.complete(case, actor=actor, now=clock(), outcome=outcome)
        drain(client)


def test_cek_status_during_the_survey_then_the_scores_go_on(talk: Talk, clock: Clock) -> None:
    number = kia_case(talk)
    talk.say("nanti aja")
    finish(talk, number, clock)
    assert talk.state().flow == "survey" and "Pertanyaan 1/5" in talk.sent()[-1]
    replies = talk.say("cek status")
    assert any(number in r and "selesai" in r for r in replies), replies
    assert "Pertanyaan 1/5" in replies[-1] and talk.state().flow == "survey"
    assert "Pertanyaan 2/5" in talk.say("4")[-1]


def test_a_greeting_with_a_request_serves_the_request(talk: Talk) -> None:
    replies = talk.say("halo, saya mau tanya soal KTP yang hilang")
    assert replies[0].startswith("Halo") and "Selamat datang" not in replies[0], replies
    # The request is served, not only greeted: no SOP covers the KTP-el, so the bot says where
    # to go instead of guessing among services whose documents mention a KTP.
    assert "belum bisa diajukan" in replies[-1] and "Disdukcapil" in replies[-1]


def test_a_status_question_while_supplying_what_the_officer_asked(
        talk: Talk, clock: Clock) -> None:
    number = kia_case(talk)
    talk.say("nanti aja")
    operator = Actor(kind="officer", id="t-operator", name="operator", agency="disdukcapil",
                     roles=frozenset({"operator"}))
    client = talk.client
    for step in ("complete", "return"):
        with client.app.state.sessions() as session, session.begin():
            case = session.scalar(select(Case).where(Case.number == number))
            workflow = client.app.state.workflow
            if step == "complete":
                workflow.complete(case, actor=operator, now=clock())
            else:
                workflow.return_to_applicant(case, actor=operator, now=clock(),
                                             missing_items=["KTP-el ayah yang jelas"])
        drain(client)
    assert talk.state().flow == "supply"
    replies = talk.say("cek status")
    assert any(number in r and "menunggu kelengkapan" in r for r in replies), replies
    assert "masih menunggu" in replies[-1] and talk.state().flow == "supply"
    talk.photo(9)
    assert "diproses kembali" in talk.say("selesai")[-1]
