"""The registry the dialog engine calls, and the promise that only ``Invalid`` escapes."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.catalog.intake import FieldType
from dialogs.validators import (
    VALIDATORS,
    Invalid,
    Valid,
    validate,
    validate_kk,
    validate_nik,
    validate_nop,
)

CHOICES = ["Diantar kurir", "Ambil di MPP", "Dikirim lewat Halo Lamsel"]
# Text that reaches deep into the parsers: digits, separators, month names, Unicode oddities.
TRICKY = st.lists(
    st.sampled_from(list("0123456789 .,-/:+()@aAeimnrstxyz²١٢\u200b\x00\n")
                    + ["maret", "rp", "nik", "desa ", "natar", "jan", "tgl "]),
    max_size=40,
).map("".join)


def test_every_catalog_field_type_has_a_validator():
    assert set(VALIDATORS) == {member.value for member in FieldType}


@pytest.mark.parametrize(
    ("field_type", "text", "options", "value"),
    [
        ("text", "Kebakaran di pasar", {}, "Kebakaran di pasar"),
        ("number", "1.500", {"minimum": 1}, "1500"),
        ("date", "12 Maret 2019", {"not_future": True}, "2019-03-12"),
        ("nik", "1801041203900001", {}, "1801041203900001"),
        ("nop", "18.01.010.001.001-0001.0", {}, "180101000100100010"),
        ("phone", "0812 3456 7890", {}, "+6281234567890"),
        ("location", "Jl. Raya Hajimena No. 5", {}, "Jl. Raya Hajimena No. 5"),
        ("choice", "2", {"choices": CHOICES}, "Ambil di MPP"),
        ("yes_no", "iya", {}, "ya"),
        ("email", "budi@contoh.id", {}, "budi@contoh.id"),
        (FieldType.DATE, "12-03-2019", {}, "2019-03-12"),
    ],
)
def test_validate_dispatches_by_field_type(field_type, text, options, value):
    assert validate(field_type, text, **options).value == value


def test_options_a_type_does_not_use_are_ignored():
    assert validate("nik", "1801041203900001", choices=None, not_future=True).value
    assert validate("text", "halo", choices=CHOICES).value == "halo"


def test_options_reach_the_validator():
    today = date(2026, 5, 10)
    with pytest.raises(Invalid):
        validate("date", "11 Mei 2026", not_future=True, today=today)
    with pytest.raises(Invalid):
        validate("date", "1 Januari 2019", not_before=date(2020, 1, 1), today=today)
    with pytest.raises(Invalid):
        validate("number", "11", maximum=10)


def test_unknown_field_type():
    with pytest.raises(KeyError):
        validate("colour", "merah")


def _only_invalid(field_type: str, text: str) -> None:
    try:
        result = validate(field_type, text, choices=CHOICES, not_future=True)
    except Invalid as problem:
        assert problem.reason and problem.example
        assert problem.text("en")
        # the example a citizen is shown must itself be accepted (choice examples are numbers)
        assert validate(field_type, problem.example, choices=CHOICES)
    else:
        assert isinstance(result, Valid)
        assert isinstance(result.value, str) and isinstance(result.display, str)


@settings(max_examples=300)
@given(st.sampled_from(sorted(VALIDATORS)), st.text())
def test_validators_never_raise_anything_but_invalid(field_type: str, text: str):
    _only_invalid(field_type, text)


@settings(max_examples=300)
@given(st.sampled_from(sorted(VALIDATORS)), TRICKY)
def test_validators_never_raise_anything_but_invalid_on_tricky_text(field_type: str, text: str):
    _only_invalid(field_type, text)


@given(st.text())
def test_the_kk_validator_only_raises_invalid(text: str):
    with contextlib.suppress(Invalid):
        validate_kk(text)


@given(st.text(alphabet="0123456789 .-", max_size=30))
def test_digit_soup_only_raises_invalid(text: str):
    for validator in (validate_nik, validate_nop, validate_kk):
        with contextlib.suppress(Invalid):
            validator(text)


def test_every_message_has_both_languages_and_fills_its_placeholders():
    import string

    from dialogs.validators.common import _messages

    for key, entry in _messages().items():
        assert set(entry) == {"id", "en"}, key
        for text in entry.values():
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert fields <= {"count", "region", "month", "date", "date_en", "year", "today",
                              "today_en", "suggestion", "min", "max", "options", "matches",
                              "latest"}, key
