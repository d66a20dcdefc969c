"""Field validators: a citizen's raw chat answer in, a normalised value out, or a polite reason.

Every validator returns ``Valid(value, display)`` (``value`` is stored in the case, ``display``
is echoed back) or raises ``Invalid`` with a short Indonesian ``reason`` (English through
``text("en")``; texts in ``data/validation.yml``) and a synthetic ``example``. The engine calls
``validate(field_type, text, choices=..., not_future=...)`` for catalog field types.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import yaml

from dialogs.regions import find_place

MESSAGES_FILE = Path(__file__).parent / "data" / "validation.yml"
JAKARTA = ZoneInfo("Asia/Jakarta")

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
PHONE_EXAMPLE = "0812-3456-7890"
DATE_EXAMPLE = "12 Maret 2019"
EMAIL_EXAMPLE = "nama@contoh.id"
LOCATION_EXAMPLE = "Jl. Raya Natar No. 5, dekat Masjid Al-Ikhlas, Desa Hajimena"
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
_MONTH_WORDS = {
    **{name.lower(): i for i, name in enumerate(MONTHS_ID, 1)},
    **{name.lower(): i for i, name in enumerate(MONTHS_EN, 1)},
    "jan": 1, "feb": 2, "peb": 2, "pebruari": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agus": 8, "ags": 8, "agt": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nov": 11, "nop": 11, "nopember": 11, "des": 12, "dec": 12,
}
_YES = frozenset({"ya", "iya", "y", "yes", "ok", "oke", "okay", "okey", "betul", "benar",
                  "boleh", "bisa", "setuju", "sip", "siap", "yoi", "yup", "sudah"})
_NO = frozenset({"tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "gk", "tak",
                 "no", "n", "bukan", "belum", "jangan", "nope", "nda", "ndak"})
_VAGUE_PLACES = frozenset({"rumah", "rumah saya", "di rumah", "sini", "di sini", "disini",
                           "sana", "di sana", "disana", "situ", "di situ", "tidak tahu",
                           "gak tau", "tidak tau", "lokasi", "alamat", "kantor"})
_EMAIL_TYPOS = {"gmail.co": "gmail.com", "gmial.com": "gmail.com", "gmai.com": "gmail.com",
                "gmail.con": "gmail.com", "gamil.com": "gmail.com", "yahoo.co": "yahoo.com",
                "yaho.com": "yahoo.com", "yahoo.con": "yahoo.com"}
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)
_LABEL = re.compile(r"^(?:(?:no(?:mor)?\.?\s*)?(?:nik|kk|nop)\.?)?\s*[:=]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Valid:
    value: str  # normalised machine form, stored in the case
    display: str  # how the bot echoes it back


class Invalid(ValueError):
    """An answer that cannot be used: ``reason`` (Indonesian) and a synthetic ``example``."""

    def __init__(self, reason: str, example: str = "", *, code: str = "",
                 reason_en: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.example = example
        self.code = code
        self.reason_en = reason_en

    def text(self, lang: str = "id") -> str:
        """The reason in ``lang`` ("id" or "en")."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


@cache
def _messages() -> dict[str, dict[str, str]]:
    return yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))


def _fail(key: str, example: str, **params: object) -> Invalid:
    entry = _messages()[key]
    return Invalid(entry["id"].format(**params), example, code=key,
                   reason_en=entry["en"].format(**params))


def jakarta_today() -> date:
    """Today's date in Lampung (WIB)."""
    return datetime.now(JAKARTA).date()


def format_date(day: date, lang: str = "id") -> str:
    """ "12 Maret 2019" (or "12 March 2019")."""
    months = MONTHS_EN if lang == "en" else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _clean(text: str) -> str:
    """NFKC (full-width digits become ASCII), no control characters, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C").strip()


# --- identity numbers -------------------------------------------------------------------------


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


# --- contact ----------------------------------------------------------------------------------


def validate_phone(text: str) -> Valid:
    """An Indonesian (or international) number: value E.164, display "0812-3456-7890"."""
    raw = _clean(text).removeprefix("whatsapp:").strip()
    if not raw:
        raise _fail("phone.empty", PHONE_EXAMPLE)
    if not re.fullmatch(r"\+?[0-9\s\-().]+", raw):
        raise _fail("phone.chars", PHONE_EXAMPLE)
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise _fail("phone.invalid", PHONE_EXAMPLE) from None
    if not phonenumbers.is_valid_number(number):
        raise _fail("phone.invalid", PHONE_EXAMPLE)
    local = phonenumbers.region_code_for_number(number) == "ID"
    style = phonenumbers.PhoneNumberFormat
    return Valid(
        phonenumbers.format_number(number, style.E164),
        phonenumbers.format_number(number, style.NATIONAL if local else style.INTERNATIONAL),
    )


def validate_email(text: str) -> Valid:
    """A plausible e-mail address; the domain is lowercased and common typos are pointed out."""
    raw = _clean(text).removeprefix("mailto:").strip("<> ")
    if not raw:
        raise _fail("email.empty", EMAIL_EXAMPLE)
    if len(raw) > 254 or not _EMAIL.fullmatch(raw):
        raise _fail("email.invalid", EMAIL_EXAMPLE)
    local, domain = raw.rsplit("@", 1)
    domain = domain.lower()
    if domain in _EMAIL_TYPOS:
        suggestion = f"{local}@{_EMAIL_TYPOS[domain]}"
        raise _fail("email.typo", EMAIL_EXAMPLE, suggestion=suggestion)
    return Valid(f"{local}@{domain}", f"{local}@{domain}")


# --- dates ------------------------------------------------------------------------------------

_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday" \
             r"|thursday|friday|saturday|sunday)"
_PREFIX = re.compile(rf"^(?:(?:tgl|tanggal|tangal|date)\b\.?\s*:?\s*|{_DAY_NAMES}\b,?\s*)+")
_RELATIVE = {"hari ini": 0, "sekarang": 0, "today": 0, "kemarin": -1, "kemaren": -1,
             "yesterday": -1, "kemarin lusa": -2, "besok": 1, "tomorrow": 1, "lusa": 2}
_DATE_FORMS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"(\d{1,2})\s*[-/. ]?\s*([a-z]+)\.?\s*[-/., ]?\s*(\d{4}|\d{2})?"), ("d", "m", "y")),
    (re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4}|\d{2})"), ("d", "m", "y")),
    (re.compile(r"(\d{2})(\d{2})(\d{4})"), ("d", "m", "y")),
)


def _date_parts(text: str) -> dict[str, str] | None:
    for pattern, order in _DATE_FORMS:
        found = pattern.fullmatch(text)
        if found:
            return {key: part for key, part in zip(order, found.groups(), strict=True) if part}
    return None


def _year(digits: str | None, today: date, not_future: bool) -> int | None:
    if digits is None:
        return None
    if len(digits) == 4:
        return int(digits)
    limit = today.year if not_future else today.year + 20
    return 2000 + int(digits) if 2000 + int(digits) <= limit else 1900 + int(digits)


def _parse_date(text: str, today: date, not_future: bool) -> date:
    text = _PREFIX.sub("", _clean(text).lower().strip(" .,")).strip()
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    parts = _date_parts(text)
    if parts is None:
        raise _fail("date.format", DATE_EXAMPLE)
    month_text = parts["m"]
    month = int(month_text) if month_text.isdigit() else _MONTH_WORDS.get(month_text)
    if month is None:
        raise _fail("date.format", DATE_EXAMPLE)
    if not 1 <= month <= 12:
        raise _fail("date.month", DATE_EXAMPLE, month=month)
    year, day = _year(parts.get("y"), today, not_future), int(parts["d"])
    guess = year is None
    year = today.year if year is None else year
    if not 1900 <= year <= 2100:
        raise _fail("date.year", DATE_EXAMPLE, year=year)
    try:
        result = date(year, month, day)
    except ValueError:
        raise _fail("date.impossible", DATE_EXAMPLE, date=f"{day} {MONTHS_ID[month - 1]} {year}",
                    date_en=f"{day} {MONTHS_EN[month - 1]} {year}") from None
    if guess and not_future and result > today:
        result = result.replace(year=year - 1) if (month, day) != (2, 29) else result
    return result


def validate_date(
    text: str,
    *,
    not_future: bool = False,
    not_before: date | None = None,
    today: date | None = None,
) -> Valid:
    """ "12 Maret 2019", "12 mar 19", "12-03-2019", "12/3/2019", "2019-03-12", "kemarin"...

    Day first (Indonesian order). A two-digit year is 20YY unless that lies past this year
    (birth dates, ``not_future``) or 20 years ahead; without a year, this year is meant.
    """
    today = today or jakarta_today()
    if not _clean(text):
        raise _fail("date.empty", DATE_EXAMPLE)
    result = _parse_date(text, today, not_future)
    if not_future and result > today:
        raise _fail("date.future", DATE_EXAMPLE, today=format_date(today),
                    today_en=format_date(today, "en"))
    if not_before and result < not_before:
        raise _fail("date.too_early", DATE_EXAMPLE, date=format_date(not_before),
                    date_en=format_date(not_before, "en"))
    return Valid(result.isoformat(), format_date(result))


# --- numbers, yes/no, choices -----------------------------------------------------------------

_NUMBER = re.compile(
    r"(?:rp\.?\s*)?(?P<num>[-+]?[0-9][0-9.,]*)\s*(?:[a-z²][a-z0-9²]*(?:\s+[a-z][a-z0-9²]*)*)?",
    re.IGNORECASE,
)


def _to_decimal(num: str) -> Decimal | None:
    """Indonesian first: "1.500" = 1500, "2,5" = 2.5, "1.500,75"; "1,500.75" also works."""
    body = num.lstrip("+-")
    if "." in body and "," in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, _, frac = body.rpartition(decimal_sep)
        if not re.fullmatch(rf"[0-9]{{1,3}}(?:\{thousands}[0-9]{{3}})*", whole):
            return None
        body = whole.replace(thousands, "") + "." + frac
    elif "." in body or "," in body:
        sep = "." if "." in body else ","
        if re.fullmatch(rf"[0-9]{{1,3}}(?:\{sep}[0-9]{{3}})+", body) and (
            sep == "." or body.count(",") > 1
        ):
            body = body.replace(sep, "")
        elif body.count(sep) == 1:
            body = body.replace(",", ".")
        else:
            return None
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    return -value if num.startswith("-") else value


def _format_number(value: Decimal) -> str:
    whole, _, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def _parse_number(raw: str) -> Decimal:
    found = _NUMBER.fullmatch(raw)
    value = _to_decimal(found["num"]) if found and len(found["num"]) <= 24 else None
    if value is None:
        raise _fail("number.invalid", "1500")
    return value.normalize() if value % 1 else value.quantize(Decimal(1))


def validate_number(text: str, min: float | None = None, max: float | None = None) -> Valid:
    """A number, "1.500" and "1500" alike (units after it are ignored): value "1500" / "2.5"."""
    raw = _clean(text)
    if not raw:
        raise _fail("number.empty", "1500")
    value = _parse_number(raw)
    low = None if min is None else Decimal(str(min)).normalize()
    high = None if max is None else Decimal(str(max)).normalize()
    if low is not None and value < low:
        raise _fail("number.min", _format_number(low), min=_format_number(low))
    if high is not None and value > high:
        raise _fail("number.max", _format_number(high), max=_format_number(high))
    return Valid(f"{value:f}", _format_number(value))


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def validate_yes_no(text: str) -> Valid:
    """ "ya" or "tidak", from everyday answers: "iya", "ok", "betul", "gak", "belum"..."""
    words = re.findall(r"[a-z]+", _clean(text).lower())
    first = words[0] if words else ""
    for answer, vocabulary in (("ya", _YES), ("tidak", _NO)):
        if first in vocabulary or _squeeze(first) in {_squeeze(w) for w in vocabulary}:
            return Valid(answer, "Ya" if answer == "ya" else "Tidak")
    raise _fail("yes_no.unclear", "ya")


_NUMBERED = re.compile(r"(?:no\.?\s*|nomor\s*|pilihan\s*)?\(?([0-9]{1,3})[.)]?\s*(.*)", re.I)


def _options(choices: Sequence[str]) -> str:
    return ", ".join(f"{i}. {choice}" for i, choice in enumerate(choices, 1))


def validate_choice(text: str, choices: Sequence[str]) -> Valid:
    """One of ``choices``: its number, its text (any case), a unique prefix, or a close typo."""
    if not choices:
        raise ValueError("validate_choice needs at least one choice")
    raw = " ".join(_clean(text).split())
    if not raw.strip(" .!?"):
        raise _fail("choice.empty", "1", options=_options(choices))
    exact = [choice for choice in choices if choice.casefold().strip() == raw.casefold()]
    if exact:
        return Valid(exact[0], exact[0])
    numbered = _NUMBERED.fullmatch(raw)
    if numbered and not numbered[2]:
        index = int(numbered[1])
        if not 1 <= index <= len(choices):
            raise _fail("choice.range", "1", count=len(choices))
        return Valid(choices[index - 1], choices[index - 1])
    matches = _match_choice(numbered[2] if numbered else raw, choices)
    if len(matches) == 1:
        return Valid(matches[0], matches[0])
    if matches:
        raise _fail("choice.ambiguous", "1", matches=", ".join(matches))
    raise _fail("choice.unknown", "1", options=_options(choices))


def _match_choice(answer: str, choices: Sequence[str]) -> list[str]:
    folded = {choice.casefold().strip(): choice for choice in choices}
    key = answer.casefold().strip(" .!?")
    if not key:
        return []
    if key in folded:
        return [folded[key]]
    for test in (str.startswith, lambda choice, k: f" {k}" in f" {choice}"):
        found = [choice for fold, choice in folded.items() if test(fold, key)]
        if found:
            return found
    close = difflib.get_close_matches(key, list(folded), n=2, cutoff=0.75)
    if len(close) == 2 and _ratio(key, close[0]) - _ratio(key, close[1]) >= 0.1:
        close = close[:1]
    return [folded[c] for c in close]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


# --- free text and locations ------------------------------------------------------------------


def validate_text(text: str, *, min_len: int = 2, max_len: int = 1000) -> Valid:
    """Free text with letters or digits, between ``min_len`` and ``max_len`` characters."""
    value = _clean(text)
    if not value:
        raise _fail("text.empty", "Mohon tulis jawaban singkat.")
    if not any(c.isalnum() for c in value):
        raise _fail("text.no_letters", "Mohon tulis jawaban singkat.")
    if len(value) < min_len:
        raise _fail("text.short", "Mohon tulis jawaban singkat.", min=min_len)
    if len(value) > max_len:
        raise _fail("text.long", "Mohon tulis jawaban singkat.", count=len(value), max=max_len)
    one_line = " ".join(value.split())
    return Valid(value, one_line if len(one_line) <= 120 else one_line[:119] + "…")


_COORDINATES = re.compile(r"(-?[0-9]{1,2}\.[0-9]{3,})\s*[, ]\s*(-?[0-9]{1,3}\.[0-9]{3,})")


def validate_location_text(text: str) -> Valid:
    """An address or landmark (≥ 5 characters, not "rumah"/"di sini") or typed coordinates.

    When it names a Lampung Selatan desa or kecamatan, the display adds it:
    "Jl. Mawar 3, Hajimena (Desa Hajimena, Kec. Natar)".
    """
    value = " ".join(_clean(text).split())
    coordinates = _COORDINATES.fullmatch(value)
    if coordinates and abs(float(coordinates[1])) <= 90 and abs(float(coordinates[2])) <= 180:
        lat, lon = float(coordinates[1]), float(coordinates[2])
        return Valid(f"{lat:.6f},{lon:.6f}", f"Titik {lat:.5f}, {lon:.5f}")
    if len(value) < 5 or sum(c.isalpha() for c in value) < 3:
        raise _fail("location.short", LOCATION_EXAMPLE)
    if value.lower().strip(" .,!") in _VAGUE_PLACES:
        raise _fail("location.vague", LOCATION_EXAMPLE)
    display = value if len(value) <= 120 else value[:119] + "…"
    place = find_place(value)
    return Valid(value, f"{display} ({place.label})" if place else display)


# --- the registry the dialog engine uses ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldOptions:
    """What a catalog field adds to its type; each validator reads the options it needs."""

    choices: Sequence[str] = ()
    not_future: bool = False
    not_before: date | None = None
    minimum: float | None = None
    maximum: float | None = None
    today: date | None = None


FieldValidator = Callable[[str, FieldOptions], Valid]

VALIDATORS: dict[str, FieldValidator] = {
    "text": lambda text, _: validate_text(text),
    "number": lambda text, o: validate_number(text, min=o.minimum, max=o.maximum),
    "date": lambda text, o: validate_date(
        text, not_future=o.not_future, not_before=o.not_before, today=o.today
    ),
    "nik": lambda text, o: validate_nik(text, today=o.today),
    "nop": lambda text, _: validate_nop(text),
    "nip": lambda text, o: validate_nip(text, today=o.today),
    "phone": lambda text, _: validate_phone(text),
    "location": lambda text, _: validate_location_text(text),
    "choice": lambda text, o: validate_choice(text, o.choices),
    "yes_no": lambda text, _: validate_yes_no(text),
    "email": lambda text, _: validate_email(text),
}


def validate(
    field_type: str,
    text: str,
    *,
    choices: Sequence[str] | None = None,
    not_future: bool = False,
    not_before: date | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    today: date | None = None,
) -> Valid:
    """Validate ``text`` as a catalog ``field_type`` (a ``FieldType`` value or its string).

    ``validate("choice", "2", choices=["Kurir", "Ambil di MPP"])``,
    ``validate("date", "12-03-2019", not_future=True)``. Options a type does not use are
    ignored; an unknown type raises ``KeyError``.
    """
    options = FieldOptions(tuple(choices or ()), not_future, not_before, minimum, maximum, today)
    return VALIDATORS[str(field_type)](text, options)
