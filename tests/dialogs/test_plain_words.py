"""What citizens read in plain words: a fire's typed place, SOP roles and steps."""

from __future__ import annotations

import pytest

from backend.core.catalog.loader import Catalog
from backend.core.messages import Channel, InboundMessage
from dialogs.describe import plain_role, step_in_words
from dialogs.emergency import answer_duplicate, duplicate_question, start, typed_place
from dialogs.state import DialogState


@pytest.mark.parametrize(("text", "place"), [
    ("kebakaran di pasar inpres kalianda", "pasar inpres kalianda"),
    ("tolong ada kebakaran di rumah sebelah, apinya besar", "rumah sebelah"),
    ("kebakaran dekat SDN 1 Way Urang tolong cepat", "SDN 1 Way Urang"),
    ("rumah tetangga kebakaran!!", None), ("ada kebakaran di", None),
])
def test_the_place_typed_in_a_report(text: str, place: str | None) -> None:
    assert typed_place(text) == place


def test_roles_and_steps_in_words(catalog: Catalog) -> None:
    assert plain_role("KABID") == "Kepala Bidang" and plain_role("Kasubag Tu").endswith("Usaha")
    assert plain_role("Kasih sayang") == "Kasih sayang"
    kia = catalog.get("kia-0-5")
    assert step_in_words(kia, kia.step("s4"), "id") == (
        "Kepala Bidang (Laporan tersampaikan kepada Kepala Dinas)")
    assert step_in_words(kia, kia.step("s1"), "id").startswith("Anda")


def test_after_the_same_incident_question_the_typed_place_is_confirmed(catalog: Catalog) -> None:
    state, fire = DialogState(), catalog.get("damkar-kebakaran")
    assert "pasar inpres" in start(state, fire, "kebakaran di pasar inpres")[-1].text
    duplicate_question(state, "pasar inpres", 3)
    no = InboundMessage(channel=Channel.TELEGRAM, platform_id="1", sender="9", text="bukan")
    replies = answer_duplicate(state, fire, no, None)
    assert "pasar inpres" in replies[-1].text and replies[-1].request_location
