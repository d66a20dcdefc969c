"""A service's SOP steps as data: the roles that act, each step, and the outcomes it offers."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from backend.core.catalog.base import Code, Strict
from backend.core.catalog.timestd import TimeStandard, checked_time_standard, parse_time_standard


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


class Role(Strict):
    label: str = Field(min_length=1, description="Exactly as the SOP's Pelaksana column names it")
    kind: RoleKind = RoleKind.OFFICER
    reports_to: Code | None = Field(default=None, description="Role notified on SLA breach")


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
        return checked_time_standard(value)

    @field_validator("number")
    @classmethod
    def _bare_number(cls, value: str) -> str:
        """"2." as some SOP tables print it is step "2" (labels add their own punctuation:
        the worklist showed "2.. Front Office")."""
        return value.strip().rstrip(".").strip()

    @property
    def standard(self) -> TimeStandard:
        return parse_time_standard(self.time)
