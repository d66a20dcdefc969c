"""Digressions in the engine alone: the NLU is asked only about a text the prompt cannot take,
yes/no prompts offer their buttons, and each prompt comes back after a digression."""

from __future__ import annotations

from datetime import timedelta

from backend.core.catalog.loader import Catalog
from dialogs.ports import Understanding
from dialogs.state import Flow, Stage
from tests.support.dialog_engine import COMPLAINT, NOW, FakeUnderstander, make_chat, texts


class CountingUnderstander(FakeUnderstander):
    """Counts what reaches the NLU."""

    def __init__(self, intents: dict[str, Understanding] | None = None) -> None:
        super().__init__(intents)
        self.asked: list[str] = []

    async def understand(self, text: str) -> Understanding:
        self.asked.append(text)
        return await super().understand(text)


STATUS = "sampai mana ya permohonan saya"


async def test_the_nlu_hears_only_what_the_prompt_cannot_take(catalog: Catalog) -> None:
    nlu = CountingUnderstander({STATUS: Understanding(intent="check_status", confidence=0.9)})
    chat = make_chat(catalog, nlu)
    await chat.say(payload="start:kia-0-5")
    assert chat.state.flow == Flow.KIA_BIRTH
    await chat.say("12-03-2023")  # the birth date: an answer
    await chat.say("Citra Lestari")  # the name: an answer
    assert nlu.asked == []
    replies = await chat.say(STATUS)  # at the NIK prompt: no NIK, so asked
    assert nlu.asked == [STATUS] and "belum punya" in texts(replies)
    assert "NIK anak" in replies[-1].text and chat.state.index == 2


async def test_an_unclear_answer_to_confirm_a_service_offers_the_buttons(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    chat.state.flow, chat.state.candidate = Flow.CONFIRM_SERVICE, COMPLAINT
    replies = await chat.say("hmm")
    assert "*Ya* atau *Tidak*" in texts(replies) and chat.state.flow == Flow.CONFIRM_SERVICE
    assert [b.payload for b in chat.state.offered] == [f"start:{COMPLAINT}", "menu"]
    assert "Menu utama" in texts(await chat.say("nanti aja"))
    assert chat.state.flow is None


async def test_help_at_the_status_prompt_keeps_it(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload="menu:status")
    replies = await chat.say("bantuan")
    assert "*petugas*" in replies[0].text and "nomor permohonan" in replies[-1].text
    assert chat.state.flow == Flow.STATUS


async def test_a_long_silence_is_welcomed_back_once(catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    chat.context.now = NOW + timedelta(days=1)
    replies = await chat.say("halo")
    assert "Selamat datang kembali" in replies[0].text
    assert (chat.state.flow, chat.state.stage, chat.state.index) == (Flow.INTAKE, Stage.FIELD, 0)
    again = await chat.say("halo")  # the same day now: the field's own answer rules
    assert "Selamat datang kembali" not in texts(again)
