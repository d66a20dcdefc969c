"""DialogEngine on its own: no database, no platform; a fake case office and a fake NLU."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count

import pytest

from backend.core.catalog.loader import Catalog, load_catalog
from backend.core.messages import Channel, InboundMessage
from dialogs.engine import DialogEngine
from dialogs.pbb.synthetic import SyntheticPbbGateway
from dialogs.ports import CaseView, DialogContext, OpenedCase, Reply, Understanding, ViolenceSigns
from dialogs.state import DialogState, Flow, Stage, StoredDocument

COMPLAINT = "pengaduan-masyarakat"
FIRE = "ada kebakaran di pasar"
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


@dataclass
class FakeOffice:
    """Remembers what the engine asked of the case office."""

    opened: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    cases: list[CaseView] = field(default_factory=list)

    def open_case(self, service_code: str, fields: Mapping[str, str],
                  documents: Sequence[StoredDocument]) -> OpenedCase:
        self.opened.append((service_code, dict(fields)))
        return OpenedCase(number="HL-2026-000001", service_name=service_code, expected="3 hari")

    def citizen_cases(self) -> list[CaseView]:
        return self.cases

    def supply(self, number: str, notes: Sequence[str],
               documents: Sequence[StoredDocument]) -> bool:
        return True

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        return True

    def update_case(self, number: str, fields: Mapping[str, str],
                    documents: Sequence[StoredDocument] = ()) -> None:
        return None


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@dataclass
class Chat:
    """One citizen talking to the engine."""

    engine: DialogEngine
    context: DialogContext
    state: DialogState = field(default_factory=DialogState)
    ids: count[int] = field(default_factory=count)

    async def say(self, text: str | None = None, payload: str | None = None) -> list[Reply]:
        message = InboundMessage(channel=Channel.TELEGRAM, platform_id=str(next(self.ids)),
                                 sender="42", text=text, payload=payload)
        return await self.engine.handle(self.state, message, self.context)


def make_chat(catalog: Catalog, understander: FakeUnderstander | None = None,
              office: FakeOffice | None = None) -> Chat:
    context = DialogContext(catalog=catalog, office=office or FakeOffice(),
                            understander=understander or FakeUnderstander(),
                            pbb=SyntheticPbbGateway(), now=NOW, today=date(2026, 12, 2))
    return Chat(DialogEngine(), context)


def texts(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


async def test_menu_word_leaves_any_flow_for_the_main_menu_and_keeps_it(
        catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    await chat.say("Budi Santoso")
    replies = await chat.say("menu")
    assert chat.state.flow is None
    assert "lanjut" in replies[0].text and replies[-1].buttons  # kept; the main menu's choices
    assert chat.state.offered == replies[-1].buttons
    again = await chat.say("lanjut")
    assert chat.state.flow == Flow.INTAKE and chat.state.index == 1
    assert chat.state.answers and "Budi Santoso" in chat.state.answers.values()
    assert again[-1].text.startswith(chat.context.catalog.get(COMPLAINT).fields[1].prompt)


async def test_an_intake_asks_each_field_and_re_asks_an_invalid_answer(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    assert (chat.state.flow, chat.state.stage, chat.state.index) == (Flow.INTAKE, Stage.FIELD, 0)
    await chat.say("Budi Santoso")
    assert chat.state.answers == {"complainant_name": "Budi Santoso"}
    assert chat.state.index == 1
    await chat.say("bukan nomor")
    assert chat.state.index == 1  # asked again
    assert "complainant_phone" not in chat.state.answers


async def test_an_emergency_interrupts_an_intake_and_offers_it_back(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    await chat.say("Budi Santoso")
    await chat.say(FIRE)
    assert chat.state.flow == Flow.EMERGENCY
    assert chat.state.suspended is not None and chat.state.suspended["flow"] == Flow.INTAKE
    for answer in ("Pasar Kalianda", "Budi", "dekat masjid", "ya"):
        await chat.say(answer)
    assert chat.state.flow is None
    assert [b.payload for b in chat.state.offered] == ["resume:yes", "resume:no"]
    await chat.say(payload="resume:yes")
    assert (chat.state.flow, chat.state.index) == (Flow.INTAKE, 1)
    assert chat.state.answers == {"complainant_name": "Budi Santoso"}


async def test_cancel_leaves_the_flow(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    replies = await chat.say("batal")
    assert chat.state.flow is None and chat.state.service is None
    assert "dibatalkan" in texts(replies)


async def test_a_named_service_is_confirmed_before_it_starts(catalog: Catalog) -> None:
    words = "mau lapor pengaduan"
    understander = FakeUnderstander({words: Understanding(
        intent="request_service", confidence=0.95, entities={"service": COMPLAINT})})
    chat = make_chat(catalog, understander)
    await chat.say(words)
    assert (chat.state.flow, chat.state.candidate) == (Flow.CONFIRM_SERVICE, COMPLAINT)
    await chat.say("ya")
    assert (chat.state.flow, chat.state.service) == (Flow.INTAKE, COMPLAINT)


async def test_status_lists_only_what_the_office_returns(catalog: Catalog) -> None:
    office = FakeOffice(cases=[CaseView(number="HL-2026-000007", service_name="KTP",
                                        status="open", step_label="Verifikasi", due_at=None)])
    chat = make_chat(catalog, office=office)
    await chat.say(payload="menu:status")
    assert chat.state.flow == Flow.STATUS
    replies = await chat.say("semua")
    assert chat.state.flow is None
    assert "HL-2026-000007" in texts(replies)


async def test_a_flow_without_its_data_falls_back_to_understanding(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    chat.state = DialogState(flow=Flow.SURVEY)  # no survey_case: the handler lets go
    await chat.say("halo")
    assert chat.state.flow is None
