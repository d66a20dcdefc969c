"""Issue 18, the caption gap: a photo whose caption shows signs of violence, sent for a returned
case, to an intake's document prompt or with a survey comment, is held back (words and photo)
and the discreet question asked; "ya" opens the PPA report with the caption and the photo as
its evidence, "tidak" serves the message as before, unmistakable signs go straight to PPA."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from backend.core.catalog.loader import Catalog
from dialogs.ports import ViolenceSigns
from dialogs.state import DialogState, Flow, Stage
from tests.support.dialog_engine import (
    Chat,
    FakeOffice,
    ScreeningUnderstander,
    make_chat,
    photo,
    texts,
)

PPA = "ppa-pengaduan"
KIA = "kia-0-5"
CAPTION = "murid dimarahin terus sama gurunya, ini fotonya"
PLAIN = "ini fotonya pak"
QUESTION = "anak atau perempuan yang mengalami kekerasan"
FOUND = {CAPTION: ViolenceSigns(found=True)}
UNMISTAKABLE = {CAPTION: ViolenceSigns(found=True, unmistakable=True)}


def chat_at(catalog: Catalog, state: DialogState,
            signs: Mapping[str, ViolenceSigns]) -> tuple[Chat, FakeOffice]:
    office = FakeOffice()
    chat = make_chat(catalog, ScreeningUnderstander(signs=signs), office)
    chat.state = state
    return chat, office


def supplying() -> DialogState:
    return DialogState(flow=Flow.SUPPLY, supply_case="HL-2026-000007",
                       supply_items=["Foto akta kelahiran"])


def at_document(catalog: Catalog) -> DialogState:
    """A KIA intake with every field answered, at its first document (the birth certificate)."""
    names = [field.name for field in catalog.get(KIA).fields]
    return DialogState(flow=Flow.INTAKE, service=KIA, stage=Stage.DOCUMENT, index=0,
                       answers=dict.fromkeys(names, "x"), displays=dict.fromkeys(names, "x"))


def stored_again(chat: Chat) -> None:
    """The state as the pipeline keeps it between turns (JSON in the conversation)."""
    chat.state = DialogState.model_validate(chat.state.model_dump(mode="json"))


async def test_a_captioned_photo_for_a_returned_case_asks_before_it_is_filed(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, supplying(), FOUND)
    asked = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION in texts(asked) and chat.state.sensitive_turn
    assert chat.state.supply_documents == [] and chat.state.supply_notes == []
    assert [m.storage_key for m in chat.state.pending_media] == ["lebam"]
    stored_again(chat)
    await chat.say("ya")
    assert office.opened == [(PPA, {"chronology": CAPTION})]
    assert office.evidence[PPA] == ["lebam"] and chat.state.flow == Flow.PPA_REPORT
    suspended = chat.state.suspended or {}
    assert suspended["flow"] == Flow.SUPPLY and suspended["supply_documents"] == []
    assert chat.state.pending_media == [] and office.supplied == []


async def test_no_files_the_held_photo_and_its_caption_for_the_returned_case(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, supplying(), FOUND)
    await chat.say(CAPTION, media=[photo("akta")])
    stored_again(chat)
    await chat.say(payload="no")
    assert [d.storage_key for d in chat.state.supply_documents] == ["akta"]
    assert chat.state.supply_notes == [CAPTION] and chat.state.pending_media == []
    await chat.say("selesai")
    assert office.supplied == [([CAPTION], ["akta"])] and office.opened == []


async def test_a_captioned_photo_at_a_document_prompt_asks_and_yes_reports_it(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, at_document(catalog), FOUND)
    asked = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION in texts(asked) and chat.state.sensitive_turn
    assert chat.state.documents == []
    stored_again(chat)
    await chat.say(payload="yes")
    assert office.opened == [(PPA, {"chronology": CAPTION})]
    assert office.evidence == {PPA: ["lebam"]}  # never on the KIA draft
    assert chat.state.service == PPA and chat.state.documents == []


async def test_no_gives_the_document_prompt_its_photo(catalog: Catalog) -> None:
    chat, office = chat_at(catalog, at_document(catalog), FOUND)
    await chat.say(CAPTION, media=[photo("akta")])
    await chat.say("tidak")
    assert [(d.code, d.storage_key) for d in chat.state.documents] == [("akta_kelahiran", "akta")]
    assert (chat.state.service, chat.state.stage, chat.state.index) == (KIA, Stage.DOCUMENT, 1)
    assert office.opened == []


async def test_a_captioned_photo_at_a_field_that_is_no_free_text_is_screened_too(
        catalog: Catalog) -> None:
    state = DialogState(flow=Flow.INTAKE, service=KIA, stage=Stage.FIELD, index=1,
                        answers={"child_name": "Citra"}, displays={"child_name": "Citra"})
    chat, office = chat_at(catalog, state, FOUND)
    asked = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION in texts(asked) and "child_birth_date" not in chat.state.answers
    await chat.say("ya")
    assert office.evidence == {PPA: ["lebam"]}


@pytest.mark.parametrize("where", ["supply", "document"])
async def test_a_plain_caption_is_served_at_once(catalog: Catalog, where: str) -> None:
    state = supplying() if where == "supply" else at_document(catalog)
    chat, office = chat_at(catalog, state, FOUND)
    replies = await chat.say(PLAIN, media=[photo("akta")])
    assert QUESTION not in texts(replies) and not chat.state.sensitive_turn
    filed = chat.state.supply_documents if where == "supply" else chat.state.documents
    assert [d.storage_key for d in filed] == ["akta"] and office.opened == []


@pytest.mark.parametrize("where", ["supply", "document"])
async def test_an_unmistakable_caption_opens_the_report_with_the_photo_at_once(
        catalog: Catalog, where: str) -> None:
    state = supplying() if where == "supply" else at_document(catalog)
    chat, office = chat_at(catalog, state, UNMISTAKABLE)
    replies = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION not in texts(replies) and chat.state.flow == Flow.PPA_REPORT
    assert office.opened == [(PPA, {"chronology": CAPTION})]
    assert office.evidence == {PPA: ["lebam"]} and chat.state.sensitive_turn
    suspended = chat.state.suspended or {}
    assert suspended.get("supply_documents", []) == [] and suspended.get("documents", []) == []


async def test_a_captioned_photo_with_a_survey_comment_is_held_too(catalog: Catalog) -> None:
    state = DialogState(flow=Flow.SURVEY, stage=Stage.COMMENT, survey_case="HL-2026-000009",
                        answers={"syarat": "3"})
    chat, office = chat_at(catalog, state, FOUND)
    asked = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION in texts(asked) and chat.state.flow == Flow.SURVEY
    await chat.say("ya")
    assert office.opened == [(PPA, {"chronology": CAPTION})]
    assert office.evidence == {PPA: ["lebam"]}


@pytest.mark.parametrize("answer", ["ya", "tidak"])
async def test_a_captioned_photo_outside_any_flow_asks_instead_of_being_dropped(
        catalog: Catalog, answer: str) -> None:
    chat, office = chat_at(catalog, DialogState(), FOUND)
    asked = await chat.say(CAPTION, media=[photo("lebam")])
    assert QUESTION in texts(asked) and chat.state.flow == Flow.PPA_CHECK
    assert chat.state.sensitive_turn
    stored_again(chat)
    replies = await chat.say(answer)
    if answer == "ya":
        assert office.opened == [(PPA, {"chronology": CAPTION})]
        assert office.evidence == {PPA: ["lebam"]}
    else:
        assert "file sudah kami terima" in texts(replies) and office.opened == []
        assert chat.state.flow is None and chat.state.pending_media == []


async def test_an_unmistakable_caption_outside_any_flow_opens_the_report_with_the_photo(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, DialogState(), UNMISTAKABLE)
    await chat.say(CAPTION, media=[photo("lebam")])
    assert chat.state.flow == Flow.PPA_REPORT and office.evidence == {PPA: ["lebam"]}


async def test_a_plain_captioned_photo_outside_any_flow_is_told_where_files_go(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, DialogState(), FOUND)
    replies = await chat.say(PLAIN, media=[photo("akta")])
    assert "file sudah kami terima" in texts(replies) and chat.state.flow is None
    assert office.opened == [] and not chat.state.sensitive_turn


async def test_a_photo_sent_instead_of_an_answer_is_held_with_the_first_and_kept_from_view(
        catalog: Catalog) -> None:
    chat, office = chat_at(catalog, supplying(), FOUND)
    await chat.say(CAPTION, media=[photo("lebam")])
    stored_again(chat)
    asked_again = await chat.say(media=[photo("lebam-2")])
    assert QUESTION in texts(asked_again) and chat.state.sensitive_turn
    stored_again(chat)
    await chat.say("ya")
    assert office.evidence[PPA] == ["lebam", "lebam-2"] and office.supplied == []
