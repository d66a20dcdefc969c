"""Uploads that lie about their type or exceed the limits, through the channel fakes: the
citizen gets a polite Indonesian reply, nothing is stored, and the intake waits for the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.core.media import MB, TELEGRAM_MAX_BYTES, WHATSAPP_MAX_BYTES
from tests.bot.samples import TINY_JPEG, tiny_exe, tiny_pdf, tiny_png, tiny_zip
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import bot_texts, tg, wa

NOT_A_DOCUMENT = "File ini bukan foto (JPG/PNG) atau PDF"
TOO_LARGE = "File terlalu besar"
EMPTY = "File kosong"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
LIARS = {  # name -> (content, declared mime, file name, expected reply)
    "html named .jpg": (HTML, "image/jpeg", "ktp.jpg", NOT_A_DOCUMENT),
    "zip named .jpg": (tiny_zip(), "image/jpeg", "kk.jpg", NOT_A_DOCUMENT),
    "exe named .pdf": (tiny_exe() + b"\x00" * 512, "application/pdf", "akta.pdf", NOT_A_DOCUMENT),
    "pdf header, garbage body": (b"%PDF-1.7\n" + b"\x01\x02garbage" * 300, "application/pdf",
                                 "akta.pdf", NOT_A_DOCUMENT),
    "jpeg cut off in transfer": (TINY_JPEG[:60], "image/jpeg", "foto.jpg", NOT_A_DOCUMENT),
    "png without its end": (tiny_png(4)[:-12], "image/png", "foto.png", NOT_A_DOCUMENT),
    "zero bytes": (b"", "image/jpeg", "kosong.jpg", EMPTY),
}


def _big_pdf(size: int) -> bytes:
    """A well-formed PDF of exactly ``size`` bytes (padded inside a comment)."""
    head, tail = tiny_pdf()[:9], tiny_pdf()[9:]
    return head + b"%" + b"0" * (size - len(head) - len(tail) - 2) + b"\n" + tail


def _stored_files(tmp_path: Path) -> list[Path]:
    root = tmp_path / "media"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _kia_until_documents_on_telegram(client: TestClient, telegram: FakeTelegram,
                                     chat: int) -> None:
    for text in ("mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
                 "Sari Lestari", "081234567890"):
        assert tg(client, telegram.text_update(chat, text)) == 200
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    assert "Akta" in bot_texts(telegram)[-1]


def _kia_until_documents_on_whatsapp(client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    for text in ("mau buat kia anak saya", "12 Maret 2023", "Bagas Saputra", "lewati",
                 "1801041203230007", "Siti Aminah", "0812 3456 7890", "3"):
        assert wa(client, twilio, twilio.incoming_form(from_=phone, body=text)) == 200
    assert "Akta" in twilio.sent()[-1].params["Body"]


def test_lying_and_empty_uploads_over_telegram_are_refused_politely(
        client: TestClient, telegram: FakeTelegram, sender: int, tmp_path: Path,
        clock: Clock) -> None:
    _kia_until_documents_on_telegram(client, telegram, sender)
    for name, (data, mime, file_name, reply) in LIARS.items():
        clock.advance(seconds=10)  # a citizen's pace: flood control stays out of the way
        as_document = telegram.add_file(data, mime)
        update = telegram.document_update(sender, as_document, size=len(data), mime_type=mime,
                                          file_name=file_name)
        assert tg(client, update) == 200
        assert reply in bot_texts(telegram)[-1], name
        assert "Akta" in bot_texts(telegram)[-1], name  # asked again for the same document
        as_photo = telegram.add_file(data, "image/jpeg")
        assert tg(client, telegram.photo_update(sender, as_photo, max(len(data), 1))) == 200
        assert reply in bot_texts(telegram)[-1], name
    assert _stored_files(tmp_path) == []
    real = telegram.add_file(tiny_pdf(), "application/pdf")
    tg(client, telegram.document_update(sender, real, size=len(tiny_pdf())))
    assert len(_stored_files(tmp_path)) == 1  # the honest file still goes through


def test_lying_uploads_over_whatsapp_are_refused_politely(
        client: TestClient, twilio: FakeTwilio, sender: int, tmp_path: Path,
        clock: Clock) -> None:
    phone = f"whatsapp:+62812{sender:08d}"
    _kia_until_documents_on_whatsapp(client, twilio, phone)
    for name, (data, mime, _, reply) in LIARS.items():
        clock.advance(seconds=10)
        url = twilio.add_media(data, mime)
        assert wa(client, twilio, twilio.incoming_form(from_=phone, media=[(url, mime)])) == 200
        body = twilio.sent()[-1].params["Body"]
        assert reply in body and "Akta" in body, name
    assert _stored_files(tmp_path) == []


@pytest.mark.parametrize("declared_honestly", [True, False])
def test_telegram_files_over_20_mb_are_refused(
        client: TestClient, telegram: FakeTelegram, sender: int, tmp_path: Path,
        declared_honestly: bool) -> None:
    _kia_until_documents_on_telegram(client, telegram, sender)
    data = _big_pdf(TELEGRAM_MAX_BYTES + 1)
    file_id = telegram.add_file(data, "application/pdf",
                                declared_size=None if declared_honestly else 4096)
    size = len(data) if declared_honestly else 4096
    assert tg(client, telegram.document_update(sender, file_id, size=size)) == 200
    assert f"{TOO_LARGE} (maks. {TELEGRAM_MAX_BYTES // MB} MB)" in bot_texts(telegram)[-1]
    assert _stored_files(tmp_path) == []


@pytest.mark.parametrize("chunked", [False, True])
def test_whatsapp_media_over_16_mb_is_refused(
        client: TestClient, twilio: FakeTwilio, sender: int, tmp_path: Path,
        chunked: bool) -> None:
    phone = f"whatsapp:+62813{sender:08d}"
    _kia_until_documents_on_whatsapp(client, twilio, phone)
    data = _big_pdf(WHATSAPP_MAX_BYTES + 1)
    url = twilio.add_media(data, "application/pdf", chunked=chunked)  # chunked: no length
    assert wa(client, twilio, twilio.incoming_form(
        from_=phone, media=[(url, "application/pdf")])) == 200
    assert f"{TOO_LARGE} (maks. {WHATSAPP_MAX_BYTES // MB} MB)" in twilio.sent()[-1].params[
        "Body"]
    assert _stored_files(tmp_path) == []
