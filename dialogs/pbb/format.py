"""The PBB bill reply a citizen reads on a phone: per year amount, due date, status, penalty.

Texts live in ``data/pbb.yml`` (Indonesian first). Owner names are always masked.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml

from dialogs.pbb.models import PbbBill, PbbObject
from dialogs.pbb.penalty import months_late
from dialogs.validators import format_date, format_nop

TEXTS_FILE = Path(__file__).resolve().parent.parent / "data" / "pbb.yml"


@cache
def _texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


def _t(key: str, lang: str, **values: object) -> str:
    entry = _texts()[key]
    return entry.get(lang, entry["id"]).format(**values)


def rupiah(amount: int) -> str:
    """ "Rp 1.234.567"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def mask_name(name: str) -> str:
    """ "Sartini Lestari" → "Sa***** Le*****": two letters of each word (one if ≤ 3 letters)."""
    words = name.split()
    if not words:
        return "-"
    return " ".join(_mask_word(word) for word in words)


def _mask_word(word: str) -> str:
    keep = 1 if len(word) <= 3 else 2
    return word[:keep] + "*" * (len(word) - keep)


def format_bills(obj: PbbObject, *, year: int | None = None, today: date, lang: str = "id") -> str:
    """The whole reply: header, a block per year (newest first), the total and how to pay.

    Asked for every year, the older years already paid take one line (with how to ask for
    one of them), so that arrears and this year's bill stay on a phone's first screen. Asked
    for one year of ``obj``'s bills, it also names the other years still unpaid."""
    shown = obj.for_year(year)
    head = "\n".join([
        _t("header", lang, nop=format_nop(obj.nop)),
        _t("owner", lang, name=mask_name(obj.owner_name)),
        _t("place", lang, desa=obj.desa, kecamatan=obj.kecamatan),
    ])
    owed = [bill.year for bill in obj.bills if year is not None and bill.year != year
            and not bill.paid]
    others = [_t("other_years_owed", lang, years=", ".join(map(str, owed)))] if owed else []
    if not shown.bills:
        missing = _t("no_bills_year", lang, year=year) if year else _t("no_bills", lang)
        return "\n\n".join([head, missing, *others])
    detailed, paid_before = _split_paid_years(shown.bills) if year is None else (shown.bills, [])
    blocks = [head, *(_bill_block(bill, today, lang) for bill in detailed)]
    if paid_before:
        years = ", ".join(str(bill.year) for bill in paid_before)
        blocks.append(_t("paid_years", lang, years=years) + "\n"
                      + _t("year_detail", lang, nop=format_nop(obj.nop), year=paid_before[0].year))
    if shown.outstanding == 0:
        paid = _t("year_paid", lang, year=year) if year else _t("all_paid", lang)
        return "\n\n".join([*blocks, paid, *others])
    return "\n\n".join([*blocks, _totals(shown, today, lang), *others, _t("how_to_pay", lang)])


def _split_paid_years(bills: list[PbbBill]) -> tuple[list[PbbBill], list[PbbBill]]:
    """The bills shown in full (the newest and every unpaid one) and the older paid ones."""
    detailed = [bill for index, bill in enumerate(bills) if index == 0 or not bill.paid]
    return detailed, [bill for bill in bills[1:] if bill.paid]


def _bill_block(bill: PbbBill, today: date, lang: str) -> str:
    lines = [
        _t("year", lang, year=bill.year, amount=rupiah(bill.amount)),
        _t("due", lang, date=format_date(bill.due_date, lang)),
    ]
    if bill.paid:
        paid_at = bill.paid_at
        lines.append(_t("paid", lang, date=format_date(paid_at, lang)) if paid_at
                     else _t("paid_undated", lang))
    elif (late := months_late(bill.due_date, today)) == 0:
        lines.append(_t("not_due", lang))
    else:
        capped = "penalty_capped" if bill.penalty_months < late else "penalty"
        lines.append(_t("late", lang, months=late))
        lines.append(_t(capped, lang, penalty=rupiah(bill.penalty),
                        months=bill.penalty_months, total=rupiah(bill.total_due)))
    return "\n".join(lines)


def _totals(shown: PbbObject, today: date, lang: str) -> str:
    lines = [_t("outstanding", lang, total=rupiah(shown.outstanding))]
    if any(bill.penalty for bill in shown.bills):
        lines.append(_t("penalty_note", lang, date=format_date(today, lang)))
    return "\n".join(lines)
