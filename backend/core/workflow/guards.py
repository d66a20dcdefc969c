"""Ports the composition root plugs into the engine: conditions a step's completion must meet.

A guard names why a step may not move forward yet (e.g. its document is not issued), or None.
"""

from __future__ import annotations

from typing import Protocol

from backend.core.catalog.steps import Outcome, Step
from backend.core.models import Case


class CompletionGuard(Protocol):
    """Why ``case`` may not leave ``step`` by ``outcome`` (Indonesian, shown to officers)."""

    def __call__(self, case: Case, step: Step, outcome: Outcome) -> str | None: ...
