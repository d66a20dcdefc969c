"""Where a service definition comes from: the SOP seed it was written from, and the basis of
each value it shows (seed, regulation or assumption)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from backend.core.catalog.base import Code, Strict


class Basis(StrEnum):
    """Where a value presented to citizens or officers comes from."""

    SEED = "seed"  # printed in the SOP table (``source``)
    REGULATION = "regulation"  # a national or regional regulation, cited in ``citation``
    ASSUMPTION = "assumption"  # our reading, to be confirmed by the agency


class Provenance(Strict):
    """Where a value comes from: the seed, a cited regulation, or our assumption."""

    basis: Basis
    citation: str | None = Field(default=None, description="The regulation (article) or seed line")
    note: str | None = None

    @model_validator(mode="after")
    def _regulation_cited(self) -> Provenance:
        if self.basis is Basis.REGULATION and not self.citation:
            raise ValueError("basis 'regulation' needs a 'citation'")
        return self


PROVENANCE_KEYS = ("fee", "validity", "product", "total_time", "documents", "agency")


class Source(Strict):
    seed: str = Field(pattern=r"^\d{3}_[0-9a-f]+\.txt$")
    title: str = Field(min_length=3)
    line: int | None = None
    agency: Code | None = Field(
        default=None, description="The agency the SOP was written for, when not the one serving it"
    )
