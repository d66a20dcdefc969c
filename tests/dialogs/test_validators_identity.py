"""NIK, KK and NOP validators."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.validators import (
    KK_EXAMPLE,
    NIK_EXAMPLE,
    NOP_EXAMPLE,
    PROVINCE_CODES,
    Invalid,
    format_nop,
    nik_birth_date,
    nik_is_female,
    validate_kk,
    validate_nik,
    validate_nop,
)

TODAY = date(2026, 5, 10)
# Two-digit years: 00..26 are 2000s, 27..99 are 1900s, so births 1927-01-01 .. today round-trip.
BIRTHS = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)


def make_nik(province: str, regency: int, kecamatan: int, born: date, female: bool,
             serial: int) -> str:
    day = born.day + (40 if female else 0)
    return (f"{province}{regency:02d}{kecamatan:02d}{day:02d}{born.month:02d}"
            f"{born.year % 100:02d}{serial:04d}")


NIKS = st.builds(
    make_nik,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(1, 99),
    st.integers(1, 99),
    BIRTHS,
    st.booleans(),
    st.integers(1, 9999),
)


def spaced(number: str, style: int) -> str:
    """The ways citizens type a 16-digit number."""
    if style == 0:
        return number
    if style == 1:
        return " ".join(number[i : i + 4] for i in range(0, 16, 4))
    if style == 2:
        return f"{number[:2]}.{number[2:4]}.{number[4:6]}.{number[6:12]}.{number[12:]}"
    return f"NIK: {number[:6]}-{number[6:12]}-{number[12:]} "


@given(NIKS, st.integers(0, 3))
def test_any_valid_synthetic_nik_validates_and_gives_back_its_birth_date(nik: str, style: int):
    valid = validate_nik(spaced(nik, style), today=TODAY)
    assert valid.value == nik
    born = nik_birth_date(nik, today=TODAY)
    day = int(nik[6:8]) % 40
    assert (born.day, born.month, born.year % 100) == (day, int(nik[8:10]), int(nik[10:12]))
    assert nik_is_female(nik) == (int(nik[6:8]) > 40)


def test_a_woman_s_nik_carries_her_birth_day_plus_40():
    nik = make_nik("18", 1, 4, date(1990, 3, 12), True, 1)
    assert nik[6:8] == "52"
    assert nik_birth_date(nik, today=TODAY) == date(1990, 3, 12)
    assert nik_is_female(nik)
    assert not nik_is_female(NIK_EXAMPLE)


def test_the_century_follows_the_current_year():
    assert nik_birth_date(make_nik("18", 1, 4, date(2026, 1, 2), False, 1),
                          today=TODAY) == date(2026, 1, 2)
    assert nik_birth_date(make_nik("18", 1, 4, date(1927, 1, 2), False, 1),
                          today=TODAY) == date(1927, 1, 2)


def test_the_example_is_valid():
    assert validate_nik(NIK_EXAMPLE).value == NIK_EXAMPLE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "nik.empty"),
        ("   ", "nik.empty"),
        ("18010412039OOO01", "nik.digits"),
        ("180104120390001", "nik.length"),
        ("18010412039000011", "nik.length"),
        ("2001041203900001", "nik.region"),  # 20 is no province
        ("1800041203900001", "nik.region"),  # regency 00
        ("1801001203900001", "nik.region"),  # kecamatan 00
        ("1801043203900001", "nik.birth"),  # day 32
        ("1801047203900001", "nik.birth"),  # day 72 (32 + 40)
        ("1801040003900001", "nik.birth"),  # day 00
        ("1801043102900001", "nik.birth"),  # 31 February
        ("1801041213900001", "nik.birth"),  # month 13
        ("1801041206260001", "nik.future"),  # 12 June 2026, after TODAY
        ("1801041203900000", "nik.serial"),
    ],
)
def test_invalid_niks_are_explained(text: str, code: str):
    with pytest.raises(Invalid) as caught:
        validate_nik(text, today=TODAY)
    assert caught.value.code == code
    assert caught.value.example == NIK_EXAMPLE
    assert validate_nik(caught.value.example, today=TODAY)


def test_the_length_message_counts_the_digits():
    with pytest.raises(Invalid) as caught:
        validate_nik("180104120390001", today=TODAY)
    assert caught.value.reason == "NIK harus 16 angka, Anda mengirim 15 angka."
    assert caught.value.text("en") == "An NIK has 16 digits; you sent 15."


def test_born_today_is_not_in_the_future():
    nik = make_nik("18", 1, 4, TODAY, False, 1)
    assert validate_nik(nik, today=TODAY).value == nik
    tomorrow = make_nik("18", 1, 4, TODAY + timedelta(days=1), False, 1)
    with pytest.raises(Invalid):
        validate_nik(tomorrow, today=TODAY)


# --- KK ---------------------------------------------------------------------------------------


@given(NIKS)
def test_a_kk_number_has_the_nik_shape_without_the_birth_rules(number: str):
    kk = number[:6] + "0" + number[7:]  # women's +40 would not be a KK issue date
    if int(kk[6:8]) == 0:
        kk = kk[:6] + "01" + kk[8:]
    assert validate_kk(spaced(kk, 1)).value == kk


def test_kk_is_lenient_on_the_date_but_not_on_the_region():
    assert validate_kk("1801043102990001").value == "1801043102990001"  # 31 Feb: fine for a KK
    assert validate_kk(KK_EXAMPLE).value == KK_EXAMPLE
    for bad, code in [("9901040105150003", "kk.region"), ("1801041313150003", "kk.date"),
                      ("18010401051500", "kk.length"), ("kk saya hilang", "kk.digits")]:
        with pytest.raises(Invalid) as caught:
            validate_kk(bad)
        assert caught.value.code == code


# --- NOP --------------------------------------------------------------------------------------

NOP_TAILS = st.text(alphabet="0123456789", min_size=14, max_size=14)


@given(NOP_TAILS)
def test_formatted_and_unformatted_nop_give_the_same_value(tail: str):
    nop = "1801" + tail
    formatted = format_nop(nop)
    assert validate_nop(nop).value == nop
    assert validate_nop(formatted).value == nop
    assert validate_nop(formatted.replace(".", " ").replace("-", " ")).value == nop
    assert validate_nop(f"  {formatted}  ").display == formatted


def test_nop_display_is_the_sppt_form():
    assert validate_nop("180101000100100010").display == NOP_EXAMPLE
    assert validate_nop("NOP: 18 01 010 001 001 0001 0").value == "180101000100100010"


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("", "nop.empty", "18 angka"),
        ("18.01.010.001.001-0001", "nop.length", "Anda mengirim 17 angka"),
        ("18.01.010.001.001-00001.0", "nop.length", "Anda mengirim 19 angka"),
        ("18.01.010.OO1.001-0001.0", "nop.digits", "hanya berisi angka"),
        ("32.01.010.001.001-0001.0", "nop.region", "diawali 18.01"),
        ("18.02.010.001.001-0001.0", "nop.region", "Lampung Selatan"),
    ],
)
def test_invalid_nops_are_explained(text: str, code: str, fragment: str):
    with pytest.raises(Invalid) as caught:
        validate_nop(text)
    assert caught.value.code == code
    assert fragment in caught.value.reason
    assert caught.value.example == NOP_EXAMPLE
