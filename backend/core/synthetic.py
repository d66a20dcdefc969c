"""Synthetic citizens' data for demos, simulations and tests. Never real people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from backend.core.catalog.intake import FieldType, IntakeField

KECAMATAN_CODES = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
                   "13", "14", "15", "16", "17"]
GIVEN_NAMES = ["Ayu", "Bagas", "Citra", "Dimas", "Eka", "Fajar", "Gita", "Hendra", "Indah",
               "Joko", "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizki", "Sari"]
FAMILY_NAMES = ["Pratama", "Saputra", "Lestari", "Wulandari", "Hidayat", "Kurniawan", "Anggraini"]


def synthetic_nik(rng: random.Random, *, birth: date | None = None, female: bool = False) -> str:
    """A plausible but invented Lampung Selatan NIK: 1801 + kecamatan + DDMMYY + serial."""
    birth = birth or date(1990, 1, 1) + timedelta(days=rng.randrange(0, 12000))
    day = birth.day + (40 if female else 0)
    serial = rng.randrange(1, 9999)
    return f"1801{rng.choice(KECAMATAN_CODES)}{day:02d}{birth:%m%y}{serial:04d}"


def synthetic_nop(rng: random.Random) -> str:
    """A PBB object number of Lampung Selatan (18.01...), 18 digits without punctuation."""
    return (f"1801{rng.randrange(10, 171, 10):03d}{rng.randrange(1, 30):03d}"
            f"{rng.randrange(1, 20):03d}{rng.randrange(1, 999):04d}0")


def synthetic_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"


def synthetic_value(field: IntakeField, rng: random.Random) -> str:
    """A valid synthetic answer for an intake field."""
    match field.type:
        case FieldType.NIK:
            return synthetic_nik(rng)
        case FieldType.NOP:
            return synthetic_nop(rng)
        case FieldType.PHONE:
            return f"+628{rng.randrange(10**9, 10**10)}"
        case FieldType.DATE:
            return (date(2021, 1, 1) + timedelta(days=rng.randrange(0, 900))).isoformat()
        case FieldType.NUMBER:
            return str(rng.randrange(1, 100))
        case FieldType.EMAIL:
            return f"warga{rng.randrange(1000)}@contoh.id"
        case FieldType.YES_NO:
            return rng.choice(["ya", "tidak"])
        case FieldType.CHOICE:
            return rng.choice(field.choices or ["-"])
        case FieldType.LOCATION:
            latitude = -5.7 - rng.random() / 10
            longitude = 105.5 + rng.random() / 10
            return f"Desa Contoh {rng.randrange(1, 50)}, Kalianda ({latitude:.4f}, {longitude:.4f})"
        case _:
            if "name" in field.name or "nama" in field.label.lower():
                return synthetic_name(rng)
            return f"Isian contoh untuk {field.label.lower()}"
