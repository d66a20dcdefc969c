"""Late interest: each started month after the due date, capped, whole rupiah."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.pbb.models import BillRecord
from dialogs.pbb.penalty import PenaltyRule, add_months, months_late, penalty

DUE = date(2024, 8, 31)
RULE = {"rate_per_month": 0.01, "max_months": 24}


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (date(2024, 8, 1), 0),
        (DUE, 0),  # on the due date: not late
        (DUE + timedelta(days=1), 1),  # one day late starts the first month
        (date(2024, 9, 30), 1),  # 31 Aug + 1 month = 30 Sep, still the first month
        (date(2024, 10, 1), 2),
        (date(2025, 2, 28), 6),
        (date(2025, 3, 1), 7),
        (date(2026, 8, 31), 24),  # exactly 24 months
        (date(2026, 9, 1), 25),
        (date(2027, 2, 28), 30),
    ],
)
def test_months_late(today: date, months: int):
    assert months_late(DUE, today) == months


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE, 0),
        (DUE + timedelta(days=1), 1_000),  # 1% of 100.000
        (date(2024, 10, 1), 2_000),
        (date(2026, 8, 31), 24_000),  # 24 months
        (date(2027, 2, 28), 24_000),  # 30 months late, capped at 24
        (date(2035, 1, 1), 24_000),
    ],
)
def test_penalty_at_the_boundaries(today: date, expected: int):
    assert penalty(100_000, DUE, today, **RULE) == expected


def test_paid_bills_carry_no_penalty():
    assert penalty(100_000, DUE, date(2027, 1, 1), paid=True, **RULE) == 0


def test_rounding_is_half_up_to_whole_rupiah():
    assert penalty(150, DUE, DUE + timedelta(days=1), **RULE) == 2  # 1.5 → 2
    assert penalty(149, DUE, DUE + timedelta(days=1), **RULE) == 1  # 1.49 → 1
    assert penalty(33_333, DUE, date(2024, 11, 1), **RULE) == 1_000  # 3 × 333.33 = 999.99


def test_rate_and_cap_are_parameters():
    late = date(2026, 1, 1)  # 17 months
    assert penalty(100_000, DUE, late, rate_per_month=0.02, max_months=15) == 30_000
    assert penalty(100_000, DUE, late, rate_per_month=0.01, max_months=24) == 17_000


@given(st.integers(0, 10_000_000), st.dates(min_value=DUE, max_value=date(2040, 1, 1)),
       st.integers(1, 60))
def test_penalty_grows_with_time_and_never_passes_the_cap(amount: int, today: date, days: int):
    now = penalty(amount, DUE, today, **RULE)
    later = penalty(amount, DUE, today + timedelta(days=days), **RULE)
    assert 0 <= now <= later <= round(amount * 0.24 + 0.5)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(0, 400))
def test_add_months_stays_within_the_month(day: date, months: int):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


def test_rule_turns_a_record_into_a_bill():
    rule = PenaltyRule(rate_per_month=0.01, max_months=24)
    unpaid = rule.bill(BillRecord(2024, 100_000, DUE), date(2027, 2, 28))
    assert (unpaid.penalty, unpaid.total_due, unpaid.penalty_months) == (24_000, 124_000, 24)
    paid = rule.bill(BillRecord(2024, 100_000, DUE, True, date(2024, 4, 1)), date(2027, 2, 28))
    assert (paid.paid, paid.penalty, paid.total_due, paid.penalty_months) == (True, 0, 0, 0)
    not_due = rule.bill(BillRecord(2024, 100_000, DUE), date(2024, 5, 1))
    assert (not_due.penalty, not_due.total_due) == (0, 100_000)
