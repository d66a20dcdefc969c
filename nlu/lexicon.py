"""The Rasa project's data files read for the local fallback: the same regexes, place names
and service synonyms, so the two engines cannot drift apart."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
WORD = re.compile(r"\w+")
# Synonym files per entity; a phrase in an earlier file wins.
SYNONYM_FILES = {
    "location": ("lookups/location.yml",),
    "service": ("synonyms.yml", "lookups/service.yml"),
}


def phrase_key(text: str) -> str:
    """A phrase as word tokens joined by one space, lower-cased ("Way-Galih" -> "way galih")."""
    return " ".join(WORD.findall(text.lower()))


def _blocks(path: Path, kind: str) -> dict[str, list[str]]:
    """``{name: [example, ...]}`` for every ``- <kind>: name`` block of a Rasa NLU file."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    return {
        str(item[kind]): [line[2:].strip() for line in item["examples"].splitlines() if line]
        for item in items
        if kind in item
    }


@cache
def regexes() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Entity regexes of ``data/regexes.yml`` by entity name."""
    blocks = _blocks(DATA_DIR / "regexes.yml", "regex")
    return {
        name: tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)
        for name, patterns in blocks.items()
    }


def synonym_table(*paths: Path) -> dict[str, str]:
    """Phrase key -> synonym value over these files (the first file naming a phrase wins)."""
    table: dict[str, str] = {}
    for path in paths:
        if path.exists():
            for value, examples in _blocks(path, "synonym").items():
                for example in examples:
                    table.setdefault(phrase_key(example), value)
    return table


@cache
def synonyms(entity: str) -> dict[str, str]:
    """Phrase key -> value (a place name or a service code) for ``location`` or ``service``."""
    return synonym_table(*(DATA_DIR / name for name in SYNONYM_FILES[entity]))


@cache
def longest_phrase(entity: str) -> int:
    """The most words any phrase of this table has."""
    return max(len(key.split()) for key in synonyms(entity))
