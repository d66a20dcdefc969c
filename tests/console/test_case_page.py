"""The case page: every action through the engine into the event log, replies, documents."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.media import store_media
from backend.core.models import Case, Citizen, Conversation, OutboxMessage
from backend.core.workflow.engine import Workflow
from backend.core.workflow.records import DocumentIn, supplied_field
from tests.bot.samples import tiny_exe, tiny_pdf, tiny_png
from tests.support.app import Clock
from tests.support.officers import log_in, open_kia


def _act(client: TestClient, csrf: str, number: str, **form: str | list[str]) -> int:
    response = client.post(f"/console/kasus/{number}/tindakan", data={"csrf": csrf, **form})
    return response.status_code


def _events(engine: Engine, number: str) -> list[str]:
    with sessionmaker(bind=engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        return [e.action for e in case.events]


def _case_with_chat(engine: Engine, workflow: Workflow, clock: Clock, root: Path) -> str:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        citizen = Citizen(display_name="Sari Lestari")
        session.add(citizen)
        session.flush()
        session.add(Conversation(channel="web", external_id=f"sesi-{citizen.id:08d}",
                                 citizen_id=citizen.id, state={}))
        docs = [store_media(data, root=root, max_bytes=10**6) for data in (tiny_png(), tiny_pdf())]
        case = workflow.open_case(
            session, service_code="kia-0-5", now=clock.now, citizen_id=citizen.id, channel="web",
            fields={"child_name": "Citra Lestari", "kk_number": "1801041203230007",
                    "child_birth_date": "2023-03-12"},
            documents=[DocumentIn(code=code, sha256=d.sha256, mime=d.mime, size=d.size,
                                  storage_key=d.storage_key)
                       for code, d in zip(("akta_kelahiran", "ktp_orang_tua"), docs, strict=True)])
        return case.number


def test_an_officer_walks_kia_through_every_step(app_client: TestClient, engine: Engine,
                                                 workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    walk = [("op", None), ("op", "Berkas lengkap"), ("kabid", None), ("kadis", None),
            ("op", None)]
    for username, outcome in walk:
        csrf = log_in(app_client, username)
        page = app_client.get(f"/console/kasus/{number}").text
        assert "Selesaikan" in page
        clock.advance(minutes=5)
        assert _act(app_client, csrf, number, action="complete",
                    **({"outcome": outcome} if outcome else {})) == 303
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Selesai" in page and "Kasus sudah ditutup." in page
    assert _events(engine, number).count("step_completed") == 6


def test_a_branching_step_offers_exactly_its_outcomes(app_client: TestClient, engine: Engine,
                                                      workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "op")
    assert "Kembalikan ke pemohon" not in app_client.get(f"/console/kasus/{number}").text
    assert _act(app_client, csrf, number, action="reject", reason="x") == 422
    assert _act(app_client, csrf, number, action="complete") == 303
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Selesaikan: Berkas lengkap" in page and "Kembalikan ke pemohon" in page
    assert "Tolak permohonan" in page
    answer = app_client.post(f"/console/kasus/{number}/tindakan",
                             data={"csrf": csrf, "action": "complete", "outcome": "Entah"})
    assert answer.status_code == 422 and "Tindakan ditolak" in answer.text


def test_return_with_a_checklist_then_reject_with_a_reason(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "op")
    _act(app_client, csrf, number, action="complete")
    assert _act(app_client, csrf, number, action="return") == 422
    assert _act(app_client, csrf, number, action="return",
                missing=["KTP-el ayah", "Kartu Keluarga (KK) orang tua"],
                missing_other="Foto akta lebih jelas") == 303
    with sessionmaker(bind=engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None and case.status == "waiting_citizen"
        assert case.missing_items == ["KTP-el ayah", "Kartu Keluarga (KK) orang tua",
                                      "Foto akta lebih jelas"]
    with sessionmaker(bind=engine)() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        workflow.citizen_supplied(case, now=clock.now,
                                  fields={supplied_field(7): "KTP ayah menyusul besok"})
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Kelengkapan dari pemohon" in page and "KTP ayah menyusul besok" in page
    assert "kelengkapan_7" not in page
    second = open_kia(engine, workflow, clock.now)
    _act(app_client, csrf, second, action="complete")
    assert _act(app_client, csrf, second, action="reject", reason="") == 422
    assert _act(app_client, csrf, second, action="reject", reason="Bukan warga Lamsel") == 303
    assert _events(engine, second)[-1] == "rejected"


def test_assign_and_comment_land_in_the_log(app_client: TestClient, engine: Engine,
                                            workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "op")
    assert _act(app_client, csrf, number, action="comment", note="cek dulu") == 303
    assert _act(app_client, csrf, number, action="assign", assignee="boss") == 303
    assert _act(app_client, csrf, number, action="assign", assignee="kabid") == 422
    log = app_client.get(f"/console/kasus/{number}").text
    assert "cek dulu" in log and "Didisposisikan" in log
    assert _events(engine, number)[-2:] == ["commented", "assigned"]


def test_the_wrong_role_sees_no_actions_and_cannot_post(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = open_kia(engine, workflow, clock.now)
    csrf = log_in(app_client, "kabid")
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Langkah saat ini dikerjakan oleh: Operator." in page
    assert _act(app_client, csrf, number, action="complete") == 403


def test_reply_reaches_the_citizen_chat_and_the_log(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = _case_with_chat(engine, workflow, clock, app_client.app.state.storage_root)
    csrf = log_in(app_client, "op")
    response = app_client.post(f"/console/kasus/{number}/balas",
                               data={"csrf": csrf, "text": "Berkas sedang kami periksa."})
    assert response.status_code == 303
    with sessionmaker(bind=engine)() as session:
        sent = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "officer_reply")).all()
        assert [m.body for m in sent][-1] == "Berkas sedang kami periksa."
        assert sent[-1].channel == "web" and sent[-1].recipient.startswith("sesi-")
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Balasan ke pemohon" in page and "from-petugas" in page
    assert _events(engine, number)[-1] == "replied"


def test_a_reply_carries_the_services_result_as_a_file(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    """Tried as an officer: a KIA to be "Dikirim lewat Halo Lamsel" could not be sent from the
    case page. A PDF goes with the reply, by the outbox, named; the log names the file."""
    number = _case_with_chat(engine, workflow, clock, app_client.app.state.storage_root)
    csrf = log_in(app_client, "op")
    response = app_client.post(f"/console/kasus/{number}/balas", data={"csrf": csrf, "text": ""},
                               files={"file": ("KIA Citra.pdf", tiny_pdf(), "application/pdf")})
    assert response.status_code == 303
    with sessionmaker(bind=engine)() as session:
        sent = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "officer_reply")).all()[-1]
        assert sent.payload is not None and sent.payload["media_mime"] == "application/pdf"
        assert sent.payload["media_name"] == "KIA Citra.pdf" and sent.payload["media_storage_key"]
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None and "[berkas: KIA Citra.pdf]" in (case.events[-1].note or "")
    refused = app_client.post(f"/console/kasus/{number}/balas", data={"csrf": csrf, "text": "x"},
                              files={"file": ("kia.pdf", tiny_exe(), "application/pdf")})
    assert refused.status_code == 422 and "hanya foto" in refused.text
    empty = app_client.post(f"/console/kasus/{number}/balas", data={"csrf": csrf, "text": " "})
    assert empty.status_code == 422 and "tidak boleh kosong" in empty.text


def test_no_file_outside_whatsapps_window(app_client: TestClient, engine: Engine,
                                          workflow: Workflow, clock: Clock) -> None:
    """A template cannot carry a file: outside the 24-hour window the officer is told so."""
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        citizen = Citizen(display_name="Sari Lestari")
        session.add(citizen)
        session.flush()
        session.add(Conversation(channel="whatsapp", external_id="+6281234567890",
                                 citizen_id=citizen.id, state={},
                                 last_inbound_at=clock.now - timedelta(days=2)))
        number = workflow.open_case(session, service_code="kia-0-5", now=clock.now,
                                    citizen_id=citizen.id, channel="whatsapp",
                                    fields={"child_name": "Citra Lestari"}).number
    csrf = log_in(app_client, "op")
    refused = app_client.post(f"/console/kasus/{number}/balas", data={"csrf": csrf, "text": "x"},
                              files={"file": ("kia.pdf", tiny_pdf(), "application/pdf")})
    assert refused.status_code == 422 and "jendela 24 jam" in refused.text
    assert app_client.post(f"/console/kasus/{number}/balas",
                           data={"csrf": csrf, "text": "KIA sudah terbit"}).status_code == 303


def test_a_file_for_a_case_with_no_chat_is_refused_politely(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        number = workflow.open_case(session, service_code="kia-0-5", now=clock.now,
                                    channel="simulation",
                                    fields={"child_name": "Citra Lestari"}).number
    csrf = log_in(app_client, "op")
    refused = app_client.post(f"/console/kasus/{number}/balas", data={"csrf": csrf, "text": "x"},
                              files={"file": ("kia.pdf", tiny_pdf(), "application/pdf")})
    assert refused.status_code == 422 and "tidak punya percakapan" in refused.text


def test_documents_preview_and_download_for_authorised_officers_only(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    number = _case_with_chat(engine, workflow, clock, app_client.app.state.storage_root)
    log_in(app_client, "op")
    page = app_client.get(f"/console/kasus/{number}").text
    assert "<img" in page and "Pratinjau PDF" in page
    assert "KTP-el orang tua atau wali" in page
    # Where the fee and the document list come from, for the officer (issue 15).
    assert "Dasar ketentuan layanan" in page and "UU 24/2013 Pasal 79A" in page
    assert "Permendagri 2/2016" in page
    with sessionmaker(bind=engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None
        image, pdf = (d.id for d in case.documents)
    base = f"/console/kasus/{number}/dokumen"
    shown = app_client.get(f"{base}/{image}")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline")
    download = app_client.get(f"{base}/{pdf}?unduh=1")
    assert download.headers["content-disposition"] == \
        f'attachment; filename="{number}-ktp_orang_tua.pdf"'  # no name sent: the sniffed type's
    assert download.content.startswith(b"%PDF")
    assert app_client.get(f"{base}/999999").status_code == 404
    log_in(app_client, "ppa")
    assert app_client.get(f"{base}/{image}").status_code == 404
    assert app_client.get(f"/console/kasus/{number}").status_code == 404


def test_every_time_an_officer_reads_is_wib_and_says_so(
        app_client: TestClient, engine: Engine, workflow: Workflow, clock: Clock) -> None:
    opened = clock.now.astimezone(UTC)  # stored and passed around in UTC: 02:00
    number = _case_with_chat(engine, workflow, Clock(opened), app_client.app.state.storage_root)
    log_in(app_client, "op")
    page = app_client.get(f"/console/kasus/{number}").text
    assert "Dibuka 24-11-2026 09:00 WIB" in page
    assert "12-03-2023" in page and "2023-03-12" not in page  # a date field as every date
    assert "<time>24-11-2026 09:00 WIB</time>" in page  # the event log
    assert 'data-label="Mulai">24-11-2026 09:00 WIB</td>' in page  # the steps
    assert "02:00" not in page
    worklist = app_client.get("/console/kerja").text
    row = worklist[worklist.index(number):]
    assert re.search(r'data-label="Batas waktu">\d\d-\d\d-2026 \d\d:\d\d WIB</td>', row)
