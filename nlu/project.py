"""Where the Rasa project, its virtualenv and its models live, and how Rasa is invoked."""

from __future__ import annotations

import os
from pathlib import Path

NLU_DIR = Path(__file__).resolve().parent
VENV = NLU_DIR / ".venv"
RASA = VENV / "bin" / "rasa"
CONFIG = NLU_DIR / "config.yml"
DATA = NLU_DIR / "data"
MODELS = NLU_DIR / "models"
RESULTS = NLU_DIR / "results"


class RasaMissing(RuntimeError):
    """The Rasa virtualenv or a trained model is not there yet."""


def rasa_command(*args: str) -> list[str]:
    """The ``rasa`` command line of nlu/.venv."""
    if not RASA.exists():
        raise RasaMissing("nlu/.venv is missing: run nlu/setup.sh first")
    return [str(RASA), *args]


def rasa_env() -> dict[str, str]:
    """The environment for Rasa: no telemetry, quiet TensorFlow and SQLAlchemy."""
    return {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def latest_model() -> Path:
    """The newest trained model under nlu/models."""
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise RasaMissing("no model in nlu/models: run `halo nlu train` first")
    return models[-1]
