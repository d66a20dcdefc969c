"""Issue 15 over the dev chat: up-to-n documents, one per person, single-parent KIA, the NIP
field, field-named errors and office-hour promises."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Case
from tests.bot.samples import tiny_pdf, tiny_png
from tests.support.app import Clock, at
from tests.support.devchat import Citizen


def _answers(citizen: Citizen, *answers: str) -> str:
    said = ""
    for answer in answers:
        payload = answer if answer.startswith("choice:") else None
        said = citizen.text(citizen.say(None if payload else answer, payload=payload))
    return said


def test_one_person_moving_sends_one_ktp_and_says_selesai(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say(payload="svc:mutasi-pindah")
    asked = _answers(citizen, "Rudi Hartono", "1801041203900001", "1801040105150003",
                     "Jl. Contoh No. 5, Kec. Contoh, Kota Bandar Lampung", "1", "choice:0",
                     "0812 3456 7890", "choice:2")
    assert "Kartu Keluarga" in asked
    citizen.send_file(tiny_png(1), "kk.jpg")
    after_one = citizen.send_file(tiny_png(2), "ktp.jpg")
    assert "selesai" in citizen.text(after_one)
    assert after_one[-1]["buttons"][0]["payload"] == "documents:done"
    assert "Mohon periksa data Anda" in citizen.text(citizen.say("selesai"))


def test_selesai_before_the_minimum_asks_for_the_file(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say(payload="svc:mutasi-pindah")
    _answers(citizen, "Rudi Hartono", "1801041203900001", "1801040105150003",
             "Jl. Contoh No. 5, Kota Bandar Lampung", "2", "choice:0", "0812 3456 7890",
             "choice:2")
    citizen.send_file(tiny_png(3), "kk.jpg")
    refused = citizen.text(citizen.say("selesai"))
    assert "paling sedikit 1" in refused


def test_one_card_per_participant_named(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say(payload="svc:magang-kultur-jaringan")
    _answers(citizen, "choice:0", "Budi Santoso", "0812 3456 7890",
             "Universitas Contoh, Fakultas Pertanian", "2", "2 Maret 2027", "lewati")
    citizen.send_file(tiny_pdf(), "surat.pdf")
    first = citizen.text(citizen.send_file(tiny_png(4), "ktm1.jpg"))
    assert "(2/2)" in first  # the second of exactly two, no "selesai" offered
    second = citizen.text(citizen.send_file(tiny_png(5), "ktm2.jpg"))
    assert "Form isian" in second


def test_a_single_parent_finishes_the_kia(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say("min mau bikin kia anak sy")
    citizen.say("12 Maret 2023")
    _answers(citizen, "Citra Lestari", "lewati", "1801041203230007", "Sari Lestari",
             "0812-3456-7890", "choice:2")
    citizen.send_file(tiny_png(6), "akta.jpg")
    citizen.send_file(tiny_png(7), "kk.jpg")
    assert "selesai" in citizen.text(citizen.send_file(tiny_png(8), "ktp-ibu.jpg"))
    assert "Bukti perwalian" in citizen.text(citizen.say("selesai"))
    assert "Mohon periksa" in citizen.text(citizen.say("lewati"))
    assert "HL-2026-" in citizen.text(citizen.say(payload="confirm:yes"))


def test_a_nip_of_one_digit_is_told_the_nip_rule(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say(payload="svc:cuti-pegawai")
    citizen.say("Dewi Anggraini")
    refused = citizen.text(citizen.say("1"))
    assert "*NIP*" in refused and "18 angka" in refused
    assert "Contoh: 199001012020121001" in refused
    assert "Mohon tulis jawaban singkat" not in refused and "2 huruf" not in refused
    assert "jabatan" in citizen.text(citizen.say("199001012020121001"))
    position = citizen.text(citizen.say("1"))
    assert "*Jabatan*" in position and "Contoh: Kepala Seksi (Eselon IV)" in position
    assert "Mohon tulis jawaban singkat" not in position


def test_a_text_field_without_example_shows_no_fake_example(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)
    citizen.say(payload="svc:cuti-pegawai")
    refused = citizen.text(citizen.say("1"))
    assert "Nama" in refused and "Contoh: Mohon tulis" not in refused


def test_at_night_the_office_service_promises_office_hours(chat_app: TestClient,
                                                          clock: Clock) -> None:
    clock.now = at("2026-11-25 22:31")  # a Wednesday night
    citizen = Citizen(chat_app)
    intro = citizen.text(citizen.say(payload="svc:mutasi-pindah"))
    assert "pada jam kerja" in intro
    _answers(citizen, "Rudi Hartono", "1801041203900001", "1801040105150003",
             "Jl. Contoh No. 5, Kota Bandar Lampung", "1", "choice:0", "0812 3456 7890",
             "choice:2")
    citizen.send_file(tiny_png(9), "kk.jpg")
    citizen.send_file(tiny_png(10), "ktp.jpg")
    citizen.say("selesai")
    opened = citizen.text(citizen.say(payload="confirm:yes"))
    assert "jam kerja" in opened and "Kamis 26/11 08.00" in opened, opened
    assert "Perkiraan selesai: 1 jam 40 menit\n" not in opened
    number = opened.split("*")[1]
    with chat_app.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.active_step.due_at == at("2026-11-26 08:10")  # operator's 10 menit


def test_the_kia_band_comes_from_the_catalog(chat_app: TestClient) -> None:
    citizen = Citizen(chat_app)  # the clock is 24 November 2026
    citizen.say("min mau bikin kia anak sy")
    assert "5-17" in citizen.text(citizen.say("24 November 2021"))  # five today
    other = Citizen(chat_app)
    other.say("min mau bikin kia anak sy")
    refused = other.text(other.say("24 November 2009"))  # seventeen: no KIA
    assert "17 tahun atau lebih" in refused and "kami proses sebagai" not in refused
