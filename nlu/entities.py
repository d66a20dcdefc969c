"""Entity extraction without Rasa, value normalisation, and deduplication of entity lists."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlu import lexicon
from nlu.result import Entity

# Structured entities in the order they claim text: a NOP before the NIK or year inside it.
STRUCTURED = ("case_number", "nop", "nik", "phone", "year")
NON_DIGIT = re.compile(r"\D")


def normalise(entity: str, value: str) -> str:
    """NIK/NOP as digits only, case numbers as HL-YYYY-NNNNNN, phones as +62..."""
    if entity in ("nik", "nop"):
        return NON_DIGIT.sub("", value)
    if entity == "case_number":
        digits = NON_DIGIT.sub("", value)
        return f"HL-{digits[:4]}-{digits[4:]}"
    if entity == "phone":
        digits = NON_DIGIT.sub("", value)
        return "+62" + (digits[2:] if digits.startswith("62") else digits.lstrip("0"))
    return value


def service_code(value: str) -> str | None:
    """The catalog code a service mention stands for (itself, or the first known service name
    in it), or None if it names none for sure."""
    if value in lexicon.synonyms("service").values():
        return value
    found = _phrases(value, "service")
    return found[0].value if found else None


def dedupe(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Keep one entity per stretch of text: the longest, then the earliest given, in text order.

    Rasa returns a span twice when DIET and the regex extractor both find it; callers list the
    entity they trust more first.
    """
    ranked = sorted(enumerate(entities), key=lambda pair: (-(pair[1].end - pair[1].start), pair[0]))
    kept: list[Entity] = []
    for _, candidate in ranked:
        if not any(candidate.overlaps(other) for other in kept):
            kept.append(candidate)
    return tuple(sorted(kept, key=lambda e: e.start))


def _structured(text: str) -> list[Entity]:
    found: list[Entity] = []
    patterns = lexicon.regexes()
    for name in STRUCTURED:
        for pattern in patterns.get(name, ()):
            for match in pattern.finditer(text):
                entity = Entity(name, normalise(name, match.group()), match.start(), match.end())
                if not any(entity.overlaps(other) for other in found):
                    found.append(entity)
    return found


def _phrases(text: str, entity: str) -> list[Entity]:
    """Known phrases (places, service names), longest match first, on word boundaries."""
    table, longest = lexicon.synonyms(entity), lexicon.longest_phrase(entity)
    words = list(lexicon.WORD.finditer(text))
    found: list[Entity] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(w.group().lower() for w in words[i : i + size])
            if key in table:
                start, end = words[i].start(), words[i + size - 1].end()
                found.append(Entity(entity, table[key], start, end))
                i += size
                break
        else:
            i += 1
    return found


def extract(text: str) -> tuple[Entity, ...]:
    """Every entity the local rules find, normalised and without overlaps."""
    structured = _structured(text)
    return dedupe([*structured, *_phrases(text, "service"), *_phrases(text, "location")])
