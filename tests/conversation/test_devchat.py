"""The dev web chat drives the real engine: KIA with photos, validation, PBB, status, returns."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.bot.samples import tiny_exe, tiny_pdf, tiny_png
from tests.support.app import Clock
from tests.support.devchat import Citizen


def test_kia_request_with_photos_opens_a_case(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    assert "Menu utama" in citizen.text(citizen.say("halo"))
    asked = citizen.text(citizen.say("min mau bikin kia anak sy"))
    assert "tanggal lahir anak" in asked
    picked = citizen.text(citizen.say("12 Maret 2023"))
    assert "0-5" in picked and "nama lengkap anak" in picked.lower()
    assert "NIK anak" in citizen.text(citizen.say("Citra Lestari"))
    citizen.say("lewati")  # the child's NIK is optional
    invalid = citizen.text(citizen.say("12345"))  # KK number too short
    assert "16" in invalid and "Kartu Keluarga" in invalid
    citizen.say("1801041203230007")
    citizen.say("Sari Lestari")
    citizen.say("0812-3456-7890")
    choice = citizen.say(payload="choice:2")
    assert "Akta" in citizen.text(choice)
    for _ in range(3):
        citizen.send_file(tiny_png(), "foto.jpg")
    more = citizen.send_file(tiny_pdf(), "ktp-ibu.pdf")  # the second parent's KTP
    assert "selesai" in citizen.text(more) and more[-1]["buttons"]
    assert "Bukti perwalian" in citizen.text(citizen.say(payload="documents:done"))
    summary = citizen.text(citizen.say("lewati"))
    assert "Mohon periksa data Anda" in summary and "Citra Lestari" in summary
    opened = citizen.text(citizen.say(payload="confirm:yes"))
    assert "HL-2026-" in opened
    assert "anak lain" in opened


def test_a_fake_photo_is_refused_by_content(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    response = chat_app.post("/dev/chat/api/upload", data={"session": citizen.session},
                             files={"file": ("foto.jpg", tiny_exe())})
    assert response.status_code == 422
    assert "bukan foto" in response.json()["detail"]


def test_pbb_bill_check_masks_the_owner(chat_app: TestClient) -> None:
    from dialogs.pbb.synthetic import SyntheticPbbGateway

    nop = SyntheticPbbGateway().nops()[0]
    citizen = Citizen(chat_app)
    citizen.say(payload="menu:pbb")
    answer = citizen.text(citizen.say(nop))
    assert "Rp" in answer
    assert "NOP" in answer or nop[:4] in answer


def test_older_paid_years_take_one_line_and_one_is_shown_when_asked(
        chat_app: TestClient) -> None:
    """Six paid years: the newest in full, the rest on one line; the line says how to ask
    for one year, and doing so shows that year's bill."""
    from dialogs.pbb.synthetic import PAID_NOP

    citizen = Citizen(chat_app)
    citizen.say(payload="menu:pbb")
    answer = citizen.text(citizen.say(PAID_NOP))
    assert answer.count("Jatuh tempo") == 1 and "Lunas: tahun 2025, 2024" in answer
    asked = answer.split("mis. ")[1].split("\n")[0]
    assert asked.endswith(" 2025")
    detail = citizen.text(citizen.say(asked))
    assert "Jatuh tempo 31 Agustus 2025" in detail and "Lunas, dibayar" in detail
    assert "Tahun 2024" not in detail


def test_status_shows_only_my_cases(chat_app: TestClient, clock: Clock) -> None:
    first, second = Citizen(chat_app), Citizen(chat_app)
    first.say(payload="svc:pengaduan-masyarakat")
    assert "belum punya" in first.text(second.say("cek status"))


def test_a_fire_report_nobody_can_be_alerted_of_tells_the_citizen_to_call_113(
        chat_app: TestClient) -> None:
    """No Telegram, no Twilio and no roster: never 'sent to the piket'; call 113/112 now."""
    citizen = Citizen(chat_app)
    replies = citizen.text(citizen.say("tolong ada kebakaran di rumah sebelah"))
    assert "BELUM dapat menghubungi" in replies and "113" in replies
    assert "SUDAH diteruskan" not in replies


def test_an_out_of_range_cursor_is_a_422_not_a_crash(chat_app: TestClient) -> None:
    response = chat_app.get("/dev/chat/api/messages",
                            params={"session": uuid.uuid4().hex, "after": 2**63})
    assert response.status_code == 422


def test_english_is_answered_in_english_with_the_menu_and_indonesia_switches_back(
        chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    switched = citizen.say("Hello, how can I get an ID card for my child?")
    assert "I will answer in English" in citizen.text(switched)
    assert "Main menu" in citizen.text(switched) and switched[-1]["buttons"]
    again = citizen.text(citizen.say("I need a certificate for my business"))
    assert again.startswith("I read Indonesian best") and "Main menu" in again
    assert "Menu utama" in citizen.text(citizen.say("indonesia"))



def test_a_chat_switched_to_english_by_mistake_comes_back_with_indonesian_words(
        chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    assert "I will answer in English" in citizen.text(
        citizen.say("Can I apply for a birth certificate here?"))
    back = citizen.text(citizen.say("mau bikin kia anak saya"))
    assert "tanggal lahir anak" in back, back


def test_a_fire_reported_in_english_is_a_fire_report_answered_in_english(
        chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    replies = citizen.text(citizen.say("There is a fire in my neighbour's house"))
    assert "113" in replies and "I will answer in English" not in replies
    assert "CALL the fire service 113" in replies  # the safety texts in English
