"""Parse the SOP tables' time standards ("Waktu" / "mutu baku") into durations.

The seeds write time standards in many forms: "10 menit", "1 Jam", "1 x 24 jam",
"1 hari kerja", "14 Hari Kerja", "2 minggu", "14 s d 30 Hari" (upper bound),
"4 Hari 1 Jam 18 Menit", "Hari ke H 5 - 15 menit" (upper bound), and open forms such as
"Menyesuaikan", "Tidak Dapat Ditentukan", "Sesuai dengan SPK" or "-" (no deadline).

A standard is a number of *working days* (office days, Asia/Jakarta calendar), *minutes* (of
office hours in an office service, of the clock in a piket service) and *clock minutes* ("x 24
jam": always the wall clock). Weeks count as five working days each. Days written without
"kerja" are also counted in ``bare_days`` (an urgent service counts them as 24 hours each).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MINUTES_PER_HOUR = 60
WORKING_DAYS_PER_WEEK = 5


class TimeStandardError(ValueError):
    """Raised when a time standard cannot be understood."""


@dataclass(frozen=True, slots=True)
class TimeStandard:
    """A parsed time standard: working days plus wall-clock minutes, or no deadline."""

    raw: str
    working_days: int = 0
    wall_minutes: int = 0  # minutes and hours: office hours, or the clock in piket services
    open_ended: bool = False
    clock_minutes: int = 0  # "x 24 jam": always the wall clock
    bare_days: int = 0  # of working_days, those written without "kerja"

    @property
    def has_deadline(self) -> bool:
        """True when the standard sets a deadline at all."""
        return not self.open_ended and (
            self.working_days > 0 or self.wall_minutes > 0 or self.clock_minutes > 0
        )

    def as_wall_minutes(self) -> int:
        """The standard as wall-clock minutes, counting each day as 24 hours (24-hour services)."""
        return self.working_days * 24 * MINUTES_PER_HOUR + self.wall_minutes + self.clock_minutes

    def describe_id(self) -> str:
        """Short Indonesian description, e.g. '3 hari kerja 30 menit'."""
        if not self.has_deadline:
            return "tidak ditetapkan"
        parts: list[str] = []
        if self.working_days:
            parts.append(f"{self.working_days} hari kerja")
        if self.clock_minutes:
            parts.append(f"{self.clock_minutes // (24 * MINUTES_PER_HOUR)} x 24 jam"
                         if self.clock_minutes % (24 * MINUTES_PER_HOUR) == 0
                         else f"{self.clock_minutes // MINUTES_PER_HOUR} jam (24 jam sehari)")
        hours, minutes = divmod(self.wall_minutes, MINUTES_PER_HOUR)
        if hours:
            parts.append(f"{hours} jam")
        if minutes:
            parts.append(f"{minutes} menit")
        return " ".join(parts)


_OPEN_ENDED = re.compile(
    r"^(-+|menyesuaikan.*|tidak\s+dapat\s+ditentukan|tidak\s+ditetapkan|sesuai\s+(dengan\s+)?spk"
    r"|kondisional|disesuaikan|tentatif|)$"
)
_UNIT_WORDS: dict[str, str] = {
    "menit": "minute", "mnt": "minute", "minute": "minute", "minutes": "minute",
    "jam": "hour", "hour": "hour", "hours": "hour",
    "hari": "day", "hr": "day", "day": "day", "days": "day",
    "minggu": "week", "pekan": "week", "week": "week", "weeks": "week",
    "bulan": "month",
}
_QUANTITY = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:x\s*(?P<m>\d+)\s*)?(?P<unit>[a-z]+)(?P<kerja>\s+kerja)?"
)
_RANGE_SPLIT = re.compile(r"\s+(?:s\s*/?\s*d|sd|sampai(?:\s+dengan)?|hingga|-|–)\s+")


def _normalise(raw: str) -> str:
    text = raw.strip().lower()
    text = re.sub(r"\(.*?\)", " ", text)  # "4 Hari 1 Jam 18 Menit (5 Hari)": keep the detail
    text = text.replace("hari ke h", " ")
    text = re.sub(r"\s+", " ", text).strip(" .;:")
    return text


def _parse_simple(text: str, raw: str) -> TimeStandard:
    days = 0
    bare_days = 0
    minutes = 0
    clock_minutes = 0
    matched_any = False
    for match in _QUANTITY.finditer(text):
        unit = _UNIT_WORDS.get(match["unit"])
        if unit is None:
            continue
        matched_any = True
        amount = float(match["n"].replace(",", "."))
        if match["m"]:
            amount *= int(match["m"])
        if unit == "minute":
            minutes += round(amount)
        elif unit == "hour" and match["m"]:  # "1 x 24 jam": around the clock
            clock_minutes += round(amount * MINUTES_PER_HOUR)
        elif unit == "hour":
            minutes += round(amount * MINUTES_PER_HOUR)
        elif unit == "day":
            days += round(amount)
            bare_days += 0 if match["kerja"] else round(amount)
        elif unit == "week":
            days += round(amount * WORKING_DAYS_PER_WEEK)
        elif unit == "month":
            days += round(amount * 22)
    if not matched_any:
        raise TimeStandardError(f"cannot understand time standard {raw!r}")
    return TimeStandard(raw=raw, working_days=days, wall_minutes=minutes,
                        clock_minutes=clock_minutes, bare_days=bare_days)


def _split_bare_range(text: str) -> str:
    """'5 - 15 menit' and '14 s d 30 hari' share the unit at the end: keep the upper bound."""
    bare = re.fullmatch(r"(\d+)\s*(?:s\s*/?\s*d|sd|-|–|sampai|hingga)\s*(\d+)\s+(.+)", text)
    if bare:
        return f"{bare[2]} {bare[3]}"
    return text


def parse_time_standard(raw: str | None) -> TimeStandard:
    """Parse one "Waktu" cell. Ranges keep their upper bound; open forms have no deadline."""
    if raw is None:
        return TimeStandard(raw="", open_ended=True)
    text = _normalise(str(raw))
    if _OPEN_ENDED.match(text):
        return TimeStandard(raw=str(raw), open_ended=True)
    text = _split_bare_range(text)
    pieces = [p for p in _RANGE_SPLIT.split(text) if p.strip()]
    if len(pieces) > 1:
        # "2 menit s/d disesuaikan": an open upper bound keeps the stated figure.
        upper = pieces[-1].strip()
        if _OPEN_ENDED.match(upper) or not re.search(r"\d", upper):
            return _parse_simple(pieces[0], str(raw))
        return _parse_simple(upper, str(raw))
    return _parse_simple(text, str(raw))


def checked_time_standard(value: str | None) -> str | None:
    """``value`` unchanged when it parses as a time standard (a pydantic field validator's
    body: a ``ValueError`` names the problem)."""
    try:
        parse_time_standard(value)
    except TimeStandardError as exc:
        raise ValueError(str(exc)) from exc
    return value
