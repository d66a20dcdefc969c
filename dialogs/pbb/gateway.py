"""The one capability the dialogs need from the regency's PBB system."""

from __future__ import annotations

from typing import Protocol

from dialogs.pbb.models import PbbObject


class PbbUnavailable(Exception):
    """The PBB system cannot answer now (timeout, error, nonsense); the citizen may retry."""


class PbbGateway(Protocol):
    async def lookup(self, nop: str, year: int | None = None) -> PbbObject | None:
        """The object with its bills (only ``year``'s when given), None for an unknown NOP.

        ``nop`` is 18 digits (punctuation tolerated). Raises ``PbbUnavailable``.
        """
        ...
