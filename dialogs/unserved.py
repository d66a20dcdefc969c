"""Services citizens ask for that Halo Lamsel does not serve (no SOP in the catalog): named
plainly with where to go, instead of a guess among unrelated services (dialogs/data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "unserved.yml"


@dataclass(frozen=True)
class Unserved:
    name: str
    where: str
    pattern: re.Pattern[str]


@cache
def _unserved() -> tuple[Unserved, ...]:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(Unserved(name=entry["name"], where=entry["where"], pattern=re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in entry["words"]) + r")(?![\w-])"))
        for entry in entries)


def unserved(text: str) -> Unserved | None:
    """The unserved service ``text`` names, if any."""
    lowered = text.lower()
    return next((entry for entry in _unserved() if entry.pattern.search(lowered)), None)
