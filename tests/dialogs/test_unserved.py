"""A service no SOP covers (KTP-el, SIM, SKCK) is named plainly with where to go, not guessed
among unrelated services; a served one that mentions a KTP is still served."""

from __future__ import annotations

import asyncio

from backend.core.catalog.loader import Catalog
from dialogs.ports import Understanding
from dialogs.unserved import unserved
from tests.support.dialog_engine import FakeUnderstander, make_chat, texts


def test_the_unserved_words_are_whole_words() -> None:
    assert unserved("saya mau tanya soal KTP yang hilang").name.startswith("KTP")
    assert unserved("perpanjang sim c dimana ya").name.startswith("SIM")
    assert unserved("bikin SKCK buat lamaran kerja") is not None
    assert unserved("simpan berkas di kantor") is None  # "sim" inside a word
    assert unserved("akta kelahiran anak saya") is None


def test_a_ktp_question_is_told_where_to_go(catalog: Catalog) -> None:
    asking = Understanding(intent="ask_requirements", confidence=0.8, confident=True)
    text = "saya mau tanya soal KTP yang hilang"
    chat = make_chat(catalog, FakeUnderstander({text: asking}))
    replies = asyncio.run(chat.say(text))
    said = texts(replies)
    assert "belum bisa diajukan lewat Halo Lamsel" in said and "Disdukcapil" in said
    assert "mungkin Anda maksud" not in said  # no guesses among unrelated services
    assert not any(button.payload.startswith("svc:") for r in replies for button in r.buttons)


def test_a_served_request_that_mentions_a_ktp_is_still_served(catalog: Catalog) -> None:
    asking = Understanding(intent="ask_requirements", confidence=0.8, confident=True)
    text = "syarat kartu identitas anak pakai ktp orang tua"
    chat = make_chat(catalog, FakeUnderstander({text: asking}))
    said = texts(asyncio.run(chat.say(text)))
    assert "belum bisa diajukan" not in said


def test_a_lost_ktp_is_not_taken_for_a_lost_family_card(catalog: Catalog) -> None:
    """Tried as a citizen: "ktp saya hilang" was offered the KIA and the lost-KK service, as
    "hilang" is in the KK service's name."""
    unsure = Understanding(intent="nlu_fallback", confidence=0.5, confident=False)
    text = "ktp saya hilang"
    chat = make_chat(catalog, FakeUnderstander({text: unsure}))
    said = texts(asyncio.run(chat.say(text)))
    assert "belum bisa diajukan lewat Halo Lamsel" in said and "Disdukcapil" in said
