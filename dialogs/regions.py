"""Kabupaten Lampung Selatan's kecamatan and desa/kelurahan, looked up by code or by name.

Codes are Kemendagri's (the ones NIKs use: Lampung Selatan = 18.01), read from
``data/wilayah_lampung_selatan.csv`` (cahyadsn/wilayah, MIT). PBB NOPs use other codes.
Names match case-insensitively, with or without spaces, "Way"/"Wai" alike, and with typos.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA_FILE = Path(__file__).parent / "data" / "wilayah_lampung_selatan.csv"
REGENCY_CODE = "18.01"
Level = Literal["kecamatan", "desa", "kelurahan"]

# Village names that are also everyday words ("sumur" = well): in free text they only count
# as places when written after "desa"/"kelurahan"/"kecamatan".
COMMON_WORDS = frozenset({
    "bangunan", "banding", "kampung baru", "kecapi", "klaten", "maja", "padan", "pancasila",
    "pematang", "pisang", "rawi", "ruang tengah", "suak", "sumur", "wawasan", "hatta", "gayam",
    "betung",
})
_DESA_HINTS = frozenset({"desa", "ds", "kelurahan", "kel", "kampung", "dusun"})
_KEC_HINTS = frozenset({"kecamatan", "kec", "kc"})
_NAME_CUTOFF = 0.8  # a name asked for explicitly
_TEXT_CUTOFF = 0.88  # a name spotted in free text


@dataclass(frozen=True, slots=True)
class Place:
    """A kecamatan, desa or kelurahan of Lampung Selatan."""

    code: str  # "18.01.04" (kecamatan) or "18.01.04.2001" (desa/kelurahan)
    name: str
    level: Level
    kecamatan: str  # the kecamatan's name (its own name for a kecamatan)

    @property
    def label(self) -> str:
        """How a reply names it: "Kec. Natar", "Desa Hajimena, Kec. Natar"."""
        if self.level == "kecamatan":
            return f"Kec. {self.name}"
        prefix = "Desa" if self.level == "desa" else "Kel."
        return f"{prefix} {self.name}, Kec. {self.kecamatan}"


@dataclass(frozen=True, slots=True)
class _Match:
    place: Place
    start: int
    end: int
    hint: str | None  # "desa" | "kecamatan" | None: the word written before the name


def normalise(text: str) -> str:
    """Lowercase words separated by one space; "wai" becomes "way"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    words = re.sub(r"[^\w]+|_", " ", text).split()
    return " ".join("way" if word == "wai" else word for word in words)


def _key(name: str) -> str:
    return normalise(name).replace(" ", "")


@cache
def places() -> tuple[Place, ...]:
    """Every kecamatan, desa and kelurahan, in file order."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["tingkat"] != "kabupaten"]
    return tuple(
        Place(
            code=row["kode"],
            name=row["nama"],
            level=row["tingkat"],  # type: ignore[arg-type]
            kecamatan=row["kecamatan"] or row["nama"],
        )
        for row in rows
    )


def kecamatan_list() -> list[Place]:
    """The 17 kecamatan."""
    return [place for place in places() if place.level == "kecamatan"]


def kecamatan_names() -> list[str]:
    """The 17 kecamatan names, in code order."""
    return [place.name for place in kecamatan_list()]


def desa_of(kecamatan: str) -> list[Place]:
    """The desa and kelurahan of a kecamatan given by name (fuzzy) or code; [] if unknown."""
    found = by_code(kecamatan) or find_kecamatan(kecamatan)
    if found is None or found.level != "kecamatan":
        return []
    return [p for p in places() if p.level != "kecamatan" and p.kecamatan == found.name]


@cache
def _by_digits() -> dict[str, Place]:
    return {place.code.replace(".", ""): place for place in places()}


def by_code(code: str) -> Place | None:
    """A place by Kemendagri code, with or without dots: "18.01.04", "1801042001"."""
    return _by_digits().get(re.sub(r"[\s.]", "", code))


def find_kecamatan(name: str) -> Place | None:
    """A kecamatan by name: exact (ignoring case/spaces, "Kec." prefix) or the closest typo."""
    words = normalise(name).split()
    if words and words[0] in _KEC_HINTS:
        words = words[1:]
    return _closest("".join(words), kecamatan_list())


def find_desa(name: str, kecamatan: str | None = None) -> list[Place]:
    """Desa/kelurahan by name (several kecamatan share names), optionally within one kecamatan."""
    words = normalise(name).split()
    if words and words[0] in _DESA_HINTS:
        words = words[1:]
    pool = desa_of(kecamatan) if kecamatan else [p for p in places() if p.level != "kecamatan"]
    best = _closest("".join(words), pool)
    return [] if best is None else [p for p in pool if p.name == best.name]


def _closest(key: str, pool: list[Place]) -> Place | None:
    if not key:
        return None
    keys = {_key(place.name): place for place in reversed(pool)}
    if key in keys:
        return keys[key]
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=_NAME_CUTOFF)
    return keys[close[0]] if close else None


def find_place(text: str) -> Place | None:
    """The place a free text names, or None when it names none or is ambiguous.

    "Dusun 2 Hajimena, Natar" → Desa Hajimena (Kec. Natar); "Natar" alone → Kec. Natar;
    a desa name shared by several kecamatan needs its kecamatan in the text.
    """
    found = find_places(text)
    return found[0] if len(found) == 1 else None


def find_places(text: str) -> list[Place]:
    """The best candidates the text names; more than one means it is ambiguous."""
    words = normalise(text)[:500].split()
    matches = _exact_matches(words)
    covered = {i for m in matches for i in range(m.start, m.end)}
    matches += _fuzzy_matches(words[:60], covered)
    kecamatan = [m for m in matches if m.place.level == "kecamatan" and m.hint != "desa"]
    desa = [m for m in matches if m.place.level != "kecamatan" and m.hint != "kecamatan"]
    located = [d for d in desa if any(_apart(d, k, same_kec=True) for k in kecamatan)]
    if located:
        return _longest(located)
    hinted = [d for d in desa if d.hint == "desa"]
    if hinted:
        return _longest(hinted)
    if kecamatan:
        return _longest(kecamatan)
    return _longest(desa)


def _apart(desa: _Match, kec: _Match, *, same_kec: bool) -> bool:
    separate = desa.end <= kec.start or kec.end <= desa.start
    return separate and (not same_kec or desa.place.kecamatan == kec.place.name)


def _longest(matches: list[_Match]) -> list[Place]:
    if not matches:
        return []
    size = max(m.end - m.start for m in matches)
    best = [m for m in matches if m.end - m.start == size]
    return list(dict.fromkeys(m.place for m in best))


@cache
def _names_by_words() -> dict[tuple[str, ...], list[Place]]:
    table: dict[tuple[str, ...], list[Place]] = {}
    for place in places():
        words = tuple(normalise(place.name).split())
        for form in {words, ("".join(words),)}:
            table.setdefault(form, []).append(place)
    return table


def _hint(words: list[str], start: int) -> str | None:
    before = words[start - 1] if start > 0 else ""
    if before in _DESA_HINTS:
        return "desa"
    return "kecamatan" if before in _KEC_HINTS else None


def _exact_matches(words: list[str]) -> list[_Match]:
    found: list[_Match] = []
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            for place in _names_by_words().get(tuple(words[start : start + size]), []):
                found.append(_Match(place, start, start + size, _hint(words, start)))
    return [m for m in found if m.hint or normalise(m.place.name) not in COMMON_WORDS]


@cache
def _names_by_length() -> dict[int, list[str]]:
    """Spellings by length: a close match (ratio ≥ 0.88) differs in length by < 28%."""
    table: dict[int, list[str]] = {}
    for form in _names_by_words():
        spelling = " ".join(form)
        if spelling not in COMMON_WORDS:
            table.setdefault(len(spelling), []).append(spelling)
    return table


def _fuzzy_matches(words: list[str], covered: set[int]) -> list[_Match]:
    """Typos ("hajimna") in the words no exact match covers."""
    found: list[_Match] = []
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            chunk = " ".join(words[start : start + size])
            if len(chunk) < 5 or covered.intersection(range(start, start + size)):
                continue
            spread = max(2, len(chunk) * 2 // 7)
            pool = [n for size_ in range(len(chunk) - spread, len(chunk) + spread + 1)
                    for n in _names_by_length().get(size_, [])]
            for close in difflib.get_close_matches(chunk, pool, n=1, cutoff=_TEXT_CUTOFF):
                places_ = _names_by_words()[tuple(close.split())]
                found += [_Match(p, start, start + size, _hint(words, start)) for p in places_]
    return found
