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


PLACE_AS_COMPLAINT = "Kantor Desa Contoh, kec Natar"


async def _at_the_complaint_date(catalog: Catalog, nlu: FakeUnderstander):
    chat = make_chat(catalog, nlu)
    await chat.say(payload=f"start:{COMPLAINT}")
    for answer in ("Budi Santoso", "081234567890", "lewati", "Kepala Desa Contoh",
                   "dimintai uang waktu urus surat pindah", "lewati"):
        await chat.say(answer)
    assert chat.state.answers.get("reported_party") == "Kepala Desa Contoh"
    return chat


async def test_a_complaints_words_at_its_own_prompt_do_not_start_it_again(
        catalog: Catalog) -> None:
    """The NLU reads the place typed at the date prompt as a complaint: it is no new request
    (the complaint put aside and started afresh), but a date the prompt cannot read."""
    nlu = FakeUnderstander({PLACE_AS_COMPLAINT: Understanding(intent="complaint",
                                                              confidence=0.9)})
    chat = await _at_the_complaint_date(catalog, nlu)
    index = chat.state.index
    replies = await chat.say(PLACE_AS_COMPLAINT)
    assert "Tanggal tidak terbaca" in texts(replies) and "lanjut" not in texts(replies)
    assert chat.state.service == COMPLAINT and chat.state.index == index
    assert chat.state.suspended is None


async def test_another_service_asked_in_a_complaint_is_still_a_new_request(
        catalog: Catalog) -> None:
    wanted = "saya juga mau bikin kia anak"
    nlu = FakeUnderstander({wanted: Understanding(intent="request_kia", confidence=0.9)})
    chat = await _at_the_complaint_date(catalog, nlu)
    replies = await chat.say(wanted)
    assert "lanjut" in texts(replies) and chat.state.suspended is not None


async def test_a_form_kept_for_later_survives_the_kia_asked_meanwhile(catalog: Catalog) -> None:
    """"Kept: type lanjut" holds whatever comes between: the KIA asked for and cancelled."""
    wanted = "saya juga mau bikin kia anak"
    nlu = FakeUnderstander({wanted: Understanding(intent="request_kia", confidence=0.9)})
    chat = await _at_the_complaint_date(catalog, nlu)
    await chat.say(wanted)
    cancelled = await chat.say("batal")
    assert cancelled[-1].buttons[0].payload == "resume:yes"
    resumed = await chat.say("lanjut")
    assert "Kapan kejadiannya" in resumed[-1].text and chat.state.service == COMPLAINT
    assert chat.state.answers["reported_party"] == "Kepala Desa Contoh"


async def test_a_form_kept_for_later_survives_a_pbb_check(catalog: Catalog) -> None:
    wanted = "cek tagihan pbb dulu"
    nlu = FakeUnderstander({wanted: Understanding(intent="check_pbb", confidence=0.9)})
    chat = await _at_the_complaint_date(catalog, nlu)
    assert "NOP" in texts(await chat.say(wanted))
    assert "Tagihan PBB" in texts(await chat.say("18.01.010.001.001-0001.0"))
    resumed = await chat.say("lanjut")
    assert "Kapan kejadiannya" in resumed[-1].text and chat.state.service == COMPLAINT
