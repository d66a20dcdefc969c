"""Kecamatan and desa lookups over the Kemendagri list."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs import regions

KECAMATAN = ["Natar", "Tanjung Bintang", "Kalianda", "Sidomulyo", "Katibung", "Penengahan",
             "Palas", "Jati Agung", "Ketapang", "Sragi", "Raja Basa", "Candipuro",
             "Merbau Mataram", "Bakauheni", "Tanjung Sari", "Way Sulan", "Way Panji"]


def test_the_data_file_is_the_shared_reference_list():
    with regions.DATA_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {"kode": "18.01", "nama": "Kabupaten Lampung Selatan",
                       "tingkat": "kabupaten", "kecamatan": ""}
    levels = [row["tingkat"] for row in rows]
    assert (levels.count("kecamatan"), levels.count("desa"), levels.count("kelurahan")) == (
        17, 256, 4)


def test_seventeen_kecamatan():
    assert regions.kecamatan_names() == KECAMATAN
    assert all(p.code.startswith("18.01.") for p in regions.kecamatan_list())


def test_every_desa_belongs_to_a_kecamatan():
    total = sum(len(regions.desa_of(name)) for name in KECAMATAN)
    assert total == 260
    assert [p.name for p in regions.desa_of("Kalianda") if p.level == "kelurahan"] == [
        "Bumi Agung", "Kalianda", "Way Urang", "Wai Lubuk"]


@pytest.mark.parametrize("code", ["18.01.04", "180104", " 18.01.04 "])
def test_by_code(code: str):
    assert regions.by_code(code).name == "Natar"


def test_by_code_desa_and_unknown():
    place = regions.by_code("1801042001")
    assert (place.name, place.level, place.kecamatan) == ("Hajimena", "desa", "Natar")
    assert place.label == "Desa Hajimena, Kec. Natar"
    assert regions.by_code("18.01.99") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("natar", "Natar"), ("KEC. JATI AGUNG", "Jati Agung"), ("jatiagung", "Jati Agung"),
     ("wai sulan", "Way Sulan"), ("tanjung bintan", "Tanjung Bintang"), ("Rajabasa", "Raja Basa"),
     ("kecamatan way panjii", "Way Panji")],
)
def test_find_kecamatan_is_forgiving(name: str, expected: str):
    assert regions.find_kecamatan(name).name == expected


def test_find_kecamatan_refuses_nonsense():
    assert regions.find_kecamatan("jakarta") is None
    assert regions.find_kecamatan("") is None


def test_find_desa_returns_every_namesake():
    assert {p.kecamatan for p in regions.find_desa("Sukamaju")} == {"Sidomulyo", "Way Sulan"}
    assert [p.kecamatan for p in regions.find_desa("sukamaju", kecamatan="way sulan")] == [
        "Way Sulan"]
    assert [p.name for p in regions.find_desa("desa hajimna")] == ["Hajimena"]
    assert regions.find_desa("atlantis") == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Jl. Lintas Sumatera dekat SPBU, Hajimena", "Desa Hajimena, Kec. Natar"),
        ("hajimna natar", "Desa Hajimena, Kec. Natar"),
        ("Natar", "Kec. Natar"),
        ("desa natar kecamatan natar", "Desa Natar, Kec. Natar"),
        ("Tanjung Sari", "Kec. Tanjung Sari"),
        ("desa tanjung sari, natar", "Desa Tanjung Sari, Kec. Natar"),
        ("Sukamaju Way Sulan", "Desa Sukamaju, Kec. Way Sulan"),
        ("kelurahan way urang", "Kel. Way Urang, Kec. Kalianda"),
        ("desa sumur", "Desa Sumur, Kec. Ketapang"),
    ],
)
def test_find_place_in_free_text(text: str, label: str):
    assert regions.find_place(text).label == label


@pytest.mark.parametrize("text", ["Sukamaju", "dekat sumur tua", "Jalan raya, dusun 3", ""])
def test_find_place_gives_none_when_ambiguous_or_absent(text: str):
    assert regions.find_place(text) is None


def test_find_places_lists_the_namesakes():
    assert len(regions.find_places("Sukamaju")) == 2


@given(st.sampled_from(regions.places()))
def test_every_place_finds_itself_by_name_with_its_kecamatan(place: regions.Place):
    word = "desa" if place.level == "desa" else "kelurahan"
    text = place.name if place.level == "kecamatan" else f"{word} {place.name} {place.kecamatan}"
    assert regions.find_place(text) == place


@given(st.text(max_size=200))
def test_find_place_never_fails(text: str):
    found = regions.find_place(text)
    assert found is None or isinstance(found, regions.Place)
