"""The headline figures of a cross-validation run, read from Rasa's reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nlu.result import EMERGENCIES

EXTRACTORS = ("DIETClassifier", "RegexEntityExtractor")
KEY_ENTITIES = ("nik", "nop")
SUMMARY_FILE = "summary.json"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def summarise(results: Path, *, folds: int, seconds: float) -> dict[str, Any]:
    """Intent macro-F1, emergency recall and NIK/NOP F1 per extractor."""
    intents = _load(results / "intent_report.json")
    macro = intents.get("macro avg", {})
    entity_f1 = {
        extractor: {
            name: round(report[name]["f1-score"], 4) for name in KEY_ENTITIES if name in report
        }
        for extractor in EXTRACTORS
        if (report := _load(results / f"{extractor}_report.json"))
    }
    return {
        "command": f"halo nlu evaluate --folds {folds}",
        "folds": folds,
        "seconds": round(seconds),
        "examples": macro.get("support"),
        "intent_accuracy": round(intents.get("accuracy", 0.0), 4),
        "intent_macro_f1": round(macro.get("f1-score", 0.0), 4),
        "recall": {
            name: round(intents.get(name, {}).get("recall", 0.0), 4) for name in sorted(EMERGENCIES)
        },
        "entity_f1": entity_f1,
    }


def write(summary: dict[str, Any], results: Path) -> None:
    (results / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def render(summary: dict[str, Any]) -> str:
    """A few readable lines for the terminal."""
    lines = [
        f"{summary['folds']}-fold cross-validation, {summary['examples']} examples, "
        f"{summary['seconds']} s",
        f"intent macro-F1 {summary['intent_macro_f1']:.3f}, "
        f"accuracy {summary['intent_accuracy']:.3f}",
        *(f"recall {name}: {value:.3f}" for name, value in summary["recall"].items()),
        *(
            f"{extractor} F1 " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items())
            for extractor, scores in summary["entity_f1"].items()
        ),
    ]
    return "\n".join(lines)
