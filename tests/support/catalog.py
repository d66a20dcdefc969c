"""Catalogs broken on purpose, for the lint's messages."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from backend.core.catalog.loader import DEFAULT_ROOT


def broken_copy(tmp_path: Path, mutate: Callable[[dict[str, Any]], object]) -> Path:
    """A copy of the catalog with the KIA definition changed by ``mutate``."""
    root = tmp_path / "catalog"
    shutil.copytree(DEFAULT_ROOT / "agencies", root / "agencies")
    (root / "services").mkdir()
    data = yaml.safe_load((DEFAULT_ROOT / "services" / "kia-0-5.yml").read_text())
    mutate(data)
    (root / "services" / "kia-0-5.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return root
