"""Routing that does not hinge on the top intent: a complaint, a request or a wish to talk to a
person in which the NLU still ranks report_violence, or the screen sees signs, asks the
discreet question first; "ya" opens the PPA report with the words, "tidak" serves the message
as understood."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from backend.core.catalog.loader import Catalog
from dialogs.ports import Understanding, ViolenceSigns
from dialogs.state import DialogState, Flow, Stage
from dialogs.violence_check import VIOLENCE_RANK
from tests.support.dialog_engine import (
    COMPLAINT,
    FakeOffice,
    ScreeningUnderstander,
    make_chat,
    texts,
)

PPA = "ppa-pengaduan"
STORY = "itu anak tetangga sering dicubitin bapaknya kalau rewel"
QUESTION = "anak atau perempuan yang mengalami kekerasan"


def complaint(violence: float, intent: str = "complaint") -> Understanding:
    return Understanding(intent=intent, confidence=0.8,
                         ranking={intent: 0.8, "report_violence": violence})


async def test_a_complaint_ranking_violence_asks_and_yes_opens_the_report_with_the_words(
        catalog: Catalog) -> None:
    office = FakeOffice()
    chat = make_chat(catalog, ScreeningUnderstander({STORY: complaint(VIOLENCE_RANK + 0.01)}),
                     office)
    asked = await chat.say(STORY)
    assert QUESTION in texts(asked) and chat.state.flow == Flow.PPA_CHECK
    assert chat.state.sensitive_turn  # the held words are for PPA eyes only
    assert office.opened == []
    await chat.say("iya")
    assert chat.state.flow == Flow.PPA_REPORT
    assert office.opened == [(PPA, {"chronology": STORY})]


async def test_no_serves_the_complaint_as_understood(catalog: Catalog) -> None:
    office = FakeOffice()
    chat = make_chat(catalog, ScreeningUnderstander({STORY: complaint(0.4)}), office)
    await chat.say(STORY)
    await chat.say(payload="no")
    assert (chat.state.flow, chat.state.service) == (Flow.INTAKE, COMPLAINT)
    assert chat.state.pending_text is None and office.opened == []


async def test_no_to_a_wish_for_a_person_still_goes_to_a_person(catalog: Catalog) -> None:
    words = "saya mau bicara sama petugas soal anak saya di rumah"
    chat = make_chat(catalog, ScreeningUnderstander(
        {words: complaint(0.3, intent="talk_to_agent")}))
    await chat.say(words)
    assert chat.state.flow == Flow.PPA_CHECK and chat.state.handoff_request is None
    await chat.say("tidak")
    assert chat.state.handoff_request == "citizen_asked"


async def test_below_the_threshold_a_plain_complaint_is_served_at_once(catalog: Catalog) -> None:
    words = "sekolah anak saya minta uang seragam terlalu mahal"
    chat = make_chat(catalog, ScreeningUnderstander({words: complaint(VIOLENCE_RANK - 0.01)}))
    replies = await chat.say(words)
    assert QUESTION not in texts(replies)
    assert (chat.state.flow, chat.state.service) == (Flow.INTAKE, COMPLAINT)


async def test_a_confident_other_request_is_never_questioned(catalog: Catalog) -> None:
    words = "mau bikin kia anak saya"
    chat = make_chat(catalog, ScreeningUnderstander(
        {words: Understanding(intent="request_kia", confidence=0.9,
                              ranking={"request_kia": 0.9, "report_violence": 0.3})},
        {words: ViolenceSigns(found=True)}))
    await chat.say(words)
    assert chat.state.flow == Flow.KIA_BIRTH


async def test_screen_signs_ask_even_when_rasa_ranks_no_violence(catalog: Catalog) -> None:
    chat = make_chat(catalog, ScreeningUnderstander({STORY: complaint(0.0)},
                                                  {STORY: ViolenceSigns(found=True)}))
    await chat.say(STORY)
    assert chat.state.flow == Flow.PPA_CHECK and chat.state.pending_text == STORY


async def test_unmistakable_signs_open_the_report_without_asking(catalog: Catalog) -> None:
    office = FakeOffice()
    signs = ViolenceSigns(found=True, unmistakable=True)
    chat = make_chat(catalog, ScreeningUnderstander({STORY: complaint(0.0)}, {STORY: signs}),
                     office)
    replies = await chat.say(STORY)
    assert QUESTION not in texts(replies) and chat.state.flow == Flow.PPA_REPORT
    assert office.opened == [(PPA, {"chronology": STORY})]


async def test_an_unclear_answer_asks_again_and_more_of_the_story_is_a_yes(
        catalog: Catalog) -> None:
    office = FakeOffice()
    more = "dia juga gak dikasih makan"
    chat = make_chat(catalog, ScreeningUnderstander({STORY: complaint(0.5)},
                                                  {more: ViolenceSigns(found=True)}), office)
    await chat.say(STORY)
    again = await chat.say("hmm gimana ya")
    assert QUESTION in texts(again) and chat.state.flow == Flow.PPA_CHECK
    await chat.say(more)
    assert office.opened == [(PPA, {"chronology": f"{STORY}\n{more}"})]


class SurveyOffice(FakeOffice):
    """Remembers the survey comments it recorded."""

    comments: list[str | None]

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        self.comments = [*getattr(self, "comments", []), comment]
        return True


def at_survey_comment(catalog: Catalog, signs: Mapping[str, ViolenceSigns]):  # type: ignore[no-untyped-def]
    office = SurveyOffice()
    chat = make_chat(catalog, ScreeningUnderstander({}, signs), office)
    chat.state = DialogState(flow=Flow.SURVEY, stage=Stage.COMMENT, survey_case="HL-2026-000009",
                             answers={"syarat": "3"})
    return chat, office


@pytest.mark.parametrize(("answer", "report"), [("ya", True), ("tidak", False)])
async def test_signs_in_a_survey_comment_ask_before_the_comment_is_recorded(
        catalog: Catalog, answer: str, report: bool) -> None:
    chat, office = at_survey_comment(catalog, {STORY: ViolenceSigns(found=True)})
    asked = await chat.say(STORY)
    assert QUESTION in texts(asked) and chat.state.sensitive_turn
    assert not hasattr(office, "comments")
    await chat.say(answer)
    if report:
        assert office.opened == [(PPA, {"chronology": STORY})]
        assert chat.state.suspended and chat.state.suspended["flow"] == Flow.SURVEY
    else:
        assert office.comments == [STORY] and office.opened == []


async def test_a_plain_survey_comment_is_recorded_at_once(catalog: Catalog) -> None:
    chat, office = at_survey_comment(catalog, {})
    await chat.say("pelayanannya cepat, terima kasih")
    assert office.comments == ["pelayanannya cepat, terima kasih"]
