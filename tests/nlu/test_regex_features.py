"""nlu/regex_features.py: Rasa's regex features, each distinct pattern searched once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from nlu import project

CHECK = Path(__file__).with_name("regex_features_check.py")


@pytest.fixture(scope="module")
def check() -> dict[str, Any]:
    if not project.RASA.exists():
        pytest.skip("nlu/.venv is missing: run nlu/setup.sh (CI does)")
    python = project.VENV / "bin" / "python"
    done = subprocess.run(  # noqa: S603
        [str(python), str(CHECK)], cwd=project.NLU_DIR, env=project.rasa_env(),
        capture_output=True, text=True, timeout=600, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_features_are_rasas_column_for_column(check: dict[str, Any]) -> None:
    assert check["compared"] > 3000
    assert check["differ"] == []
    assert check["violence_hits"] >= 8  # the emphasised copies all fire


def test_two_featurizers_search_each_distinct_pattern_once(check: dict[str, Any]) -> None:
    columns, distinct = check["columns"], check["distinct"]
    assert distinct < columns  # the keyword rules are listed more than once
    assert check["searches"] == distinct
    assert check["reused"] == 2 * columns - distinct


def test_the_pipeline_uses_it_for_both_featurizers() -> None:
    names = [line.split("name:")[1].strip() for line in project.CONFIG.read_text().splitlines()
             if "- name:" in line]
    assert names.count("regex_features.SharedRegexFeaturizer") == 2
    assert "RegexFeaturizer" not in names
