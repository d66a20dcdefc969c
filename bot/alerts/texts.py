"""Officer-facing alert texts (``texts.yml``), Indonesian."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache
def _texts() -> dict[str, str]:
    return yaml.safe_load((Path(__file__).with_name("texts.yml")).read_text(encoding="utf-8"))


def at(key: str, **values: object) -> str:
    """The alert text ``key`` filled with ``values``."""
    template = _texts()[key]
    return template.format(**values) if values else template
