"""Who acts on a case: an officer, the citizen, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backend.core.models import Officer

ActorKind = Literal["officer", "citizen", "system"]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: str | None = None
    name: str | None = None
    agency: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of_officer(cls, officer: Officer) -> Actor:
        """The actor for a logged-in officer."""
        return cls(
            kind="officer",
            id=str(officer.id),
            name=officer.full_name,
            agency=officer.agency,
            roles=frozenset(officer.role_names),
        )

    @property
    def label(self) -> str:
        """How the event log names this actor."""
        if self.kind == "officer":
            return f"officer:{self.id}"
        return self.kind


CITIZEN = Actor(kind="citizen", name="Pemohon")
SYSTEM = Actor(kind="system", name="Sistem Halo Lamsel")
