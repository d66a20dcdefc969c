"""What the dialog engine needs from the rest of the system, as small interfaces."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from pydantic import BaseModel, Field

from backend.catalog.loader import Catalog
from bot.messages import Button
from dialogs.pbb.gateway import PbbGateway
from dialogs.state import StoredDocument


class Reply(BaseModel):
    """One message back to the citizen."""

    text: str
    buttons: list[Button] = Field(default_factory=list)
    request_location: bool = False


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


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    entities: dict[str, str] = field(default_factory=dict)
    confident: bool = True


class Understander(Protocol):
    async def understand(self, text: str) -> Understanding: ...


@dataclass
class DialogContext:
    """Everything one turn of the dialog may use."""

    catalog: Catalog
    office: CaseOffice
    understander: Understander
    pbb: PbbGateway
    now: datetime
    today: date
    sender_name: str | None = None
    media_errors: list[str] = field(default_factory=list)
