"""The dialog engine on its own: a fake NLU, a fake case office, one citizen's chat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count

from backend.core.catalog.loader import Catalog
from backend.core.messages import Channel, InboundMessage, MediaRef
from dialogs.engine import DialogEngine
from dialogs.pbb.synthetic import SyntheticPbbGateway
from dialogs.ports import CaseView, DialogContext, OpenedCase, Reply, Understanding, ViolenceSigns
from dialogs.state import DialogState, StoredDocument

COMPLAINT = "pengaduan-masyarakat"
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


class FakeUnderstander:
    """Intents by keyword; emergencies by the words a citizen would type."""

    def __init__(self, intents: Mapping[str, Understanding] | None = None) -> None:
        self.intents = dict(intents or {})

    async def understand(self, text: str) -> Understanding:
        return self.intents.get(text, Understanding(intent="out_of_scope", confidence=0.2,
                                                    confident=False))

    def urgent_kind(self, text: str) -> str | None:
        return "report_fire" if "kebakaran" in text else None

    def violence_signs(self, text: str) -> ViolenceSigns:
        return ViolenceSigns()


class ScreeningUnderstander(FakeUnderstander):
    """Fixed understandings, and the violence screen's signs for chosen texts."""

    def __init__(self, intents: Mapping[str, Understanding] | None = None,
                 signs: Mapping[str, ViolenceSigns] | None = None) -> None:
        super().__init__(intents)
        self.signs = dict(signs or {})

    def violence_signs(self, text: str) -> ViolenceSigns:
        return self.signs.get(text, ViolenceSigns())


@dataclass
class FakeOffice:
    """Remembers what the engine asked of the case office."""

    opened: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    cases: list[CaseView] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # storage keys by service
    supplied: list[tuple[list[str], list[str]]] = field(default_factory=list)  # notes, keys

    def open_case(self, service_code: str, fields: Mapping[str, str],
                  documents: Sequence[StoredDocument]) -> OpenedCase:
        self.opened.append((service_code, dict(fields)))
        self.evidence.setdefault(service_code, []).extend(d.storage_key for d in documents)
        return OpenedCase(number="HL-2026-000001", service_name=service_code, expected="3 hari")

    def citizen_cases(self) -> list[CaseView]:
        return self.cases

    def supply(self, number: str, notes: Sequence[str],
               documents: Sequence[StoredDocument]) -> bool:
        self.supplied.append((list(notes), [d.storage_key for d in documents]))
        return True

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        return True

    def update_case(self, number: str, fields: Mapping[str, str],
                    documents: Sequence[StoredDocument] = ()) -> None:
        return None


@dataclass
class Chat:
    """One citizen talking to the engine."""

    engine: DialogEngine
    context: DialogContext
    state: DialogState = field(default_factory=DialogState)
    ids: count[int] = field(default_factory=count)

    async def say(self, text: str | None = None, payload: str | None = None,
                  media: Sequence[MediaRef] = ()) -> list[Reply]:
        message = InboundMessage(channel=Channel.TELEGRAM, platform_id=str(next(self.ids)),
                                 sender="42", text=text, payload=payload, media=list(media))
        return await self.engine.handle(self.state, message, self.context)


def photo(key: str) -> MediaRef:
    """A photo already downloaded and stored under ``key``."""
    return MediaRef(platform_ref=f"file-{key}", sha256=key.ljust(64, "0"), mime="image/jpeg",
                    size=2048, storage_key=key)


def make_chat(catalog: Catalog, understander: FakeUnderstander | None = None,
              office: FakeOffice | None = None) -> Chat:
    context = DialogContext(catalog=catalog, office=office or FakeOffice(),
                            understander=understander or FakeUnderstander(),
                            pbb=SyntheticPbbGateway(), now=NOW, today=date(2026, 12, 2))
    return Chat(DialogEngine(), context)


def texts(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)
