"""The word rules for requests and questions at any prompt, and what is no request."""

from __future__ import annotations

import pytest

from dialogs.requests import (
    Request,
    after_greeting,
    from_intent,
    is_greeting,
    recognise,
    sounds_like_request,
)


@pytest.mark.parametrize(("text", "kind"), [
    ("cek status", Request.STATUS), ("Cek status permohonan saya dong", Request.STATUS),
    ("HL-2026-000123", Request.STATUS), ("status HL-2026-123", Request.STATUS),
    ("mau bicara dengan petugas", Request.AGENT), ("saya minta admin", Request.AGENT),
    ("petugas", Request.AGENT), ("menu", Request.MENU), ("menu utama", Request.MENU),
    ("batal", Request.CANCEL), ("gak jadi", Request.CANCEL), ("bantuan", Request.HELP),
    ("english", Request.ENGLISH), ("bahasa indonesia", Request.INDONESIAN),
    ("persyaratannya apa saja?", Request.REQUIREMENTS), ("berapa hari prosesnya?", Request.TIME),
    ("bayar nggak?", Request.FEE), ("biayanya berapa?", Request.FEE),
    ("apakah gratis", Request.FEE),
])
def test_requests_recognised_at_any_prompt(text: str, kind: Request) -> None:
    assert recognise(text) is kind


@pytest.mark.parametrize("text", [
    "Putri Ayu", "12 Maret 2023", "sudah bayar", "biaya",  # a service word without a question
    "ya", "Jl. Mawar 3, Kalianda", "operator",  # a job, not a request for one
    "petugas pasar minta uang tiap hari, saya mau petugas itu ditindak",  # a complaint's story
    "Kenapa pedagang di pasar kalianda harus bayar retribusi dua kali setiap hari ke petugas "
    "yang berbeda?",  # a long story with a "?" is a complaint's text
])
def test_answers_are_no_requests(text: str) -> None:
    assert recognise(text) is None


def test_the_nlu_decides_only_what_the_rules_did_not() -> None:
    assert from_intent("check_status", "sampai mana") is Request.STATUS
    assert from_intent("ask_requirements", "lama gak ya") is Request.TIME
    assert from_intent("request_service", "mau urus akta") is Request.SERVICE
    assert from_intent("greet", "halo") is None


def test_a_request_is_told_from_a_name() -> None:
    assert sounds_like_request("saya mau urus akta") and sounds_like_request("minta KIA")
    assert not sounds_like_request("Maulana Yusuf")
    assert not sounds_like_request("bisa") and not sounds_like_request("saya mau")


@pytest.mark.parametrize(("text", "rest"), [
    ("halo, saya mau tanya soal KTP yang hilang", "saya mau tanya soal KTP yang hilang"),
    ("selamat pagi min mau bikin KIA", "mau bikin KIA"), ("halo kak", ""), ("halo", ""),
])
def test_what_follows_the_greeting(text: str, rest: str) -> None:
    assert after_greeting(text) == rest


def test_greetings_alone() -> None:
    assert is_greeting("halo") and is_greeting("Selamat pagi pak!") and is_greeting("halo kak")
    assert not is_greeting("Pak Budi") and not is_greeting("Sari Lestari") and not is_greeting("")
