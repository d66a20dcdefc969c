"""The age a citizen states in words, and the services' age bands."""

from __future__ import annotations

import pytest

from backend.core.catalog.loader import load_catalog
from dialogs.ages import admits_stated, stated_age_days


@pytest.mark.parametrize(("text", "days"), [
    ("anak saya umur 2 tahun", 730),
    ("akte lahir, usianya 3 bulan", 90),
    ("bayi saya sudah 2 minggu", 14),
    ("anaknya lahir 10 hari yang lalu", 10),
    ("bayi baru lahir", 0),
    ("anak 2 thn", 730),
])
def test_an_age_said_of_the_child_is_read_in_days(text: str, days: int) -> None:
    assert stated_age_days(text) == days


@pytest.mark.parametrize("text", [
    "akta kelahiran tahun 2020",  # a year, not an age
    "akta kelahiran, sudah menunggu 3 hari",  # a wait, not the child's age
    "anak saya 2 tahun, kakaknya umur 7 tahun",  # two ages: neither is taken
    "mau bikin akta kelahiran",
])
def test_no_age_when_none_or_several_are_said(text: str) -> None:
    assert stated_age_days(text) is None


def test_the_birth_certificate_bands_split_at_sixty_days() -> None:
    catalog = load_catalog()
    early, late = (catalog.get("akta-kelahiran-1-60-hari"),
                   catalog.get("akta-kelahiran-lebih-60-hari"))
    assert [admits_stated(early, days) for days in (0, 60, 61, 730)] == [True, True, False, False]
    assert [admits_stated(late, days) for days in (0, 60, 61, 730)] == [False, False, True, True]
    assert admits_stated(early, None) and admits_stated(catalog.get("kia-0-5"), 730)
    assert not admits_stated(catalog.get("kia-5-17"), 730)
