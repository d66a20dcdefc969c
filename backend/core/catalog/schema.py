"""The service definition schema: one SOP table as validated data (``catalog/services/*.yml``)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from backend.core.catalog.base import Code, Strict
from backend.core.catalog.intake import Document, FieldType, IntakeField
from backend.core.catalog.sources import PROVENANCE_KEYS, Provenance, Source
from backend.core.catalog.steps import Role, RoleKind, Step
from backend.core.catalog.timestd import TimeStandard, checked_time_standard, parse_time_standard


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    PIKET_24H = "piket_24h"


class LocalText(Strict):
    """Indonesian text first, English available."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Eligibility(Strict):
    """Who a service is for, as data: an age band read from a date of birth, in years (KIA
    0-5 and 5-17) or days (a birth certificate within 60 days of the birth, or later)."""

    age_from_years: int = Field(default=0, ge=0)
    age_below_years: int | None = Field(default=None, ge=1)
    age_from_days: int = Field(default=0, ge=0)
    age_below_days: int | None = Field(default=None, ge=1)
    note: str | None = None

    def admits(self, age_years: int) -> bool:
        """True when ``age_years`` (completed years) falls in the band."""
        below = self.age_below_years
        return age_years >= self.age_from_years and (below is None or age_years < below)

    def admits_days(self, age_days: int) -> bool:
        """True when an age of ``age_days`` days falls in the band (years of 365 days: for an
        age said in words; a birth date is judged exactly by ``admits_born``)."""
        return self.admits(age_days // 365) and self._admits_days(age_days)

    def admits_born(self, born: date, today: date) -> bool:
        """True when a child born on ``born`` is in the band ``today`` (completed years)."""
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return self.admits(years) and self._admits_days((today - born).days)

    def _admits_days(self, age_days: int) -> bool:
        below = self.age_below_days
        return age_days >= self.age_from_days and (below is None or age_days < below)


class ServiceDefinition(Strict):
    code: Code
    name: LocalText
    agency: Code
    category: Code
    urgency: Urgency = Urgency.NORMAL
    summary: str | None = Field(default=None, description="One Indonesian sentence for citizens")
    keywords: list[str] = Field(default_factory=list)
    source: Source
    roles: dict[Code, Role]
    fields: list[IntakeField] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    total_time: str | None = None
    total_from: str | None = Field(
        default=None, description="Step id from which total_time counts (default: submission)"
    )
    eligibility: Eligibility | None = None
    fee: str | None = None
    product: str | None = None
    validity: str | None = None
    provenance: dict[str, Provenance] = Field(
        default_factory=dict,
        description="Per value (fee, validity, documents, documents.<code>, ...): its basis",
    )
    rank: int = Field(default=100, ge=1, description="Menu order within the agency (1 first)")
    note: str | None = None

    @field_validator("total_time")
    @classmethod
    def _total_time_parses(cls, value: str | None) -> str | None:
        return checked_time_standard(value)

    @model_validator(mode="after")
    def _references_resolve(self) -> ServiceDefinition:
        step_ids = [s.id for s in self.steps]
        duplicates = {i for i in step_ids if step_ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate step ids: {sorted(duplicates)}")
        for role_key, role in self.roles.items():
            if role.reports_to and role.reports_to not in self.roles:
                raise ValueError(f"role {role_key!r}: reports_to {role.reports_to!r} is no role")
        for step in self.steps:
            if step.actor not in self.roles:
                raise ValueError(f"step {step.id!r}: unknown role {step.actor!r}")
            for outcome in step.outcomes:
                if outcome.step and outcome.step not in step_ids:
                    raise ValueError(
                        f"step {step.id!r}: outcome points to no step {outcome.step!r}"
                    )
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError("duplicate field names")
        codes = [d.code for d in self.documents]
        if len(codes) != len(set(codes)):
            raise ValueError("duplicate document codes")
        if not any(r.kind is RoleKind.APPLICANT for r in self.roles.values()):
            raise ValueError("no role of kind 'applicant'")
        self._check_documents(names)
        self._check_provenance(codes)
        return self

    def _check_documents(self, names: list[str]) -> None:
        numbers = {f.name for f in self.fields if f.type is FieldType.NUMBER}
        steps = {s.id: s for s in self.steps}
        for document in self.documents:
            if document.per and document.per not in numbers:
                raise ValueError(f"document {document.code!r}: per {document.per!r} is no "
                                 "number field")
            step = steps.get(document.at_step or "")
            if document.at_step and (
                    step is None or self.roles[step.actor].kind is not RoleKind.APPLICANT):
                raise ValueError(f"document {document.code!r}: at_step {document.at_step!r} is "
                                 "no applicant step")
        if self.total_from and self.total_from not in steps:
            raise ValueError(f"total_from {self.total_from!r} is no step")

    def intake_documents(self) -> list[Document]:
        """The documents the intake collects (those asked at a later step excluded)."""
        return [d for d in self.documents if d.at_step is None]

    def _check_provenance(self, codes: list[str]) -> None:
        for key in self.provenance:
            head, _, code = key.partition(".")
            if head not in PROVENANCE_KEYS or (code and (head != "documents" or code not in codes)):
                raise ValueError(f"provenance: {key!r} names no value of this service")

    def provenance_of(self, key: str) -> Provenance | None:
        """The provenance of ``key`` (a ``documents.<code>`` falls back to ``documents``)."""
        if key in self.provenance:
            return self.provenance[key]
        head = key.partition(".")[0]
        return self.provenance.get(head) if head != key else None

    def unsourced(self) -> list[str]:
        """Values shown to citizens that have no provenance yet (lint reports them)."""
        present = [k for k in ("fee", "validity") if getattr(self, k)]
        if self.documents:
            present.append("documents")
        return [k for k in present if self.provenance_of(k) is None]

    @property
    def total_standard(self) -> TimeStandard:
        return parse_time_standard(self.total_time)

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step_id(self, step_id: str) -> str | None:
        """The step that follows ``step_id`` in SOP order, or None after the last."""
        ids = [s.id for s in self.steps]
        index = ids.index(step_id)
        return ids[index + 1] if index + 1 < len(ids) else None

    def search_text(self) -> str:
        """Lower-case text used to match a citizen's words to this service."""
        words = [self.name.id, self.name.en, self.code, *self.keywords]
        return re.sub(r"\s+", " ", " ".join(words).lower())


class Agency(Strict):
    code: Code
    name: str = Field(min_length=3)
    short: str = Field(min_length=2)
    external: bool = Field(default=False, description="Not a Lampung Selatan regency body")
    rank: int = Field(default=100, ge=1, description="Menu order (1 first): what citizens use most")
