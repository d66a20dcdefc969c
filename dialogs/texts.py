"""The citizen-facing message catalog (``dialogs/texts/<lang>.yml``), Indonesian first."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
LANGUAGES = ("id", "en")


@lru_cache
def _catalog(language: str) -> dict[str, str]:
    return yaml.safe_load((TEXTS_DIR / f"{language}.yml").read_text(encoding="utf-8"))


def t(key: str, language: str = "id", **values: object) -> str:
    """The text for ``key`` in ``language`` (Indonesian when missing), filled with ``values``."""
    template = _catalog(language if language in LANGUAGES else "id").get(key)
    if template is None:
        template = _catalog("id")[key]
    return template.format(**values) if values else template
