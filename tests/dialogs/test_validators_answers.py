"""Numbers, yes/no, choices, free text and locations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dialogs.validators import (
    Invalid,
    Valid,
    validate_account_number,
    validate_choice,
    validate_location_text,
    validate_number,
    validate_text,
    validate_yes_no,
)

# --- numbers ----------------------------------------------------------------------------------


def indonesian(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(-(10**15), 10**15))
def test_integers_with_or_without_thousands_dots(n: int):
    assert validate_number(str(n)).value == str(n)
    assert validate_number(indonesian(n)).value == str(n)
    assert validate_number(indonesian(n)).display == indonesian(n)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2))
def test_decimals_with_a_comma(value: Decimal):
    assume(value % 1)
    whole, frac = f"{value:.2f}".split(".")
    text = f"{indonesian(int(whole))},{frac}"
    assert Decimal(validate_number(text).value) == value


@pytest.mark.parametrize(
    ("text", "value", "display"),
    [("1.500", "1500", "1.500"), ("1500", "1500", "1.500"), ("2,5", "2.5", "2,5"),
     ("1.500,75", "1500.75", "1.500,75"), ("1,500.75", "1500.75", "1.500,75"),
     ("Rp 1.500.000", "1500000", "1.500.000"), ("120 m2", "120", "120"),
     ("3 orang", "3", "3"), ("1.5", "1.5", "1,5"), ("0", "0", "0")],
)
def test_number_forms(text: str, value: str, display: str):
    assert validate_number(text) == Valid(value, display)


def test_number_bounds():
    assert validate_number("5", min=1, max=10).value == "5"
    with pytest.raises(Invalid) as low:
        validate_number("0", min=1)
    assert low.value.code == "number.min" and "1" in low.value.reason
    with pytest.raises(Invalid) as high:
        validate_number("1.500", max=1000)
    assert high.value.code == "number.max" and "1.000" in high.value.reason


@pytest.mark.parametrize("text", ["", "banyak", "1.50.0", "1,2,3", "12 34", "--5"])
def test_not_numbers(text: str):
    with pytest.raises(Invalid):
        validate_number(text)


# --- yes / no ---------------------------------------------------------------------------------

YES = ["ya", "iya", "y", "yes", "ok", "betul", "benar", "boleh", "bisa", "Iyaaa", "OK!",
       "ya, betul", "ya dong", "yaudah", "ya tahu", "ada", "Ada pak", "punya", "pernah",
       "masih"]
NO = ["tidak", "tdk", "gak", "nggak", "ngga", "no", "n", "bukan", "belum", "Tidak.", "gak mau",
      "nanti aja", "nanti saja", "ntar dulu", "gausah", "tidak ada", "gak punya", "belum pernah",
      "kagak", "ogah"]


@given(st.sampled_from(YES), st.sampled_from(["", " ", "!", ".", " deh"]))
def test_yes_words(word: str, tail: str):
    assert validate_yes_no(word + tail).value == "ya"


@given(st.sampled_from(NO), st.booleans())
def test_no_words(word: str, upper: bool):
    assert validate_yes_no(word.upper() if upper else word).value == "tidak"


@pytest.mark.parametrize("text", ["", "mungkin", "hmm", "123", "tidak tahu", "gak tau",
                                  "tidak yakin, dia masih di rumah", "ga pasti"])
def test_unclear_yes_no(text: str):
    with pytest.raises(Invalid) as caught:
        validate_yes_no(text)
    assert caught.value.reason == "Mohon jawab ya atau tidak."


# --- choices ----------------------------------------------------------------------------------

DELIVERY = ["Diantar kurir", "Ambil di MPP", "Dikirim lewat Halo Lamsel"]
CHOICE_LISTS = st.lists(
    st.from_regex(r"[A-Za-z]{2,10}( [A-Za-z]{2,10}){0,2}", fullmatch=True),
    min_size=1, max_size=6, unique_by=str.casefold,
)


@given(CHOICE_LISTS, st.data())
def test_a_number_or_the_exact_text_picks_the_choice(choices: list[str], data: st.DataObject):
    index = data.draw(st.integers(0, len(choices) - 1))
    assert validate_choice(str(index + 1), choices).value == choices[index]
    assert validate_choice(choices[index].upper(), choices).value == choices[index]
    assert validate_choice(f"{index + 1}. {choices[index]}", choices).value == choices[index]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", "Ambil di MPP"), ("ambil di mpp", "Ambil di MPP"),
     ("Dikirim", "Dikirim lewat Halo Lamsel"), ("kurir", "Diantar kurir"),
     ("ambil di mmp", "Ambil di MPP"), ("pilihan 1", "Diantar kurir"),
     ("(3)", "Dikirim lewat Halo Lamsel"), ("diantar kurr", "Diantar kurir")],
)
def test_choice_forms(text: str, expected: str):
    assert validate_choice(text, DELIVERY).value == expected


def test_ambiguous_choice_lists_the_matches():
    with pytest.raises(Invalid) as caught:
        validate_choice("di", ["Dinas Sosial", "Dinas Kesehatan", "Kecamatan"])
    assert caught.value.code == "choice.ambiguous"
    assert "Dinas Sosial" in caught.value.reason and "Dinas Kesehatan" in caught.value.reason


def test_unknown_and_out_of_range_choices():
    with pytest.raises(Invalid) as unknown:
        validate_choice("pesawat", DELIVERY)
    assert unknown.value.code == "choice.unknown"
    assert "1. Diantar kurir" in unknown.value.reason
    with pytest.raises(Invalid) as out:
        validate_choice("4", DELIVERY)
    assert out.value.reason == "Pilih nomor 1 sampai 3."


def test_choice_needs_choices():
    with pytest.raises(ValueError, match="choice"):
        validate_choice("1", [])


# --- free text and locations ------------------------------------------------------------------


def test_text_is_trimmed_and_bounded():
    assert validate_text("  Rumah terbakar di belakang pasar  ").value == (
        "Rumah terbakar di belakang pasar")
    assert validate_text("a\x00b").value == "ab"
    long = "kata " * 100
    assert len(validate_text(long).display) <= 120
    for text, code in [("", "text.empty"), ("?!", "text.no_letters"), ("a", "text.short"),
                       ("x" * 1001, "text.long")]:
        with pytest.raises(Invalid) as caught:
            validate_text(text)
        assert caught.value.code == code
    assert validate_text("ok", min_len=2, max_len=2).value == "ok"


@pytest.mark.parametrize(
    ("text", "label"),
    [("Jl. Raya Hajimena No. 5 dekat masjid", "Desa Hajimena, Kec. Natar"),
     ("belakang pasar kalianda", "Kec. Kalianda"),
     ("Dusun 2 Sukamaju, Way Sulan", "Desa Sukamaju, Kec. Way Sulan"),
     ("rumah pak RT dekat SD negeri", None)],
)
def test_location_text_recognises_places(text: str, label: str | None):
    valid = validate_location_text(text)
    assert valid.value == text
    assert valid.display == (f"{text} ({label})" if label else text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "location.short"), ("rt 5", "location.short"), ("di sini", "location.vague"),
     ("Rumah", "location.vague")],
)
def test_vague_locations_are_refused(text: str, code: str):
    with pytest.raises(Invalid) as caught:
        validate_location_text(text)
    assert caught.value.code == code
    assert validate_location_text(caught.value.example)


def test_typed_coordinates_are_a_location():
    valid = validate_location_text("-5.7312, 105.5921")
    assert valid.value == "-5.731200,105.592100"


@pytest.mark.parametrize("number", ["01-23456", "0123456", "A.0123/45", "01 234 567"])
def test_an_account_number_is_digits_with_separators(number: str) -> None:
    assert validate_account_number(f" {number} ").value == number


@pytest.mark.parametrize("answer", ["Siti Aminah", "123", "tidak tahu nomornya 12345",
                                    "AB-12CD", "1234567890" * 4])
def test_a_name_or_a_sentence_is_no_account_number(answer: str) -> None:
    with pytest.raises(Invalid):
        validate_account_number(answer)
