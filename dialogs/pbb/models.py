"""A tax object (objek pajak) and its yearly PBB-P2 bills."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date


def normalise_nop(nop: str) -> str:
    """The 18 digits of a NOP given with or without punctuation; ``ValueError`` otherwise."""
    digits = re.sub(r"[\s.\-]", "", nop)
    if not re.fullmatch(r"[0-9]{18}", digits):
        raise ValueError("a NOP has 18 digits")
    return digits


@dataclass(frozen=True, slots=True)
class BillRecord:
    """A bill as the tax system keeps it (SPPT): no penalty, which depends on the day asked."""

    year: int
    amount: int  # rupiah
    due_date: date
    paid: bool = False
    paid_at: date | None = None  # may be unknown even when paid


@dataclass(frozen=True, slots=True)
class PbbBill:
    """One year's bill as shown to the citizen on a given day."""

    year: int
    amount: int  # rupiah, the SPPT's "PBB yang harus dibayar"
    due_date: date
    paid: bool
    paid_at: date | None
    penalty: int  # late interest in rupiah; 0 when paid or not yet due
    total_due: int  # amount + penalty while unpaid; 0 when paid
    penalty_months: int = 0  # months charged (after the cap)


@dataclass(frozen=True, slots=True)
class PbbObject:
    """A tax object with its bills, newest year first."""

    nop: str  # 18 digits
    owner_name: str  # full name: mask it (format.mask_name) before showing it to anyone
    address: str
    desa: str
    kecamatan: str
    land_area: int  # m²
    building_area: int  # m²
    bills: list[PbbBill] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        """Everything still to pay: unpaid amounts plus their penalties."""
        return sum(bill.total_due for bill in self.bills)

    def for_year(self, year: int | None) -> PbbObject:
        """The same object with only ``year``'s bill (all bills when ``year`` is None)."""
        if year is None:
            return self
        return replace(self, bills=[bill for bill in self.bills if bill.year == year])
