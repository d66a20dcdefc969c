"""The never-trained PPA messages and their scoring (``halo nlu heldout``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlu import heldout, project
from nlu.cli import app
from nlu.result import INTENTS
from tests.support.training import training_examples

MIN_MESSAGES = 60


def heldout_files() -> list[Path]:
    return sorted(heldout.HELDOUT_DIR.glob("*.yml"))


def test_heldout_files_are_outside_the_training_data() -> None:
    assert heldout_files()
    for path in heldout_files():
        assert project.DATA not in path.parents


@pytest.mark.parametrize("path", heldout_files(), ids=lambda path: path.stem)
def test_heldout_file_is_big_enough_labelled_and_never_trained(path: Path) -> None:
    messages = heldout.load(path)
    assert len(messages) >= MIN_MESSAGES
    assert {m.intent for m in messages} <= set(INTENTS)
    violent = sum(m.intent == heldout.TARGET for m in messages)
    assert 0 < violent < len(messages)  # reports and near-misses
    trained = {text.lower() for text, _ in training_examples()}
    assert [m.text for m in messages if m.text.lower() in trained] == []
    assert len({m.text.lower() for m in messages}) == len(messages)


def test_score_counts_misses_and_false_alarms() -> None:
    score = heldout.Score("x")
    score.add("hit", expected=True, predicted=True)
    score.add("miss", expected=True, predicted=False)
    score.add("alarm", expected=False, predicted=True)
    score.add("quiet", expected=False, predicted=False)
    assert (score.recall, score.precision) == (0.5, 0.5)
    assert (score.missed, score.false_alarms) == (["miss"], ["alarm"])


async def test_local_readers_score_the_fallback_and_the_screen() -> None:
    messages = [
        heldout.Labelled("anak tetangga dicubitin sampai biru", "report_violence"),
        heldout.Labelled("sekolah narik uang buku padahal gratis", "complaint"),
    ]
    scores = {s.reader: s for s in await heldout.score(messages, heldout.local_readers())}
    assert set(scores) == {"fallback", "screen found", "screen unmistakable"}
    assert all((s.recall, s.precision) == (1.0, 1.0) for s in scores.values())


def test_cli_heldout_local_writes_the_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labelled = tmp_path / "few.yml"
    labelled.write_text(
        'version: "3.1"\nnlu:\n- intent: report_violence\n  examples: |\n'
        "    - ponakan sy dijual ke om om\n- intent: complaint\n  examples: |\n"
        "    - jalan rusak\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(project, "RESULTS", tmp_path)
    result = CliRunner().invoke(app, ["heldout", str(labelled), "--local"])
    assert result.exit_code == 0, result.output
    assert "fallback             recall 1.000 (1/1)" in result.output
    written = json.loads((tmp_path / "heldout.json").read_text())
    assert written["files"]["few"][0]["reader"] == "fallback"


def test_cli_heldout_explains_a_stopped_rasa(stopped_rasa_url: str) -> None:
    result = CliRunner().invoke(app, ["heldout", "--url", stopped_rasa_url])
    assert result.exit_code == 1
    assert "--local" in result.output


def test_rasa_and_client_are_scored(rasa_url: str) -> None:
    messages = [
        heldout.Labelled("anak sy dipukuli", "report_violence"),
        heldout.Labelled("menu", "menu"),
    ]
    scores = {s.reader: s for s in heldout.run(messages, rasa_url, timeout_ms=10_000)}
    assert {"rasa", "client"} <= set(scores)
    assert scores["client"].recall == 1.0
