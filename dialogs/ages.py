"""The age a citizen states in their words ("anak saya umur 2 tahun", "bayi baru lahir"), for
choosing between services that differ by age only (a birth certificate within 60 days of the
birth or later; the KIA below or from five years)."""

from __future__ import annotations

import re

from backend.core.catalog.schema import ServiceDefinition

DAYS_PER_UNIT = {"hari": 1, "hr": 1, "minggu": 7, "mgg": 7, "bulan": 30, "bln": 30,
                 "tahun": 365, "thn": 365, "th": 365}
_UNIT = "|".join(DAYS_PER_UNIT)
_FILLER = r"(?:\s+(?:saya|sy|kami|aku|sudah|udah|sdh|baru|masih|sekitar|kira-kira))*"
# An age is a number of days ... years said of the child: "umur 2 tahun", "anak saya 3 bulan",
# "lahir 10 hari yang lalu"; a duration alone ("sudah menunggu 3 hari") is none.
STATED_AGE = re.compile(
    rf"\b(?:umur|usia|berumur|berusia|anak|bayi)(?:nya)?{_FILLER}\s+(\d{{1,3}})\s*({_UNIT})\b")
BORN_AGO = re.compile(rf"\blahir\s+(\d{{1,3}})\s*({_UNIT})\s+(?:yang\s+)?lalu\b")
NEWBORN = re.compile(r"\b(?:baru\s+(?:saja\s+)?lahir|baru\s+melahirkan|lahir\s+kemarin)\b")


def stated_age_days(text: str) -> int | None:
    """The age the text states, in days (months of 30, years of 365), or None; "baru lahir"
    is 0. With several ages ("anak 2 tahun, kakaknya 7 tahun") none is taken."""
    lowered = text.lower()
    ages = {int(number) * DAYS_PER_UNIT[unit]
            for pattern in (STATED_AGE, BORN_AGO) for number, unit in pattern.findall(lowered)}
    if NEWBORN.search(lowered):
        ages.add(0)
    return ages.pop() if len(ages) == 1 else None


def admits_stated(service: ServiceDefinition, age_days: int | None) -> bool:
    """Whether the service is for someone of the stated age (True when none was stated or
    the service has no age band)."""
    band = service.eligibility
    return age_days is None or band is None or band.admits_days(age_days)
