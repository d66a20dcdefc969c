"""Indonesian dates: '12 Maret 2019', '12-03-2019', 'kemarin', ..."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dialogs.validators.common import Valid, _clean, _fail, jakarta_today

DATE_EXAMPLE = "12 Maret 2019"
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


_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday" \
             r"|thursday|friday|saturday|sunday)"
_PREFIX = re.compile(rf"^(?:(?:tgl|tanggal|tangal|date)\b\.?\s*:?\s*|{_DAY_NAMES}\b,?\s*)+")
_RELATIVE = {"hari ini": 0, "sekarang": 0, "today": 0, "kemarin": -1, "kemaren": -1,
             "yesterday": -1, "kemarin lusa": -2, "besok": 1, "tomorrow": 1, "lusa": 2}
# "kemarin sore", "tadi pagi", "hari ini jam 3": the day, without the time of day.
_TIME_OF_DAY = re.compile(r"(?:^tadi$)|(?:^tadi\s+|\s+)(?:pagi|siang|sore|petang|malam|subuh"
                          r"|dini hari|jam \d{1,2}(?:[.:]\d{2})?)(?:\s+tadi)?$")
_DAYS_AGO = re.compile(r"(\d{1,2}|se|satu|dua|tiga|empat|lima|enam|tujuh) ?hari (?:yang |yg )?"
                       r"(?:lalu|kemarin|kemaren|ago)")
_LAST_NIGHT = frozenset({"tadi malam", "semalam", "malam tadi"})  # before or after midnight?
_NUMBER_WORDS = {"se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
                 "tujuh": 7}
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


def _relative_day(text: str) -> int | None:
    """Days from today of "kemarin", "kemarin sore", "tadi pagi", "3 hari lalu" (None: no
    such words)."""
    if not text or text in _LAST_NIGHT:
        return None
    day = _TIME_OF_DAY.sub("", text).strip() or "hari ini"  # "tadi", "tadi pagi": today
    if day in _RELATIVE:
        return _RELATIVE[day]
    ago = _DAYS_AGO.fullmatch(day)
    if ago is None:
        return None
    count = ago.group(1)
    return -(int(count) if count.isdigit() else _NUMBER_WORDS[count])


def _parse_date(text: str, today: date, not_future: bool) -> date:
    text = _PREFIX.sub("", _clean(text).lower().strip(" .,")).strip()
    if (relative := _relative_day(text)) is not None:
        return today + timedelta(days=relative)
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


def validate_year(text: str, today: date | None = None) -> Valid:
    """A calendar year ("2025", "th 2025", "tahun 2025"): 1900 to next year, shown as typed
    (never "2.025")."""
    today = today or jakarta_today()
    found = re.fullmatch(r"(?:th|thn|tahun|year)?\.?\s*(\d{4})", _clean(text).lower().strip(" ."))
    if found is None:
        raise _fail("year.format", str(today.year))
    year = int(found.group(1))
    if not 1900 <= year <= today.year + 1:
        raise _fail("year.range", str(today.year), year=year, latest=today.year + 1)
    return Valid(str(year), str(year))


def format_date(day: date, lang: str = "id") -> str:
    """ "12 Maret 2019" (or "12 March 2019")."""
    months = MONTHS_EN if lang == "en" else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"
