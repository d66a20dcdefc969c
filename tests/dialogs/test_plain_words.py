"""What citizens read in plain words: a fire's typed place, SOP roles and steps."""

from __future__ import annotations

import pytest

from backend.core.catalog.loader import Catalog
from dialogs.describe import plain_role, step_in_words
from dialogs.emergency import typed_place


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
