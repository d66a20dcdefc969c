"""``halo nlu`` commands that need no Rasa: parse through the fallback, the report summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backend.app.cli import app as halo
from backend.core.config import get_settings
from nlu import project, report
from nlu.cli import app

runner = CliRunner()


@pytest.fixture
def rasa_stopped(monkeypatch: pytest.MonkeyPatch, stopped_rasa_url: str) -> Iterator[None]:
    """Settings pointing at a loopback port where no Rasa listens."""
    monkeypatch.setenv("HALO_NLU__URL", stopped_rasa_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def parse_lines(*lines: str) -> list[dict[str, object]]:
    result = runner.invoke(halo, ["nlu", "parse"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.usefixtures("rasa_stopped")
def test_parse_with_rasa_stopped_uses_the_fallback() -> None:
    fire, violence = parse_lines(
        json.dumps({"text": "ada kebakaran di pasar kalianda"}),
        json.dumps({"text": "anak sy dipukuli"}),
    )
    assert fire == {
        "text": "ada kebakaran di pasar kalianda",
        "intent": "report_fire",
        "confidence": 0.95,
        "entities": [
            {"entity": "service", "value": "damkar-kebakaran"},
            {"entity": "location", "value": "Kalianda"},
        ],
        "source": "fallback",
    }
    assert (violence["intent"], violence["source"]) == ("report_violence", "fallback")


@pytest.mark.usefixtures("rasa_stopped")
def test_parse_answers_a_bad_line_with_an_error_and_goes_on() -> None:
    bad, good = parse_lines("not json", "", json.dumps({"text": "menu"}))
    assert "error" in bad
    assert good["intent"] == "menu"


def test_rasa_commands_explain_a_missing_venv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "RASA", Path("/nonexistent/rasa"))
    result = runner.invoke(app, ["train"])
    assert result.exit_code == 1
    assert "nlu/setup.sh" in result.output


def test_report_summary(tmp_path: Path) -> None:
    intents = {
        "report_fire": {"recall": 1.0}, "report_rescue": {"recall": 0.99},
        "report_violence": {"recall": 0.98}, "accuracy": 0.97,
        "macro avg": {"f1-score": 0.9612, "support": 1100},
    }
    diet = {"nik": {"f1-score": 1.0}, "nop": {"f1-score": 1.0}, "year": {"f1-score": 0.9}}
    (tmp_path / "intent_report.json").write_text(json.dumps(intents))
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps(diet))
    summary = report.summarise(tmp_path, folds=5, seconds=600.4)
    assert summary["intent_macro_f1"] == 0.9612
    assert summary["recall"]["report_violence"] == 0.98
    assert summary["entity_f1"] == {"DIETClassifier": {"nik": 1.0, "nop": 1.0}}
    assert "intent macro-F1 0.961" in report.render(summary)
