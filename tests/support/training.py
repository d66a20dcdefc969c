"""The Rasa training data's examples, as plain (text, intent) pairs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[2] / "nlu" / "data" / "nlu"
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")


def training_examples() -> list[tuple[str, str]]:
    """(text without annotations, intent) for every example of the Rasa training data."""
    examples = []
    for path in sorted(DATA.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in item.get("examples", "").splitlines() if "intent" in item else ():
                examples.append((ANNOTATION.sub(r"\1", line.strip()[2:]), item["intent"]))
    return examples
