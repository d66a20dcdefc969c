"""The service definition schema: one SOP table as validated data (``catalog/services/*.yml``)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.core.catalog.timestd import TimeStandard, TimeStandardError, parse_time_standard

CODE_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=64)]


class Strict(BaseModel):
    """Base for catalog models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    PIKET_24H = "piket_24h"


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    NIK = "nik"
    NOP = "nop"
    PHONE = "phone"
    LOCATION = "location"
    CHOICE = "choice"
    YES_NO = "yes_no"
    EMAIL = "email"


class FieldKind(StrEnum):
    """What a field means beyond its type, where the bot treats it specially."""

    BIRTH_DATE = "birth_date"  # a date of birth: never in the future
    FAMILY_CARD = "family_card"  # a KK number (typed nik): the family-card rules


class RoleKind(StrEnum):
    APPLICANT = "applicant"  # the citizen (Pemohon, Pelapor, Wajib Pajak, Korban, ...)
    OFFICER = "officer"  # a person of the agency (Operator, KABID, Petugas Pemadam, ...)
    SYSTEM = "system"  # the application itself (Aplikasi / Website HALO LAMSEL)
    EXTERNAL = "external"  # another body acting outside the agency (bank, BPKAD, ...)


class OutcomeKind(StrEnum):
    NEXT = "next"  # go on to the following step (or to ``step`` when given)
    RETURN = "return"  # return to the applicant for missing items; resume at the same step
    REJECT = "reject"  # end the case as rejected (reason required)
    GOTO = "goto"  # a named branch, e.g. "Ya" / "Tidak", to ``step``
    FINISH = "finish"  # end the case as done (e.g. "laporan diarsipkan")


class LocalText(Strict):
    """Indonesian text first, English available."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Role(Strict):
    label: str = Field(min_length=1, description="Exactly as the SOP's Pelaksana column names it")
    kind: RoleKind = RoleKind.OFFICER
    reports_to: Code | None = Field(default=None, description="Role notified on SLA breach")


class IntakeField(Strict):
    name: Code
    label: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    type: FieldType = FieldType.TEXT
    required: bool = True
    help: str | None = None
    example: str | None = None
    choices: list[str] | None = None
    kind: FieldKind | None = None
    min: float | None = Field(default=None, description="Smallest number accepted")
    max: float | None = Field(default=None, description="Largest number accepted")
    not_before: date | None = Field(default=None, description="Earliest date accepted")
    not_future: bool = Field(default=False, description="A date that cannot be after today")

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> IntakeField:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError(f"field {self.name!r}: type 'choice' needs 'choices'")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError(f"field {self.name!r}: 'choices' only with type 'choice'")
        return self

    @model_validator(mode="before")
    @classmethod
    def _kind_from_words(cls, data: Any) -> Any:
        """Until every definition names its kinds: a date labelled as a birth date, a nik
        named or labelled as a family card."""
        if not isinstance(data, dict) or data.get("kind"):
            return data
        name, label = str(data.get("name", "")), str(data.get("label", "")).lower()
        field_type = str(data.get("type", FieldType.TEXT))
        if field_type == FieldType.DATE and ("lahir" in label or "birth" in name):
            return {**data, "kind": FieldKind.BIRTH_DATE}
        if field_type == FieldType.NIK and (name.startswith("kk") or "keluarga" in label):
            return {**data, "kind": FieldKind.FAMILY_CARD}
        return data


DOCUMENT_KINDS: tuple[Literal["image", "pdf"], ...] = ("image", "pdf")


class Document(Strict):
    code: Code
    label: str = Field(min_length=1)
    kinds: list[Literal["image", "pdf"]] = Field(default_factory=lambda: list(DOCUMENT_KINDS))
    required: bool = True
    condition: str | None = Field(default=None, description="When a conditional document applies")
    count: int = Field(default=1, ge=1, le=5)


class Outcome(Strict):
    kind: OutcomeKind
    label: str | None = Field(default=None, description="Button text, e.g. 'Ya' or 'Lengkap'")
    step: str | None = Field(default=None, description="Target step id for next/goto")

    @model_validator(mode="after")
    def _goto_needs_step(self) -> Outcome:
        if self.kind is OutcomeKind.GOTO and not self.step:
            raise ValueError("outcome 'goto' needs 'step'")
        if self.kind in (OutcomeKind.RETURN, OutcomeKind.REJECT, OutcomeKind.FINISH) and self.step:
            raise ValueError(f"outcome {self.kind.value!r} takes no 'step'")
        return self


class Step(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    number: str = Field(description="The step number as printed in the SOP")
    actor: Code = Field(description="Key of a role in 'roles'")
    description: str = Field(min_length=1, description="The step as the SOP words it")
    inputs: str | None = Field(default=None, description="Kelengkapan / Persyaratan")
    time: str | None = Field(default=None, description="Waktu, as written in the SOP")
    output: str | None = None
    remarks: str | None = Field(default=None, description="Keterangan")
    outcomes: list[Outcome] = Field(default_factory=lambda: [Outcome(kind=OutcomeKind.NEXT)])

    @field_validator("time")
    @classmethod
    def _time_parses(cls, value: str | None) -> str | None:
        try:
            parse_time_standard(value)
        except TimeStandardError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @property
    def standard(self) -> TimeStandard:
        return parse_time_standard(self.time)


class Source(Strict):
    seed: str = Field(pattern=r"^\d{3}_[0-9a-f]+\.txt$")
    title: str = Field(min_length=3)
    line: int | None = None


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
    fee: str | None = None
    product: str | None = None
    validity: str | None = None
    note: str | None = None

    @field_validator("total_time")
    @classmethod
    def _total_time_parses(cls, value: str | None) -> str | None:
        try:
            parse_time_standard(value)
        except TimeStandardError as exc:
            raise ValueError(str(exc)) from exc
        return value

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
        return self

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
