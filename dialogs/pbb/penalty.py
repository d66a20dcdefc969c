"""Late-payment interest (sanksi bunga) on PBB-P2 bills.

Legal basis, an ASSUMPTION to check against Kabupaten Lampung Selatan's Perda on pajak daerah
(the regency's own regulation decides): UU 1/2022 on Hubungan Keuangan antara Pemerintah Pusat
dan Pemerintahan Daerah (HKPD) lowered the late interest on regional taxes, PBB-P2 included,
to 1% per month of the unpaid tax, for at most 24 months; under UU 28/2009 it was 2% per
month. A started month counts as a whole month. Rate and cap are settings
(``pbb.penalty_rate_per_month``, ``pbb.penalty_max_months``), never constants in this code.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dialogs.pbb.models import BillRecord, PbbBill


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 1 → 30 Sep)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_late(due_date: date, today: date) -> int:
    """Started months after the due date: 0 on the due date, 1 from the next day."""
    if today <= due_date:
        return 0
    months = (today.year - due_date.year) * 12 + today.month - due_date.month
    return months + 1 if add_months(due_date, months) < today else months


def penalty(
    amount: int,
    due_date: date,
    today: date,
    *,
    rate_per_month: float,
    max_months: int,
    paid: bool = False,
) -> int:
    """Interest for each started month after ``due_date``, at most ``max_months``, in whole
    rupiah (half up); 0 for a paid bill."""
    if paid:
        return 0
    months = min(months_late(due_date, today), max_months)
    interest = Decimal(amount) * Decimal(str(rate_per_month)) * months
    return int(interest.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class PenaltyRule:
    """The settings' rate and cap, applied to the tax system's bill records."""

    rate_per_month: float = 0.01
    max_months: int = 24

    def bill(self, record: BillRecord, today: date) -> PbbBill:
        """The record as the citizen sees it on ``today``, with penalty and total."""
        interest = penalty(record.amount, record.due_date, today, paid=record.paid,
                           rate_per_month=self.rate_per_month, max_months=self.max_months)
        charged = 0 if record.paid else min(months_late(record.due_date, today), self.max_months)
        return PbbBill(
            year=record.year,
            amount=record.amount,
            due_date=record.due_date,
            paid=record.paid,
            paid_at=record.paid_at,
            penalty=interest,
            total_due=0 if record.paid else record.amount + interest,
            penalty_months=charged,
        )
