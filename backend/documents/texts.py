"""Indonesian wording shared by the PDF and the verification page."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")


class Validity(StrEnum):
    """What the verification page says about a document today."""

    VALID = "berlaku"
    REVOKED = "dicabut"
    EXPIRED = "kedaluwarsa"


VALIDITY_TEXT = {
    Validity.VALID: "Berlaku",
    Validity.REVOKED: "Dicabut",
    Validity.EXPIRED: "Kedaluwarsa",
}


def tanggal(day: date) -> str:
    """``24 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def validity_text(until: date | None) -> str:
    """How long a document is valid, as printed."""
    return f"sampai dengan {tanggal(until)}" if until else "tidak dibatasi masa berlaku"
