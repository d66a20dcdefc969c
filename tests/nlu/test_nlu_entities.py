"""Entity extraction without Rasa, normalisation and deduplication."""

from __future__ import annotations

import pytest

from nlu.entities import dedupe, extract, normalise, service_code
from nlu.result import Entity


def found(text: str) -> list[tuple[str, str]]:
    return [(e.entity, e.value) for e in extract(text)]


@pytest.mark.parametrize(
    "nop",
    [
        "18.01.010.001.001-0001.0",
        "180101000100100010",
        "18 01 010 001 001 0001 0",
        "18.01.010.001.001.0001.0",
    ],
)
def test_nop_in_every_format_is_digits_only(nop: str) -> None:
    assert found(f"ini nop {nop} ya") == [("nop", "180101000100100010")]


def test_year_is_not_taken_from_inside_a_nop_or_case_number() -> None:
    assert found("nop 18.01.010.001.001-2019.0 tahun 2025") == [
        ("nop", "180101000100120190"), ("year", "2025"),
    ]
    assert found("HL-2024-000123") == [("case_number", "HL-2024-000123")]


def test_nik_phone_and_case_number() -> None:
    text = "nik 1801065507920001 hp 0812-3456-7890 tiket hl 2025 000456"
    assert found(text) == [
        ("nik", "1801065507920001"),
        ("phone", "+6281234567890"),
        ("case_number", "HL-2025-000456"),
    ]


def test_nik_written_in_groups() -> None:
    assert found("NIK 1801 0415 0388 0002") == [("nik", "1801041503880002")]


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890"])
def test_phone_formats(phone: str) -> None:
    assert found(f"hubungi {phone}") == [("phone", "+6281234567890")]


def test_places_of_lampung_selatan_in_their_spellings() -> None:
    assert found("kebakaran di wai galih") == [("location", "Way Galih")]
    assert found("JATI AGUNG") == [("location", "Jati Agung")]
    assert found("rumah di tanjungbintang") == [("location", "Tanjung Bintang")]


def test_services_by_everyday_name() -> None:
    assert found("mau sedot wc") == [("service", "sedot-tinja")]
    assert found("izin praktik bidan") == [("service", "sip-bidan")]
    assert service_code("SEDOT WC") == "sedot-tinja"
    assert service_code("kia-5-17") == "kia-5-17"
    assert service_code("sesuatu yang lain") is None


def test_normalise() -> None:
    assert normalise("nik", "1801 0415 0388 0002") == "1801041503880002"
    assert normalise("case_number", "hl2025000123") == "HL-2025-000123"
    assert normalise("location", "Natar") == "Natar"


def test_dedupe_keeps_one_entity_per_span_longest_first() -> None:
    regex = Entity("nik", "1801041503880002", 4, 20)
    diet = Entity("nik", "1801041503880002", 4, 20)
    town = Entity("location", "Kalianda", 30, 38)
    market = Entity("location", "pasar kalianda", 24, 38)
    assert dedupe([regex, diet, town, market]) == (regex, market)
