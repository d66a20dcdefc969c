"""The PBB reply: masked names, Rupiah, Indonesian dates, status per year, how to pay."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.pbb.format import format_bills, mask_name, rupiah
from dialogs.pbb.models import PbbBill, PbbObject
from dialogs.pbb.synthetic import (
    ARREARS_NOP,
    LATEST_UNPAID_NOP,
    NEVER_PAID_NOP,
    PAID_NOP,
    SyntheticPbbGateway,
)

TODAY = date(2026, 5, 10)
GATEWAY = SyntheticPbbGateway(today=TODAY)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp 0"), (500, "Rp 500"), (15_000, "Rp 15.000"), (1_234_567, "Rp 1.234.567"),
     (-2_500, "-Rp 2.500")],
)
def test_rupiah(amount: int, text: str):
    assert rupiah(amount) == text


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Sartini Lestari", "Sa***** Le*****"), ("Sri", "S**"), ("Ni Made Ayu", "N* Ma** A**"),
     ("  ", "-"), ("H. Ahmad", "H* Ah***")],
)
def test_mask_name(name: str, masked: str):
    assert mask_name(name) == masked


@given(st.lists(st.text(alphabet=st.characters(categories=["L"]), min_size=2, max_size=12),
                min_size=1, max_size=4))
def test_a_masked_name_keeps_its_shape_but_hides_every_word(words: list[str]):
    masked = mask_name(" ".join(words)).split(" ")
    assert [len(word) for word in masked] == [len(word) for word in words]
    for original, hidden in zip(words, masked, strict=True):
        assert hidden != original and "*" in hidden


def test_a_paid_object():
    text = format_bills(GATEWAY.get(PAID_NOP), today=TODAY)
    assert "NOP 18.01.010.001.001-0001.0" in text
    assert "Sartini" not in text and "Lestari" not in text
    assert "Wajib pajak: Sa***** Le*****" in text
    assert "Letak: Hajimena, Kec. Natar" in text
    assert "Jatuh tempo 31 Agustus 2026" in text
    assert "Lunas, dibayar 15 April 2026" in text
    assert "Lunas: tahun 2025, 2024" in text and "Agustus 2025" not in text
    assert "Semua tagihan sudah lunas" in text
    assert "Cara bayar" not in text


def test_one_paid_year_in_full_when_asked():
    text = format_bills(GATEWAY.get(PAID_NOP, 2025), year=2025, today=TODAY)
    assert "Lunas, dibayar 15 April 2025" in text and "Lunas: tahun" not in text


def test_one_paid_year_of_an_object_in_arrears_names_the_years_owed():
    obj = GATEWAY.get(ARREARS_NOP)
    paid = next(bill.year for bill in obj.bills if bill.paid)
    owed = [bill.year for bill in obj.bills if not bill.paid]
    text = format_bills(obj, year=paid, today=TODAY)
    assert f"Tagihan tahun {paid} sudah lunas." in text
    assert "Semua tagihan sudah lunas" not in text
    assert f"Masih ada tagihan belum lunas: tahun {', '.join(map(str, owed))}." in text


def test_a_year_without_a_bill_names_the_years_owed():
    text = format_bills(GATEWAY.get(ARREARS_NOP), year=2019, today=TODAY)
    assert "Tagihan tahun 2019 tidak ditemukan" in text and "Masih ada tagihan belum lunas" in text


def test_every_unpaid_year_stays_in_full():
    obj = GATEWAY.get(ARREARS_NOP)
    text = format_bills(obj, today=TODAY)
    unpaid = [bill.year for bill in obj.bills if not bill.paid]
    assert unpaid and all(f"Tahun {year}:" in text for year in unpaid)


def test_arrears_show_penalty_total_and_how_to_pay():
    obj = GATEWAY.get(ARREARS_NOP)
    text = format_bills(obj, today=TODAY)
    old = next(bill for bill in obj.bills if bill.year == 2021)
    assert "Belum lunas, terlambat 57 bulan" in text
    assert f"Denda {rupiah(old.penalty)} (maks. 24 bulan)" in text
    assert f"Total {rupiah(old.total_due)}" in text
    assert f"Total belum dibayar: {rupiah(obj.outstanding)}" in text
    assert "Denda dihitung sampai 10 Mei 2026." in text
    for way in ("Halo Lamsel", "mobile banking", "Bank Lampung", "QRIS"):
        assert way in text
    assert "Bambang" not in text


def test_a_bill_not_yet_due():
    text = format_bills(GATEWAY.get(LATEST_UNPAID_NOP), today=TODAY)
    assert "Belum dibayar (belum jatuh tempo)" in text
    assert "Denda" not in text
    assert "Cara bayar" in text


def test_one_year():
    text = format_bills(GATEWAY.get(NEVER_PAID_NOP, 2024), year=2024, today=TODAY)
    assert "Tahun 2024" in text and "Tahun 2023" not in text
    assert "terlambat 21 bulan" in text and "maks." not in text


def test_a_year_without_a_bill():
    text = format_bills(GATEWAY.get(PAID_NOP, 2019), year=2019, today=TODAY)
    assert "Tagihan tahun 2019 tidak ditemukan" in text


def test_an_object_without_bills():
    empty = PbbObject(PAID_NOP, "Sartini Lestari", "", "Hajimena", "Natar", 0, 0, [])
    assert "Belum ada tagihan" in format_bills(empty, today=TODAY)


def test_a_paid_bill_with_unknown_date():
    bill = PbbBill(2025, 50_000, date(2025, 8, 31), True, None, 0, 0)
    obj = PbbObject(PAID_NOP, "Sartini Lestari", "", "Hajimena", "Natar", 0, 0, [bill])
    assert "\nLunas\n" in format_bills(obj, today=TODAY)


def test_english():
    text = format_bills(GATEWAY.get(ARREARS_NOP), today=TODAY, lang="en")
    assert "Due 31 August 2021" in text and "How to pay" in text and "Bambang" not in text


def test_lines_are_short_enough_for_a_phone():
    for nop in GATEWAY.sample_nops(40):
        for line in format_bills(GATEWAY.get(nop), today=TODAY).splitlines():
            assert len(line) <= 64, line


def test_every_reply_text_has_both_languages():
    from dialogs.pbb.format import _texts

    assert all(set(entry) == {"id", "en"} for entry in _texts().values())
