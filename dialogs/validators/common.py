"""What every validator shares: the result, the polite failure and its texts, today in WIB."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

MESSAGES_FILE = Path(__file__).parent.parent / "data" / "validation.yml"
JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True, slots=True)
class Valid:
    value: str  # normalised machine form, stored in the case
    display: str  # how the bot echoes it back


class Invalid(ValueError):
    """An answer that cannot be used: ``reason`` (Indonesian) and a synthetic ``example``."""

    def __init__(self, reason: str, example: str = "", *, code: str = "",
                 reason_en: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.example = example
        self.code = code
        self.reason_en = reason_en

    def text(self, lang: str = "id") -> str:
        """The reason in ``lang`` ("id" or "en")."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


@cache
def _messages() -> dict[str, dict[str, str]]:
    return yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))


def _fail(key: str, example: str, **params: object) -> Invalid:
    entry = _messages()[key]
    return Invalid(entry["id"].format(**params), example, code=key,
                   reason_en=entry["en"].format(**params))


def jakarta_today() -> date:
    """Today's date in Lampung (WIB)."""
    return datetime.now(JAKARTA).date()


def _clean(text: str) -> str:
    """NFKC (full-width digits become ASCII), no control characters, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C").strip()
