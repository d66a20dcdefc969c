"""Dates in the forms Indonesian citizens write them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.validators import MONTHS_EN, MONTHS_ID, Invalid, format_date, validate_date

TODAY = date(2026, 5, 10)
SHORT_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

FORMS: dict[str, Callable[[date], str]] = {
    "long": lambda d: f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}",
    "lower": lambda d: f"{d.day} {MONTHS_ID[d.month - 1].lower()} {d.year}",
    "short": lambda d: f"{d.day} {SHORT_ID[d.month - 1]} {d.year}",
    "tgl": lambda d: f"tgl {d.day} {MONTHS_ID[d.month - 1].lower()} {d.year}",
    "tanggal": lambda d: f"Tanggal: {d.day:02d} {MONTHS_ID[d.month - 1]} {d.year}",
    "english": lambda d: f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}",
    "english_us": lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    "dash": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "slash": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dot": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "compact": lambda d: f"{d.day:02d}{d.month:02d}{d.year}",
    "dash_name": lambda d: f"{d.day}-{SHORT_ID[d.month - 1]}-{d.year}",
}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(sorted(FORMS)))
def test_every_supported_form_round_trips(day: date, form: str):
    valid = validate_date(FORMS[form](day), today=TODAY)
    assert valid.value == day.isoformat()
    assert valid.display == format_date(day)


@given(st.dates(min_value=date(1947, 1, 1), max_value=date(2046, 12, 31)))
def test_two_digit_years_mean_the_nearest_century(day: date):
    text = f"{day.day} {MONTHS_ID[day.month - 1].lower()} {day.year % 100:02d}"
    assert validate_date(text, today=TODAY).value == day.isoformat()
    assert validate_date(f"{day.day}/{day.month}/{day.year % 100:02d}",
                         today=TODAY).value == day.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Maret 2019", "2019-03-12"),
        ("12 maret 19", "2019-03-12"),
        ("12 Mar 2019", "2019-03-12"),
        ("tgl 12 maret 2019", "2019-03-12"),
        ("12-03-2019", "2019-03-12"),
        ("12/3/2019", "2019-03-12"),
        ("12.03.2019", "2019-03-12"),
        ("2019-03-12", "2019-03-12"),
        ("3 Pebruari 2020", "2020-02-03"),
        ("3 Nopember 2020", "2020-11-03"),
        ("17 Agus 1945", "1945-08-17"),
        ("5 Sept 2001", "2001-09-05"),
        ("Senin, 12 Agustus 2024", "2024-08-12"),
        ("1 january 2000", "2000-01-01"),
        ("29 Februari 2024", "2024-02-29"),
        ("kemarin", "2026-05-09"),
        ("hari ini", "2026-05-10"),
        ("besok", "2026-05-11"),
        ("12 mei", "2026-05-12"),
        ("kemarin sore", "2026-05-09"),
        ("Kemarin malam", "2026-05-09"),
        ("tadi pagi", "2026-05-10"),
        ("tadi", "2026-05-10"),
        ("hari ini jam 3", "2026-05-10"),
        ("3 hari lalu", "2026-05-07"),
        ("dua hari yang lalu", "2026-05-08"),
        ("sehari yg lalu", "2026-05-09"),
    ],
)
def test_known_forms(text: str, expected: str):
    assert validate_date(text, today=TODAY).value == expected


def test_display_is_indonesian():
    assert validate_date("2019-03-12", today=TODAY).display == "12 Maret 2019"
    assert format_date(date(2025, 8, 31), "en") == "31 August 2025"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31 Februari 2019", "date.impossible"),
        ("29 Februari 2023", "date.impossible"),
        ("31/04/2020", "date.impossible"),
        ("12-13-2019", "date.month"),
        ("12 Brumaire 2019", "date.format"),
        ("kapan-kapan", "date.format"),
        ("tadi malam", "date.format"),  # before or after midnight: the date is asked
        ("senin", "date.format"),
        ("minggu lalu", "date.format"),
        ("", "date.empty"),
        ("12 Maret 1850", "date.year"),
    ],
)
def test_impossible_or_unreadable_dates_are_explained(text: str, code: str):
    with pytest.raises(Invalid) as caught:
        validate_date(text, today=TODAY)
    assert caught.value.code == code
    assert validate_date(caught.value.example, today=TODAY)


def test_impossible_date_message_names_the_date():
    with pytest.raises(Invalid) as caught:
        validate_date("31 Februari 2019", today=TODAY)
    assert "31 Februari 2019" in caught.value.reason
    assert "31 February 2019" in caught.value.text("en")


def test_not_future_for_birth_dates():
    assert validate_date("10 Mei 2026", not_future=True, today=TODAY).value == "2026-05-10"
    with pytest.raises(Invalid) as caught:
        validate_date("11 Mei 2026", not_future=True, today=TODAY)
    assert caught.value.code == "date.future"
    assert "10 Mei 2026" in caught.value.reason
    # a two-digit year of a birth date never lands in the future
    assert validate_date("1 1 30", not_future=True, today=TODAY).value == "1930-01-01"
    assert validate_date("1 1 30", today=TODAY).value == "2030-01-01"
    # without a year, a birthday not yet reached this year means last year
    assert validate_date("12 Desember", not_future=True, today=TODAY).value == "2025-12-12"


def test_not_before():
    limit = date(2020, 1, 1)
    assert validate_date("1-1-2020", not_before=limit, today=TODAY).value == "2020-01-01"
    with pytest.raises(Invalid) as caught:
        validate_date("31-12-2019", not_before=limit, today=TODAY)
    assert caught.value.code == "date.too_early"
    assert "1 Januari 2020" in caught.value.reason

