"""The Rasa training data: the agreed intents and entities, enough examples, plausible PII."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from nlu import lexicon, make_keywords
from nlu.result import ENTITIES, INTENTS

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\]\(([a-z_]+)\)")
MIN_EXAMPLES = 60


def examples() -> list[tuple[str, str]]:
    """(intent, example line as written) over every training file."""
    found = []
    for path in sorted((ROOT / "nlu" / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in item:
                found += [(item["intent"], line[2:]) for line in item["examples"].splitlines()]
    return found


def annotated(entity: str) -> list[str]:
    return [value for _, text in examples() for value, name in ANNOTATION.findall(text)
            if name == entity]


def test_exactly_the_agreed_intents_each_with_enough_examples() -> None:
    counts = Counter(intent for intent, _ in examples())
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= MIN_EXAMPLES, counts


def test_only_the_agreed_entities() -> None:
    names = {name for _, text in examples() for _, name in ANNOTATION.findall(text)}
    assert names == set(ENTITIES)


def test_no_example_under_two_intents() -> None:
    intents_of: dict[str, set[str]] = {}
    for intent, text in examples():
        intents_of.setdefault(ANNOTATION.sub(r"\1", text).lower(), set()).add(intent)
    assert {text: found for text, found in intents_of.items() if len(found) > 1} == {}


def test_niks_are_synthetic_but_plausible() -> None:
    niks = [re.sub(r"\D", "", nik) for nik in annotated("nik")]
    assert niks
    for nik in niks:
        day, month = int(nik[6:8]), int(nik[8:10])
        assert len(nik) == 16 and nik.startswith("1801"), nik
        assert 1 <= day % 40 <= 31 and day in range(1, 72) and 1 <= month <= 12, nik


def test_nops_are_eighteen_digits() -> None:
    assert {len(re.sub(r"\D", "", nop)) for nop in annotated("nop")} == {18}


def test_every_service_synonym_is_a_catalog_code() -> None:
    codes = {path.stem for path in (ROOT / "catalog" / "services").glob("*.yml")}
    assert set(lexicon.synonyms("service").values()) <= codes


def test_keyword_features_match_the_fallback_rules() -> None:
    written = (ROOT / "nlu" / "data" / "keywords.yml").read_text(encoding="utf-8")
    assert written == make_keywords.render(), "run python -m nlu.make_keywords"
