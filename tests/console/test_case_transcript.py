"""The case page's transcript reads as the citizen's chat did: pressed buttons by the label
they saw, files by the names they were sent with, downloads with the right extension."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.models import Case, InboundRecord
from tests.bot.samples import tiny_pdf, tiny_png
from tests.support.devchat import Citizen
from tests.support.officers import log_in


def _kia_from_the_dev_chat(client: TestClient) -> tuple[str, str]:
    """A KIA request with a delivery choice, three photos (one named "foto.jpg" though it is
    a PNG, one named without an extension), a PDF, "done" and the confirmation: (case number,
    chat session)."""
    citizen = Citizen(client)
    for text in ("mau bikin kia anak saya", "12 Maret 2023", "Citra Lestari", "lewati",
                 "1801041203230007", "Sari Lestari", "0812-3456-7890"):
        citizen.say(text)
    citizen.say(payload="choice:2")
    for index, name in enumerate(("foto.jpg", "kk orang tua.png", "../../ktp ayah")):
        citizen.send_file(tiny_png(2 + index), name)
    citizen.send_file(tiny_pdf(), "ktp-ibu.pdf")  # the second parent's KTP
    citizen.say(payload="documents:done")
    citizen.say("lewati")  # no guardianship paper
    opened = citizen.text(citizen.say(payload="confirm:yes"))
    match = re.search(r"HL-\d{4}-\d+", opened)
    assert match, opened
    return match.group(0), citizen.session


def _chat(page: str) -> str:
    start = page.index('<ol class="chat"')
    return page[start:page.index("</ol>", start)]


def test_presses_read_as_their_labels_and_files_by_name(app_client: TestClient) -> None:
    number, _ = _kia_from_the_dev_chat(app_client)
    log_in(app_client, "op")
    chat = _chat(app_client.get(f"/console/kasus/{number}").text)
    assert "Menekan tombol «Ambil di MPP Lampung Selatan»" in chat
    assert "Menekan tombol «✅ Benar, kirim»" in chat and "Menekan tombol «✅ Selesai»" in chat
    assert "[tombol:" not in chat and "berkas]" not in chat
    for name in ("foto.jpg", "kk orang tua.png", "ktp ayah", "ktp-ibu.pdf"):
        assert f"{name}</a>" in chat
    assert ".." not in chat


def test_downloads_carry_the_name_with_the_sniffed_extension(
        app_client: TestClient, engine: Engine) -> None:
    number, session_id = _kia_from_the_dev_chat(app_client)
    log_in(app_client, "op")
    with sessionmaker(bind=engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        documents = [d.id for d in case.documents]
        rows = session.execute(select(InboundRecord.id, InboundRecord.payload).where(
            InboundRecord.sender == session_id).order_by(InboundRecord.id))
        photo = next(row.id for row in rows if row.payload.get("media"))
    page = app_client.get(f"/console/kasus/{number}").text
    assert "ktp-ibu.pdf" in page[page.index("<h3>Dokumen</h3>"):]
    names = [app_client.get(f"/console/kasus/{number}/dokumen/{document_id}?unduh=1")
             .headers["content-disposition"] for document_id in documents]
    assert names == ['attachment; filename="foto.png"',
                     "attachment; filename*=utf-8''kk%20orang%20tua.png",
                     "attachment; filename*=utf-8''ktp%20ayah.png",
                     'attachment; filename="ktp-ibu.pdf"']
    attachment = app_client.get(f"/console/kasus/{number}/lampiran/{photo}/0?unduh=1")
    assert attachment.headers["content-disposition"] == 'attachment; filename="foto.png"'
