"""What the dialog engine needs from the rest of the system, as small interfaces."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from pydantic import BaseModel, Field

from backend.core.catalog.loader import Catalog
from backend.core.messages import Button
from backend.core.threads import Scope
from dialogs.pbb.gateway import PbbGateway
from dialogs.state import StoredDocument


class Reply(BaseModel):
    """One message back to the citizen."""

    text: str
    buttons: list[Button] = Field(default_factory=list)
    request_location: bool = False


@dataclass(frozen=True)
class Relayed:
    """What the handoff desk did with a message of a chat waiting for or held by a person:
    replies of its own, and whether the bot should answer it too (a PPA report waiting for an
    agent is never left in silence; an emergency is the bot's at once)."""

    replies: list[Reply] = field(default_factory=list)
    bot_turn: bool = False
    scope: Scope | None = None  # the ticket's thread and PPA flag, for a message not answered


@dataclass(frozen=True)
class OpenedCase:
    number: str
    service_name: str
    expected: str


@dataclass(frozen=True)
class CaseView:
    number: str
    service_name: str
    status: str
    step_label: str | None
    due_at: datetime | None


class CaseOffice(Protocol):
    """The citizen's window on cases: open one, list their own, answer a return, rate one."""

    def open_case(self, service_code: str, fields: Mapping[str, str],
                  documents: Sequence[StoredDocument]) -> OpenedCase: ...

    def citizen_cases(self) -> list[CaseView]: ...

    def supply(self, number: str, notes: Sequence[str],
               documents: Sequence[StoredDocument]) -> bool: ...

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool: ...

    def update_case(self, number: str, fields: Mapping[str, str],
                    documents: Sequence[StoredDocument] = ()) -> None:
        """Add what the citizen told or sent since their case opened (a report completed as
        it runs)."""


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    entities: dict[str, str] = field(default_factory=dict)
    confident: bool = True
    ranking: dict[str, float] = field(default_factory=dict)  # every intent Rasa scored

    def score(self, intent: str) -> float:
        """The confidence the NLU gave ``intent`` anywhere in its ranking (0 when unranked)."""
        if intent == self.intent:
            return max(self.confidence, self.ranking.get(intent, 0.0))
        return self.ranking.get(intent, 0.0)


@dataclass(frozen=True)
class ViolenceSigns:
    """What the violence screen saw in a free text."""

    found: bool = False  # signs of violence against a child or a woman: ask discreetly
    unmistakable: bool = False  # a child/woman victim and a harm word: no need to ask


class Understander(Protocol):
    async def understand(self, text: str) -> Understanding: ...

    def urgent_kind(self, text: str) -> str | None:
        """The local rules only (no Rasa, well under a millisecond): ``report_fire``,
        ``report_rescue``, ``report_violence`` or None. Run on every message inside a flow."""

    def violence_signs(self, text: str) -> ViolenceSigns:
        """Signs of violence against a child or a woman in a free text (local rules)."""


@dataclass(frozen=True)
class ContactOutlook:
    """When a person will answer a chat that waits for one (call-center hours, local time)."""

    in_hours: bool = True
    hours: str = "08:00-16:00"


@dataclass
class DialogContext:
    """Everything one turn of the dialog may use."""

    catalog: Catalog
    office: CaseOffice
    understander: Understander
    pbb: PbbGateway
    now: datetime  # in the regency's zone (WIB): times shown to the citizen follow it
    today: date
    sender_name: str | None = None
    media_errors: list[str] = field(default_factory=list)
    outlook: ContactOutlook = field(default_factory=ContactOutlook)
