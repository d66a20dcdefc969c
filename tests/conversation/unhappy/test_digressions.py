"""Digressions at each kind of prompt, on Telegram and WhatsApp: the request is answered, the
same prompt asked again, and nothing the citizen asked is stored as an answer."""

from __future__ import annotations

from sqlalchemy import select

from backend.core.models import Conversation
from dialogs.pbb.synthetic import SyntheticPbbGateway
from tests.support.talk import Talk

KIA_NAME = "nama lengkap anak"
KK_PROMPT = "nomor Kartu Keluarga"


def at_kia_name(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023")
    assert talk.state().answers.get("child_birth_date") == "2023-03-12"


def at_kia_documents(talk: Talk) -> None:
    at_kia_name(talk)
    talk.say("Citra Lestari", "lewati", "1801041203230007", "Sari Lestari", "081234567890")
    talk.press("choice:2")
    assert talk.state().stage == "document"


def start_complaint(talk: Talk) -> None:
    """A complaint up to its summary (by the menu's buttons, typed numbers on WhatsApp)."""
    talk.say("menu")
    talk.press("menu:complaint")
    talk.say("Budi Santoso", "081234567890", "lewati", "Dinas Pasar",
             "pungutan liar di pasar Kalianda setiap pagi", "lewati", "lewati")
    talk.press("no")
    talk.say("lewati")  # no evidence


def test_a_requirements_question_at_the_name_prompt_is_answered_not_stored(talk: Talk) -> None:
    at_kia_name(talk)
    replies = talk.say("persyaratannya apa saja?")
    assert any("Akta kelahiran anak" in r and "Kartu Keluarga" in r for r in replies), replies
    assert KIA_NAME in replies[-1].lower()  # the same prompt again
    assert "child_name" not in talk.state().answers
    assert "NIK anak" in talk.say("Citra Lestari")[-1]
    assert talk.state().answers["child_name"] == "Citra Lestari"


def test_time_and_fee_questions_at_a_typed_prompt_keep_the_place(talk: Talk) -> None:
    at_kia_name(talk)
    talk.say("Citra Lestari", "lewati")
    index = talk.state().index
    time = talk.say("berapa hari prosesnya?")
    assert any("1 jam 40 menit" in r for r in time) and KK_PROMPT in time[-1], time
    fee = talk.say("bayar nggak?")
    assert any("Gratis" in r for r in fee) and KK_PROMPT in fee[-1], fee
    assert talk.state().index == index and "kk_number" not in talk.state().answers
    assert not any("16 digit" in r and "Mohon" in r for r in time + fee)  # no invalid-NIK scold


def test_cek_status_at_a_document_prompt_then_the_upload_goes_on(talk: Talk) -> None:
    at_kia_documents(talk)
    replies = talk.say("cek status")
    assert any("belum punya permohonan" in r for r in replies), replies
    assert "Kirim foto atau PDF" in replies[-1] and "Akta kelahiran" in replies[-1]
    assert talk.state().stage == "document"
    assert "diterima" in talk.photo(3)[0]


def test_a_case_number_at_the_summary_is_a_status_question(talk: Talk) -> None:
    start_complaint(talk)
    assert talk.state().stage == "summary"
    replies = talk.say("HL-2026-000999")
    assert any("HL-2026-000999 tidak ditemukan" in r for r in replies), replies
    assert "Mohon periksa data Anda" in replies[-1]
    assert talk.state().stage == "summary" and not talk.cases()


def test_asking_for_a_person_mid_intake_queues_the_chat_and_keeps_the_form(talk: Talk) -> None:
    at_kia_name(talk)
    talk.say("Citra Lestari")
    replies = talk.say("mau bicara dengan petugas")
    assert any("tetap tersimpan" in r for r in replies), replies
    with talk.client.app.state.sessions() as session:
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == talk.sender))
        assert conversation is not None and conversation.mode == "queued"
    state = talk.state()
    assert state.flow == "intake" and state.answers["child_name"] == "Citra Lestari"


def test_menu_mid_intake_keeps_it_and_lanjut_brings_it_back(talk: Talk) -> None:
    at_kia_name(talk)
    talk.say("Citra Lestari")
    replies = talk.say("menu")
    assert any("lanjut" in r for r in replies) and "Menu utama" in replies[-1], replies
    assert talk.state().flow is None
    again = talk.say("lanjut")
    assert "NIK anak" in again[-1], again
    assert talk.state().answers["child_name"] == "Citra Lestari"


def test_help_at_a_choice_prompt_then_the_choice_again(talk: Talk) -> None:
    at_kia_name(talk)
    talk.say("Citra Lestari", "lewati", "1801041203230007", "Sari Lestari", "081234567890")
    replies = talk.say("bantuan")
    assert any("*kembali*" in r and "*petugas*" in r for r in replies), replies
    assert "diterima dengan cara apa" in replies[-1]
    assert "choice:2" in [b.payload for b in talk.state().offered]  # the buttons come again
    talk.press("choice:2")
    assert talk.state().answers["delivery"].startswith("Ambil di MPP")


def test_a_language_switch_mid_intake_keeps_the_answers(talk: Talk) -> None:
    at_kia_name(talk)
    replies = talk.say("english")
    assert any("English" in r for r in replies) and KIA_NAME in replies[-1].lower(), replies
    state = talk.state()
    assert state.language == "en" and state.flow == "intake"
    assert state.answers["child_birth_date"] == "2023-03-12"


def test_gak_jadi_at_a_date_prompt_cancels(talk: Talk) -> None:
    talk.say("mau bikin KIA")
    replies = talk.say("gak jadi")
    assert any("dibatalkan" in r for r in replies), replies
    assert talk.state().flow is None


def test_cek_status_at_the_pbb_prompt_then_the_bill(talk: Talk) -> None:
    talk.say("cek tagihan pbb")
    assert talk.state().flow == "pbb"
    replies = talk.say("cek status")
    assert any("belum punya permohonan" in r for r in replies) and "NOP" in replies[-1]
    assert talk.state().flow == "pbb"
    bill = talk.say(SyntheticPbbGateway().nops()[0])
    assert any("Rp" in r for r in bill), bill


def test_a_question_at_the_kia_birth_prompt_is_answered(talk: Talk) -> None:
    talk.say("mau bikin KIA")
    replies = talk.say("syaratnya apa aja?")
    assert any("Akta kelahiran anak" in r for r in replies), replies
    assert "tanggal lahir anak" in replies[-1] and talk.state().flow == "kia_birth"


def test_a_request_at_the_name_prompt_is_not_a_name(talk: Talk) -> None:
    at_kia_name(talk)
    replies = talk.say("mau urus akta kelahiran juga")
    assert "child_name" not in (talk.state().suspended or {}).get("answers", {}), replies
    assert not any("NIK anak" in r for r in replies)  # the form did not move on
    assert any("lanjut" in r for r in replies)  # the KIA form is kept for later


def test_a_greeting_at_the_name_prompt_is_not_a_name(talk: Talk) -> None:
    at_kia_name(talk)
    replies = talk.say("halo kak")
    assert "child_name" not in talk.state().answers
    assert replies[0].startswith("Halo") and KIA_NAME in replies[-1].lower(), replies
