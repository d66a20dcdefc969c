"""The embedded synthetic PBB dataset."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dialogs import regions
from dialogs.pbb.synthetic import (
    ARREARS_NOP,
    LATEST_UNPAID_NOP,
    NEVER_PAID_NOP,
    PAID_NOP,
    UNKNOWN_NOP,
    SyntheticPbbGateway,
)
from dialogs.validators import format_nop, validate_nop

TODAY = date(2026, 5, 10)


@pytest.fixture(scope="module")
def gateway() -> SyntheticPbbGateway:
    return SyntheticPbbGateway(today=TODAY)


@pytest.fixture(scope="module")
def everything(gateway: SyntheticPbbGateway) -> list:
    return [gateway.get(nop) for nop in gateway.nops()]


def test_hundreds_of_objects_in_all_17_kecamatan(gateway, everything):
    assert len(gateway) >= 400
    assert {obj.kecamatan for obj in everything} == set(regions.kecamatan_names())
    assert {nop[4:7] for nop in gateway.nops()} == {f"{10 * i:03d}" for i in range(1, 18)}
    per_kecamatan = Counter(obj.kecamatan for obj in everything)
    for name in regions.kecamatan_names():
        assert per_kecamatan[name] >= 2 * len(regions.desa_of(name))  # 2-3 objects per desa


def test_nops_are_valid_lampung_selatan_nops(gateway):
    for nop in gateway.nops():
        assert validate_nop(nop).value == nop
        assert nop.startswith("1801") and nop.endswith("0")


def test_desa_match_their_kecamatan(everything):
    for obj in everything:
        assert obj.desa in {p.name for p in regions.desa_of(obj.kecamatan)}


def test_bills_are_realistic(everything):
    for obj in everything:
        years = [bill.year for bill in obj.bills]
        assert 3 <= len(years) <= 6
        assert years == sorted(years, reverse=True)
        assert years[0] == TODAY.year and years[-1] >= 2021
        for bill in obj.bills:
            assert 15_000 <= bill.amount <= 2_500_000
            assert (bill.due_date.month, bill.due_date.day) in {(8, 31), (9, 30)}
            assert bill.due_date.year == bill.year
            assert bill.paid == (bill.paid_at is not None)
            if bill.paid_at:
                assert date(bill.year, 3, 1) <= bill.paid_at <= TODAY
            if bill.paid:
                assert bill.penalty == bill.total_due == 0
            else:
                assert bill.total_due == bill.amount + bill.penalty


def test_a_mix_of_paid_unpaid_and_old_arrears(everything):
    bills = [bill for obj in everything for bill in obj.bills]
    paid = sum(bill.paid for bill in bills) / len(bills)
    assert 0.4 < paid < 0.9
    fully_paid = sum(obj.outstanding == 0 for obj in everything)
    with_penalty = sum(any(bill.penalty for bill in obj.bills) for obj in everything)
    capped = sum(any(bill.penalty_months == 24 for bill in obj.bills) for obj in everything)
    assert fully_paid > 50 and with_penalty > 50 and capped > 10
    assert len({obj.owner_name for obj in everything}) > 200


def test_the_dataset_is_deterministic(gateway):
    again = SyntheticPbbGateway(today=TODAY)
    assert again.nops() == gateway.nops()
    assert all(again.get(nop) == gateway.get(nop) for nop in gateway.nops())
    other_seed = SyntheticPbbGateway(today=TODAY, seed=7)
    assert other_seed.nops() != gateway.nops()


def test_objects_depend_on_the_seed_only_not_on_the_day(gateway):
    later = SyntheticPbbGateway(today=date(2027, 9, 1))
    assert later.nops() == gateway.nops()
    for nop in gateway.sample_nops(20):
        before, after = gateway.get(nop), later.get(nop)
        assert (before.owner_name, before.land_area) == (after.owner_name, after.land_area)
        assert after.bills[0].year == 2027


def test_known_nops(gateway):
    paid = gateway.get(PAID_NOP)
    assert paid.outstanding == 0 and all(bill.paid for bill in paid.bills)
    assert [bill.year for bill in paid.bills] == [2026, 2025, 2024, 2023, 2022, 2021]
    arrears = gateway.get(ARREARS_NOP)
    assert [bill.year for bill in arrears.bills if not bill.paid] == [2022, 2021]
    assert all(bill.penalty_months == 24 for bill in arrears.bills if not bill.paid)
    latest = gateway.get(LATEST_UNPAID_NOP)
    assert [bill.year for bill in latest.bills if not bill.paid] == [2026]
    assert latest.bills[0].penalty == 0  # due 31 August 2026, not yet
    never = gateway.get(NEVER_PAID_NOP)
    assert not any(bill.paid for bill in never.bills)
    assert gateway.get(UNKNOWN_NOP) is None
    assert (paid.desa, paid.kecamatan) == ("Hajimena", "Natar")


def test_known_nops_do_not_depend_on_the_seed():
    for seed in (1, 99):
        other = SyntheticPbbGateway(today=TODAY, seed=seed)
        assert other.get(ARREARS_NOP) == SyntheticPbbGateway(today=TODAY).get(ARREARS_NOP)


def test_before_march_the_latest_bill_is_last_year():
    early = SyntheticPbbGateway(today=date(2026, 2, 1))
    assert early.get(PAID_NOP).bills[0].year == 2025


async def test_lookup_accepts_formatted_nops_and_a_year(gateway):
    found = await gateway.lookup(format_nop(ARREARS_NOP), 2021)
    assert [bill.year for bill in found.bills] == [2021]
    missing_year = await gateway.lookup(ARREARS_NOP, 2015)
    assert missing_year is not None and missing_year.bills == []
    assert await gateway.lookup("not a nop") is None


def test_sample_nops(gateway):
    sample = gateway.sample_nops(17)
    assert len(sample) == len(set(sample)) == 17
    assert sample == gateway.sample_nops(17)
    assert len({nop[4:7] for nop in sample}) >= 12
    assert gateway.sample_nops(0) == []
    assert len(gateway.sample_nops(10_000)) == len(gateway)


def test_penalties_follow_the_rule():
    from dialogs.pbb.penalty import PenaltyRule

    strict = SyntheticPbbGateway(today=TODAY, rule=PenaltyRule(0.02, 15))
    bill = strict.get(ARREARS_NOP, 2021).bills[0]
    assert bill.penalty_months == 15
    assert bill.penalty == round(bill.amount * 0.30)
