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
    NIP = "nip"  # civil servant number: 18 digits, birth date, appointment, sex, serial


class Basis(StrEnum):
    """Where a value presented to citizens or officers comes from."""

    SEED = "seed"  # printed in the SOP table (``source``)
    REGULATION = "regulation"  # a national or regional regulation, cited in ``citation``
    ASSUMPTION = "assumption"  # our reading, to be confirmed by the agency


class FieldKind(StrEnum):
    """What a field means beyond its type, where the bot treats it specially."""

    BIRTH_DATE = "birth_date"  # a date of birth: never in the future
    FAMILY_CARD = "family_card"  # a KK number (typed nik): the family-card rules


class RoleKind(StrEnum):
    APPLICANT = "applicant"  # the citizen (Pemohon, Pelapor, Wajib Pajak, Korban, ...)
    OFFICER = "officer"  # a person of the agency (Operator, KABID, Petugas Pemadam, ...)
    SYSTEM = "system"  # the application itself (Aplikasi / Website HALO LAMSEL)
    EXTERNAL = "external"  # another body acting outside the agency (bank, BPKAD, ...)


# The crew's buttons on an incident alert; the steps (and branches) they complete are data.
AlertSignal = Literal["ack", "depart", "arrive", "extra", "done", "return"]


class OutcomeKind(StrEnum):
    NEXT = "next"  # go on to the following step (or to ``step`` when given)
    RETURN = "return"  # return to the applicant for missing items; resume at the same step
    REJECT = "reject"  # end the case as rejected (reason required)
    GOTO = "goto"  # a named branch, e.g. "Ya" / "Tidak", to ``step``
    FINISH = "finish"  # end the case as done (e.g. "laporan diarsipkan")


def _balanced(text: str) -> bool:
    """True when every bracket in ``text`` is closed, in order."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


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
        for choice in self.choices or []:
            if "," in choice or len(choice) > 64 or not _balanced(choice):
                raise ValueError(
                    f"field {self.name!r}: choice {choice!r} must be one button label "
                    "(no comma, balanced brackets, at most 64 characters); a comma inside a "
                    "flow list [a, b] splits the item: reword it"
                )
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
    min: int = Field(default=1, ge=1, le=10, description="Files needed before 'selesai'")
    max: int = Field(default=1, ge=1, le=10, description="Files accepted at most")
    per: Code | None = Field(
        default=None, description="A number field: one file per person it counts (up to max)"
    )
    at_step: str | None = Field(
        default=None, description="An applicant step asking for it later (not in the intake)"
    )

    @model_validator(mode="before")
    @classmethod
    def _count_means_up_to(cls, data: object) -> object:
        """The older ``count: n`` means "up to n" (``max: n``), never "exactly n"."""
        if isinstance(data, dict) and "count" in data:
            data = dict(data)
            if "max" in data:
                raise ValueError("give 'max' (or the older 'count'), not both")
            data["max"] = data.pop("count")
        return data

    @model_validator(mode="after")
    def _min_within_max(self) -> Document:
        if self.min > self.max:
            raise ValueError(f"document {self.code!r}: min {self.min} is above max {self.max}")
        return self

    def wanted(self, per_value: int | None) -> tuple[int, int]:
        """(at least, at most) files for this intake; ``per`` counts people, capped at max."""
        if self.per and per_value:
            exact = max(self.min, min(per_value, self.max))
            return exact, exact
        return self.min, self.max


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


class Outcome(Strict):
    kind: OutcomeKind
    label: str | None = Field(default=None, description="Button text, e.g. 'Ya' or 'Lengkap'")
    step: str | None = Field(default=None, description="Target step id for next/goto")
    output: str | None = Field(default=None, description="What this outcome produces, if not "
                               "the step's output (e.g. a rejection letter)")
    signal: AlertSignal | None = Field(default=None, description="The alert button this branch "
                                       "stands for (damkar: 'extra', more engines)")

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
    signal: AlertSignal | None = Field(default=None, description="The alert button that "
                                       "completes this step (damkar: ack, depart, arrive, ...)")

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


class Eligibility(Strict):
    """Who a service is for, as data: an age band read from a date of birth."""

    age_from_years: int = Field(default=0, ge=0)
    age_below_years: int | None = Field(default=None, ge=1)
    note: str | None = None

    def admits(self, age_years: int) -> bool:
        """True when ``age_years`` (completed years) falls in the band."""
        below = self.age_below_years
        return age_years >= self.age_from_years and (below is None or age_years < below)


class Source(Strict):
    seed: str = Field(pattern=r"^\d{3}_[0-9a-f]+\.txt$")
    title: str = Field(min_length=3)
    line: int | None = None
    agency: Code | None = Field(
        default=None, description="The agency the SOP was written for, when not the one serving it"
    )


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
