"""Identity numbers: NIK (region and birth date), KK, NOP."""

from __future__ import annotations

import re
from datetime import date

from dialogs.validators.common import Valid, _clean, _fail, jakarta_today

# Kemendagri province codes (Kepmendagri 300.2.2-2138/2025), incl. the 2022 Papua provinces.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",  # Sumatra, Babel, Kepri
    "31", "32", "33", "34", "35", "36",  # Java: DKI, Jabar, Jateng, DIY, Jatim, Banten
    "51", "52", "53",  # Bali, NTB, NTT
    "61", "62", "63", "64", "65",  # Kalimantan
    "71", "72", "73", "74", "75", "76",  # Sulawesi
    "81", "82",  # Maluku, Maluku Utara
    "91", "92",  # Papua, Papua Barat
    "93", "94", "95", "96",  # Papua Selatan, Tengah, Pegunungan, Barat Daya (2022)
})
NIK_EXAMPLE = "1801041203900001"  # synthetic: Natar, born 12 March 1990
KK_EXAMPLE = "1801040105150003"
NIP_EXAMPLE = "199001012020121001"  # synthetic: born 1 Jan 1990, CPNS Dec 2020, man, 001
NOP_EXAMPLE = "18.01.010.001.001-0001.0"
_LABEL = re.compile(r"^(?:(?:no(?:mor)?\.?\s*)?(?:nik|kk|nop)\.?)?\s*[:=]?\s*", re.IGNORECASE)


def _id_digits(text: str, kind: str, size: int, example: str) -> str:
    raw = re.sub(r"[\s.\-]", "", _LABEL.sub("", _clean(text), count=1))
    if not raw:
        raise _fail(f"{kind}.empty", example)
    if not re.fullmatch(r"[0-9]+", raw):
        raise _fail(f"{kind}.digits", example)
    if len(raw) != size:
        raise _fail(f"{kind}.length", example, count=len(raw))
    return raw


def _check_region(number: str, kind: str, example: str) -> None:
    code = number[:6]
    if code[:2] not in PROVINCE_CODES or code[2:4] == "00" or code[4:6] == "00":
        raise _fail(f"{kind}.region", example, region=f"{code[:2]}.{code[2:4]}.{code[4:]}")


def nik_birth_date(nik: str, *, today: date | None = None) -> date:
    """Birth date in a NIK (day +40 for women; YY above this year's YY means 19YY)."""
    today = today or jakarta_today()
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = day - 40 if day > 40 else day
    year = 2000 + yy if yy <= today.year % 100 else 1900 + yy
    if not 1 <= day <= 31:
        raise _fail("nik.birth", NIK_EXAMPLE)
    try:
        return date(year, month, day)
    except ValueError:
        raise _fail("nik.birth", NIK_EXAMPLE) from None


def nik_is_female(nik: str) -> bool:
    """Women's NIKs carry the birth day plus 40."""
    return int(nik[6:8]) > 40


def validate_nik(text: str, *, today: date | None = None) -> Valid:
    """16 digits: known province, regency and kecamatan, a real birth date not in the future."""
    today = today or jakarta_today()
    nik = _id_digits(text, "nik", 16, NIK_EXAMPLE)
    _check_region(nik, "nik", NIK_EXAMPLE)
    if not (1 <= int(nik[6:8]) <= 31 or 41 <= int(nik[6:8]) <= 71):
        raise _fail("nik.birth", NIK_EXAMPLE)
    if nik_birth_date(nik, today=today) > today:
        raise _fail("nik.future", NIK_EXAMPLE)
    if nik.endswith("0000"):
        raise _fail("nik.serial", NIK_EXAMPLE)
    return Valid(nik, nik)


def validate_kk(text: str) -> Valid:
    """A family card number: 16 digits, a known region; the issue date only roughly checked."""
    kk = _id_digits(text, "kk", 16, KK_EXAMPLE)
    _check_region(kk, "kk", KK_EXAMPLE)
    if not (1 <= int(kk[6:8]) <= 31 and 1 <= int(kk[8:10]) <= 12):
        raise _fail("kk.date", KK_EXAMPLE)
    return Valid(kk, kk)


def validate_nip(text: str, *, today: date | None = None) -> Valid:
    """18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex 1/2, serial 3."""
    today = today or jakarta_today()
    nip = _id_digits(re.sub(r"^\s*nip\.?\s*[:=]?\s*", "", text, flags=re.IGNORECASE),
                     "nip", 18, NIP_EXAMPLE)
    try:
        born = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise _fail("nip.birth", NIP_EXAMPLE) from None
    if not date(1940, 1, 1) <= born <= today:
        raise _fail("nip.birth", NIP_EXAMPLE)
    year, month = int(nip[8:12]), int(nip[12:14])
    pppk = month == 21  # NI PPPK write 21 in the month place (BKN practice; unverified)
    if not (1 <= month <= 12 or pppk) or year < born.year + 15 or year > today.year or (
            not pppk and (year, month) > (today.year, today.month)):
        raise _fail("nip.appointment", NIP_EXAMPLE)
    if nip[14] not in "12":
        raise _fail("nip.sex", NIP_EXAMPLE)
    if nip[15:] == "000":
        raise _fail("nip.serial", NIP_EXAMPLE)
    return Valid(nip, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")


def format_nop(nop: str) -> str:
    """18 digits as printed on the SPPT: ``18.01.010.001.001-0001.0``."""
    return f"{nop[:2]}.{nop[2:4]}.{nop[4:7]}.{nop[7:10]}.{nop[10:13]}-{nop[13:17]}.{nop[17]}"


def validate_nop(text: str) -> Valid:
    """A Lampung Selatan NOP PBB-P2, with or without its dots, dash and spaces."""
    nop = _id_digits(text, "nop", 18, NOP_EXAMPLE)
    if not nop.startswith("1801"):
        raise _fail("nop.region", NOP_EXAMPLE)
    return Valid(nop, format_nop(nop))
