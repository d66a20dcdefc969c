"""A field's rules come from its definition: kind, limits, and the conversation's today."""

from __future__ import annotations

from datetime import date

import pytest

from backend.core.catalog.intake import FieldKind, IntakeField
from dialogs.field_answers import declines, validate_field
from dialogs.validators import Invalid


def field(**rules: object) -> IntakeField:
    return IntakeField.model_validate({"name": "value", "label": "Nilai", "prompt": "?", **rules})


def test_kinds_default_from_the_words_until_the_definition_names_them() -> None:
    birth = IntakeField(name="child_birth_date", label="Tanggal lahir anak", prompt="?",
                        type="date")
    card = IntakeField(name="kk_number", label="Nomor KK", prompt="?", type="nik")
    named = IntakeField(name="tanggal", label="Tanggal", prompt="?", type="date",
                        kind=FieldKind.BIRTH_DATE)
    assert (birth.kind, card.kind, named.kind) == (
        FieldKind.BIRTH_DATE, FieldKind.FAMILY_CARD, FieldKind.BIRTH_DATE)
    assert field(type="date").kind is None


@pytest.mark.parametrize(("prompt", "kind"), [
    ("Siapa nama lengkap anak (sesuai akta kelahiran)?", FieldKind.PERSON_NAME),
    ("Siapa nama Anda?", FieldKind.PERSON_NAME),
    ("Siapa nama Anda (atau nama desa/lembaga yang mengajukan)?", None),
    ("Apa nama usaha Anda?", None), ("Siapa atau instansi mana yang Anda adukan?", None)])
def test_a_text_asked_as_siapa_nama_is_a_persons_name(prompt: str,
                                                      kind: FieldKind | None) -> None:
    assert field(prompt=prompt).kind is kind


def test_a_persons_name_field_refuses_a_sentence() -> None:
    name = field(prompt="Siapa nama Anda?")
    assert validate_field(name, "Rahmat Hidayat", date(2026, 12, 2)).value == "Rahmat Hidayat"
    with pytest.raises(Invalid):
        validate_field(name, "bukan, kebakaran baru", date(2026, 12, 2))
    assert validate_field(field(), "bukan, kebakaran baru", date(2026, 12, 2)).value


def test_number_limits_are_enforced() -> None:
    rule = field(type="number", min=1, max=10)
    assert validate_field(rule, "7", date(2026, 12, 2)).value == "7"
    for answer in ("0", "11"):
        with pytest.raises(Invalid):
            validate_field(rule, answer, date(2026, 12, 2))


def test_dates_are_judged_against_the_conversation_today() -> None:
    rule = field(type="date", not_future=True, not_before="2026-01-01")
    assert validate_field(rule, "10-12-2026", date(2026, 12, 10)).value == "2026-12-10"
    with pytest.raises(Invalid):
        validate_field(rule, "10-12-2026", date(2026, 12, 2))  # after that today
    with pytest.raises(Invalid):
        validate_field(rule, "31-12-2025", date(2026, 12, 10))


@pytest.mark.parametrize("answer", ["tidak", "Tidak mau", "tdk mau sebut nama", "rahasia",
                                    "maaf, tidak bersedia", "anonim", "gak usah"])
def test_a_refusal_at_a_name_question_is_no_name(answer: str) -> None:
    assert declines(field(name="reporter_name", label="Nama"), answer)


@pytest.mark.parametrize("answer", ["Tita", "Tidak Sari", "Gak Lestari Putri"])
def test_names_that_start_like_a_refusal_are_names(answer: str) -> None:
    assert not declines(field(name="reporter_name", label="Nama"), answer)


def test_a_refusal_is_only_read_at_name_and_address_questions() -> None:
    assert not declines(field(name="in_danger", label="Dalam bahaya", type="yes_no"), "tidak")


def test_a_number_labelled_as_a_year_is_a_year_shown_as_typed() -> None:
    """Tried as a citizen: the PBB payment's summary read "Tahun pajak: 2.022"."""
    tax_year = IntakeField(name="tax_year", label="Tahun pajak", prompt="?", type="number")
    assert tax_year.kind is FieldKind.YEAR
    valid = validate_field(tax_year, "th 2022", date(2026, 12, 5))
    assert (valid.value, valid.display) == ("2022", "2022")
    for wrong in ("2.022", "22", "1850", "2030"):
        with pytest.raises(Invalid):
            validate_field(tax_year, wrong, date(2026, 12, 5))
    assert field(type="number", label="Luas tanah").kind is None
