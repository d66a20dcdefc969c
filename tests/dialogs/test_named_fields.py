"""Fields named in the citizen's words: several at once, corrections, and what is neither."""

from __future__ import annotations

from datetime import date

import pytest

from backend.core.catalog.loader import Catalog
from dialogs.named_fields import checker, correction, own_label, several

TODAY = date(2026, 11, 24)
CHILD_NIK = "1801041203230007"


def named(catalog: Catalog, text: str) -> dict[str, str]:
    found = several(catalog.get("kia-0-5"), text, checker(TODAY))
    return {n.field.name: n.valid.value for n in found}


def test_several_fields_by_their_label_words(catalog: Catalog) -> None:
    assert named(catalog, f"nama anak Putri Ayu, lahir 12 Maret 2023, NIK {CHILD_NIK}") == {
        "child_name": "Putri Ayu", "child_birth_date": "2023-03-12", "child_nik": CHILD_NIK}
    assert named(catalog, f"no KK {CHILD_NIK}; nama saya Sari Lestari") == {
        "kk_number": CHILD_NIK, "applicant_name": "Sari Lestari"}


@pytest.mark.parametrize("text", [
    "Putri Ayu", "nama anak Putri Ayu",  # one answer is the prompt's own
    "lahir kemarin, NIK 123",  # values their validators refuse
    "Jl. Mawar 3, dekat pasar",
])
def test_no_several_fields(catalog: Catalog, text: str) -> None:
    assert named(catalog, text) == {}


ANSWERS = {"child_name": "Putri Ayu", "child_birth_date": "2023-03-12"}


@pytest.mark.parametrize(("text", "field", "value"), [
    ("eh tanggal lahirnya salah, 13 Maret", "child_birth_date", "2023-03-13"),
    ("nama anaknya salah, Putri Ayu Lestari", "child_name", "Putri Ayu Lestari"),
    ("ralat, nama anak Putri Ayu Lestari", "child_name", "Putri Ayu Lestari"),
    ("tgl lahir salah, yang benar 14-03-2023", "child_birth_date", "2023-03-14"),
])
def test_corrections(catalog: Catalog, text: str, field: str, value: str) -> None:
    found = correction(catalog.get("kia-0-5"), text, ANSWERS, checker(TODAY))
    assert found is not None and found[0].name == field
    assert found[1] is not None and found[1].valid.value == value


def test_a_correction_without_a_value_names_the_field(catalog: Catalog) -> None:
    found = correction(catalog.get("kia-0-5"), "nama anaknya salah", ANSWERS, checker(TODAY))
    assert found is not None and found[0].name == "child_name" and found[1] is None


@pytest.mark.parametrize("text", ["salah", "petugas salah hitung", "NIK anak salah, 123",
                                  "jalan salah arah"])
def test_no_correction(catalog: Catalog, text: str) -> None:
    found = correction(catalog.get("kia-0-5"), text, ANSWERS, checker(TODAY))
    assert found is None or found[1] is None


@pytest.mark.parametrize(("text", "value"), [
    ("nama anak Putri Ayu", "Putri Ayu"), ("Nama: Putri Ayu", "Putri Ayu"),
    ("Anak Agung Putri", None), ("Putri Ayu", None), ("nama anak", None),
])
def test_the_prompts_own_label_is_left_out(catalog: Catalog, text: str, value: str | None) -> None:
    assert own_label(catalog.get("kia-0-5").fields[0], text) == value
