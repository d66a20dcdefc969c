"""DialogEngine on its own: no database, no platform; a fake case office and a fake NLU."""

from __future__ import annotations

import pytest

from backend.core.catalog.loader import Catalog, load_catalog
from dialogs.emergency import duplicate_question
from dialogs.ports import CaseView, Understanding
from dialogs.state import DialogState, Flow, Stage
from tests.support.dialog_engine import COMPLAINT, FakeOffice, FakeUnderstander, make_chat, texts

FIRE = "ada kebakaran di pasar"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


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


async def test_a_refusal_is_never_stored_as_a_required_name(catalog: Catalog) -> None:
    """"tidak" to a name question without an anonymous option is asked again, not a name."""
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    replies = await chat.say("tidak mau")
    assert chat.state.index == 0 and "complainant_name" not in chat.state.answers
    assert "kami perlukan" in replies[0].text and "batal" in replies[0].text
    await chat.say("Budi Santoso")
    assert chat.state.answers == {"complainant_name": "Budi Santoso"}


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


async def test_cancelling_an_emergency_report_says_the_crew_still_comes(
        catalog: Catalog) -> None:
    """"batal" while the bot asks about a fire: the alert is already out, so the citizen is
    told it stands (and how to call it off), and the flow the fire interrupted is offered."""
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    await chat.say("Budi Santoso")
    await chat.say(FIRE)
    assert chat.state.flow == Flow.EMERGENCY
    replies = await chat.say("batal")
    assert chat.state.flow is None
    assert "TETAP sampai ke petugas piket damkar" in texts(replies)
    assert "dibatalkan" not in texts(replies)
    assert [b.payload for b in chat.state.offered] == ["resume:yes", "resume:no"]
    await chat.say(payload="resume:yes")
    assert chat.state.flow == Flow.INTAKE
    assert chat.state.answers == {"complainant_name": "Budi Santoso"}


async def test_a_reply_to_the_same_incident_question_is_never_the_reporters_name(
        catalog: Catalog) -> None:
    """Seen in a trial: "bukan, kebakaran baru" became the reporter's name on the damkar
    board. The mark after "Bukan" takes one repeated no; the next message was stored as the
    name, whatever it said. A sentence at a name question is refused and the question asked
    again."""
    chat = make_chat(catalog)
    await chat.say(payload="start:damkar-kebakaran")
    await chat.say("Pasar Kalianda")  # the place: on to "Siapa nama Anda?"
    duplicate_question(chat.state, "pasar", 3)  # the alert desk found an open incident nearby
    await chat.say(payload="no")
    await chat.say("tidak")  # repeats the answer: the name is asked again
    replies = await chat.say("bukan, kebakaran baru")
    assert "reporter_name" not in chat.state.answers
    assert "Contoh: Siti Aminah" in replies[0].text and replies[-1].text == "Siapa nama Anda?"
    await chat.say("nama saya Rahmat Hidayat")
    assert chat.state.answers["reporter_name"] == "Rahmat Hidayat"


async def test_a_declined_name_in_an_emergency_is_skipped_not_asked_again(
        catalog: Catalog) -> None:
    """A refusal is no name, and a report never stalls on it: the next question."""
    chat = make_chat(catalog)
    await chat.say(payload="start:damkar-kebakaran")
    await chat.say("Pasar Kalianda")
    replies = await chat.say("tidak mau sebut nama")
    assert chat.state.answers["reporter_name"] == "" and "patokan" in replies[-1].text


@pytest.mark.parametrize("answer", ["iya, untuk anak saya", "sudah saya kirim", "Putri 2"])
async def test_a_reply_or_a_sentence_is_never_a_childs_name(catalog: Catalog,
                                                              answer: str) -> None:
    """A reply, a sentence or digits at the KIA's "Siapa nama lengkap anak?": refused with an
    example, the question asked again."""
    chat = make_chat(catalog)
    await chat.say(payload="start:kia-0-5")
    await chat.say("12-03-2023")
    replies = await chat.say(answer)
    assert "child_name" not in chat.state.answers and "Contoh" in replies[0].text
    assert replies[-1].text.startswith("Siapa nama lengkap anak")
    await chat.say("Siti Nur'aini")
    assert chat.state.answers["child_name"] == "Siti Nur'aini"


async def test_a_skipped_required_location_says_how_to_answer_without_a_pin(
        catalog: Catalog) -> None:
    chat = make_chat(catalog)
    await chat.say(payload="start:sedot-tinja")
    for answer in ("Darmawan Saputra", "0812 3456 7890", "Jl. Melati RT 02, Way Urang"):
        await chat.say(answer)
    assert catalog.get("sedot-tinja").fields[chat.state.index].name == "service_location"
    replies = await chat.say("lewati")
    assert "wajib" in replies[0].text and "ketik alamatnya" in replies[0].text
    assert replies[-1].request_location
    await chat.say("Desa Way Urang, Kecamatan Kalianda, depan masjid")
    assert chat.state.answers["service_location"]


@pytest.mark.parametrize(("text", "service"), [
    ("air pdam di rumah saya mati sudah 3 hari", "pengaduan-pelanggan-pdam"),
    ("pelayanan puskesmas lambat sekali", "pengaduan-kesehatan"),
    ("ada pedagang liar di trotoar depan sekolah", "pengaduan-satpol-pp"),
])
async def test_a_complaint_goes_to_the_complaint_channel_its_words_name(
        catalog: Catalog, text: str, service: str) -> None:
    """Tried as a citizen: "air pdam ... mati" was offered the PDAM's name-change service."""
    complaint = Understanding(intent="complaint", confidence=0.98)
    chat = make_chat(catalog, FakeUnderstander({text: complaint}))
    await chat.say(text)
    assert chat.state.flow == Flow.CONFIRM_SERVICE and chat.state.candidate == service


async def test_a_complaint_naming_no_channel_goes_to_the_general_complaint(
        catalog: Catalog) -> None:
    text = "saya mau mengadu soal jalan desa yang rusak"
    chat = make_chat(catalog, FakeUnderstander({text: Understanding("complaint", 0.9)}))
    await chat.say(text)
    assert chat.state.flow == Flow.INTAKE and chat.state.service == COMPLAINT


async def test_a_new_request_typed_at_the_status_question_is_served(catalog: Catalog) -> None:
    """Tried as a citizen: "surat pindah ..." after "Cek status" got "no case on this number"."""
    moving = "surat pindah ke bandar lampung"
    asking = "status kia anak saya"
    chat = make_chat(catalog, FakeUnderstander({
        moving: Understanding("request_service", 0.95, {"service": "mutasi-pindah"}),
        asking: Understanding("check_status", 0.9)}))
    await chat.say(payload="menu:status")
    await chat.say(moving)
    assert chat.state.flow == Flow.CONFIRM_SERVICE and chat.state.candidate == "mutasi-pindah"
    await chat.say(payload="menu:status")
    replies = await chat.say(asking)
    assert chat.state.flow is None and "belum punya permohonan" in replies[0].text


@pytest.mark.parametrize("confirm", [{"text": "ya"}, {"payload": "start:pengaduan-pelanggan-pdam"}])
async def test_a_complaint_told_in_the_first_words_is_not_asked_again(
        catalog: Catalog, confirm: dict[str, str]) -> None:
    """Tried as a citizen: "air pdam ... mati sudah 3 hari" was asked "Ceritakan singkat
    masalahnya" after confirming the service."""
    told = "air pdam di rumah saya mati sudah 3 hari"
    chat = make_chat(catalog, FakeUnderstander({told: Understanding("complaint", 0.98)}))
    await chat.say(told)
    await chat.say(**confirm)
    assert chat.state.flow == Flow.INTAKE and chat.state.answers == {"complaint_detail": told}
    for answer in ("Siti Aminah", "0813 2222 3333", "lewati", "1"):
        replies = await chat.say(answer)
    assert "Ceritakan" not in texts(replies) and "alamat" in texts(replies)


async def test_a_name_typed_as_the_pdam_customer_number_is_asked_again(
        catalog: Catalog) -> None:
    """Tried as a citizen: a name typed at "Berapa nomor pelanggan PDAM" was stored as the
    customer number (a free text field)."""
    chat = make_chat(catalog)
    await chat.say(payload="start:pengaduan-pelanggan-pdam")
    for answer in ("Siti Aminah", "0813 2222 3333"):
        await chat.say(answer)
    replies = await chat.say("Siti Aminah")
    assert "Nomor pelanggan" in texts(replies) and "01-23456" in texts(replies)
    assert "customer_number" not in chat.state.answers
    await chat.say("01-23456")
    assert chat.state.answers["customer_number"] == "01-23456"


@pytest.mark.parametrize(("text", "named", "service"), [
    ("mau bikin akte kelahiran anak saya umur 2 tahun", None, "akta-kelahiran-lebih-60-hari"),
    ("akte kelahiran anak saya umur 2 tahun", "akta-kelahiran-1-60-hari",
     "akta-kelahiran-lebih-60-hari"),
    ("mau urus akta kelahiran, bayi saya baru lahir", None, "akta-kelahiran-1-60-hari"),
])
async def test_the_age_the_citizen_states_picks_the_service_for_it(
        catalog: Catalog, text: str, named: str | None, service: str) -> None:
    """Tried as a citizen: "akte kelahiran ... umur 2 tahun" was offered both birth
    certificates (within 60 days, later) and the KIA; the NLU may name the wrong one too."""
    meaning = Understanding("request_service", 0.95, {"service": named} if named else {})
    chat = make_chat(catalog, FakeUnderstander({text: meaning}))
    await chat.say(text)
    assert chat.state.flow == Flow.CONFIRM_SERVICE and chat.state.candidate == service


async def test_a_birth_date_outside_the_service_age_band_is_refused(catalog: Catalog) -> None:
    """A child two years old in the birth certificate within 60 days (checked today, 2 Dec
    2026): refused with the reason, the date asked again; one 10 days old is taken."""
    chat = make_chat(catalog)
    await chat.say(payload="start:akta-kelahiran-1-60-hari")
    await chat.say("Bagas Saputra")
    replies = await chat.say("12-11-2024")
    assert "di luar layanan" in texts(replies) and "child_birth_date" not in chat.state.answers
    assert "Contoh" not in replies[0].text  # the field's example date may be outside it too
    await chat.say("22-11-2026")
    assert chat.state.answers["child_birth_date"] == "2026-11-22"


@pytest.mark.parametrize(("asked", "service"), [
    ("mau lapor pdam", "pengaduan-pelanggan-pdam"),
    ("saya mau lapor pungli di kantor desa", COMPLAINT)])
async def test_a_request_that_tells_no_story_fills_none(catalog: Catalog, asked: str,
                                                        service: str) -> None:
    """Tried as a citizen: "saya mau lapor pungli di kantor desa" was the whole complaint
    sent to the Inspektorat; "Ceritakan kejadiannya" was never asked."""
    chat = make_chat(catalog, FakeUnderstander({asked: Understanding(
        "complaint", 0.98, {"service": service})}))
    await chat.say(asked)
    await chat.say("ya")
    assert chat.state.flow == Flow.INTAKE and chat.state.answers == {}


async def test_a_file_promised_for_later_keeps_the_form_waiting(catalog: Catalog) -> None:
    """Tried as a citizen: "nanti saya kirim fotonya" got "send it as a photo, not text"."""
    chat = make_chat(catalog)
    await chat.say(payload="start:kia-0-5")
    for answer in ("12-03-2023", "Citra Lestari", "lewati", "1801041203230007", "Sari Lestari",
                   "081234567890"):
        await chat.say(answer)
    await chat.say(payload="choice:0")
    assert chat.state.stage == Stage.DOCUMENT
    later = texts(await chat.say("nanti saya kirim fotonya"))
    assert "tetap tersimpan" in later and "bukan teks" not in later
    assert chat.state.stage == Stage.DOCUMENT and chat.state.answers["child_name"]
    assert "bukan teks" in texts(await chat.say("ini akta"))


async def test_an_optional_document_without_files_is_done_with_selesai(
        catalog: Catalog) -> None:
    """Tried as a citizen: "selesai" at optional evidence got "perlu paling sedikit 1"."""
    chat = make_chat(catalog)
    await chat.say(payload=f"start:{COMPLAINT}")
    for answer in ("Budi Santoso", "081234567890", "lewati", "Kepala Desa Contoh",
                   "dimintai uang waktu urus surat pindah", "lewati", "lewati"):
        replies = await chat.say(answer)
    evidence = await chat.say("ya")  # keep the identity secret
    assert "paling banyak 5 file" in texts(evidence) and "paling sedikit" not in texts(evidence)
    done = await chat.say("selesai")
    assert "Mohon periksa data Anda" in texts(done), texts(replies)
    opened = texts(await chat.say("ya"))
    assert "Pengaduan Anda sudah kami terima" in opened and "HL-2026-000001" in opened


async def test_help_outside_a_flow_says_what_the_bot_does(catalog: Catalog) -> None:
    """Tried as a citizen: "bantuan" at the start showed the menu with no word of help."""
    chat = make_chat(catalog)
    replies = await chat.say("bantuan")
    assert "Tulis saja kebutuhan Anda" in replies[0].text and "cek status" in replies[0].text
    assert replies[-1].buttons and chat.state.flow is None
