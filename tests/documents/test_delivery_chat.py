"""Issued documents reach the citizen's chat: the signed PDF behind a short-lived link, its
number and /verify link; SIPPT's LHU only once the survey (step 21) is answered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.media import store_media
from backend.core.models import (
    Case,
    CaseEvent,
    Conversation,
    Officer,
    OfficerRole,
    OutboxMessage,
)
from backend.core.models.documents import DocumentStatus, IssuedDocument
from backend.core.models.payments import PaymentBill
from backend.core.security import hash_password
from backend.core.workflow.errors import WorkflowError
from backend.documents.numbering import new_verify_code
from backend.documents.service import Issuer, announce_issue
from backend.documents.signing import check_signature, trust_roots
from tests.bot.samples import tiny_pdf
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, app_settings, drain
from tests.support.cases import LAB_FIELDS, open_in_chat, step_on
from tests.support.channels import PUBLIC_URL, channel_settings, tg, wa
from tests.support.devchat import Citizen
from tests.support.officers import log_in

PASSWORD = "sandi-uji-antar-2026"  # noqa: S105
SAMPLE = {"customer_name": "Rina Contoh", "company": "UMKM Kopi Contoh",
          "sample_type": "Kopi bubuk", "test_parameters": "Kadar air", "sample_count": "2"}


@pytest.fixture(scope="module")
def signers(engine: Engine) -> None:
    accounts = {"balai.kepala": ("disdagperin", "kepala-balai"),
                "balai.ketua": ("disdagperin", "ketua-tim"),
                "balai.bendahara": ("disdagperin", "bendahara"),
                "izin.kadis": ("dpmptsp", "kadis")}
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, role) in accounts.items():
            officer = Officer(username=username, full_name=f"{username} Contoh", agency=agency,
                              password_hash=hash_password(PASSWORD))
            officer.roles.append(OfficerRole(role=role))
            session.add(officer)


def _documents(settings: Settings, pki_dir: Path, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"documents": settings.documents.model_copy(update={
        "pki_dir": str(pki_dir), "storage_dir": str(tmp_path / "docs"),
        "signer_passphrase": "uji-coba"})})


@pytest.fixture
def app_client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
               signers: None, pki_dir: Path) -> Iterator[TestClient]:
    configured = _documents(app_settings(settings, tmp_path), pki_dir, tmp_path)
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def channel_client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
                   signers: None, pki_dir: Path, telegram: FakeTelegram,
                   twilio: FakeTwilio) -> Iterator[TestClient]:
    configured = _documents(channel_settings(settings, tmp_path, telegram, twilio), pki_dir,
                            tmp_path)
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    # https: the console sets Secure cookies when the public URL is https
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        yield client


def _bearer(client: TestClient, username: str) -> dict[str, str]:
    token = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _issue(client: TestClient, username: str, number: str, product: str) -> dict:
    headers = _bearer(client, username)
    response = client.post(f"/api/cases/{number}/documents/{product}", headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _download(client: TestClient, link: dict) -> bytes:
    response = client.get(urlsplit(link["url"]).path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


def _signed_as_issued(client: TestClient, pdf: bytes, number: str, pki_dir: Path) -> None:
    with client.app.state.sessions() as session:
        document = session.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
        assert hashlib.sha256(pdf).hexdigest() == document.pdf_sha256
    roots = trust_roots(client.app.state.settings.documents, pki_dir)
    assert check_signature(pdf, roots).valid


def _walk_to(client: TestClient, number: str, clock: Clock, step: str) -> None:
    while step_on(client, number, clock).current_step_id != step:
        pass


def _console(client: TestClient, username: str, path: str, **form: str) -> int:
    csrf = log_in(client, username, PASSWORD)
    return client.post(path, data={"csrf": csrf, **form}).status_code


def _pay(client: TestClient, citizen: Citizen, number: str, clock: Clock) -> None:
    """Steps 6-10: tariff approved, e-billing in the chat, proof sent, payment verified."""
    base = f"/console/kasus/{number}/bayar"
    _walk_to(client, number, clock, "s6")
    with pytest.raises(WorkflowError, match="tarif"):
        step_on(client, number, clock)
    assert _console(client, "balai.bendahara", f"{base}/tarif", amount="1250000") == 403
    assert _console(client, "balai.ketua", f"{base}/tarif", amount="1250000.5") == 422
    assert _console(client, "balai.ketua", f"{base}/tarif", amount="1250000") == 303
    _walk_to(client, number, clock, "s8")
    citizen.replies()
    assert _console(client, "balai.bendahara", f"{base}/ebilling") == 303
    drain(client)
    with client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        bill = session.scalar(select(PaymentBill).where(PaymentBill.case_id == case.id))
    told = citizen.text(citizen.replies())
    assert bill.billing_code in told and "Rp 1.250.000" in told and number in told
    _walk_to(client, number, clock, "s9")
    assert "Bukti pembayaran e-billing" in citizen.text(citizen.replies())
    citizen.send_file(tiny_pdf("Bukti bayar"), "bukti-bayar.pdf")
    citizen.say("selesai")
    assert _console(client, "balai.bendahara", f"{base}/lunas-demo") == 303
    assert _console(client, "balai.bendahara", f"{base}/verifikasi") == 303
    with client.app.state.sessions() as session:
        verified = session.scalars(select(CaseEvent.note).where(
            CaseEvent.case_id == bill.case_id, CaseEvent.action == "payment_verified")).all()
        assert verified == ["Pembayaran Rp 1.250.000 diverifikasi (gateway: lunas)"]
    _walk_to(client, number, clock, "s11")


def test_sippt_from_chat_to_the_lhu_after_ebilling_proof_and_survey(
        app_client: TestClient, clock: Clock, pki_dir: Path) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "sippt-pengujian", **SAMPLE)
    _pay(app_client, citizen, number, clock)
    _walk_to(app_client, number, clock, "s19")
    citizen.replies()
    refused = app_client.post(f"/api/cases/{number}/actions", json={"action": "complete"},
                              headers=_bearer(app_client, "balai.kepala"))
    assert refused.status_code == 409 and "Laporan Hasil Uji" in refused.json()["detail"]
    issued = _issue(app_client, "balai.kepala", number, "e-lhu")
    held = citizen.replies()
    assert len(held) == 1 and held[0]["link"] is None
    assert issued["number"] in held[0]["text"] and "survei" in held[0]["text"]
    while step_on(app_client, number, clock).current_step_id != "s21":
        pass
    assert "Pertanyaan 1/5" in citizen.text(citizen.replies())
    for answer in ("4", "4", "3", "4", "4"):
        citizen.say(answer)
    rows = citizen.say("lewati")
    released = [r for r in rows if r["link"]]
    assert len(released) == 1
    text = released[0]["text"]
    assert issued["number"] in text and number in text and "Laporan Hasil Uji" in text
    assert f"/verify/{issued['code']}" in text
    assert released[0]["link"]["name"] == issued["number"].replace("/", "-") + ".pdf"
    _signed_as_issued(app_client, _download(app_client, released[0]["link"]),
                      issued["number"], pki_dir)
    citizen.say("halo")  # later passes of the notifier send nothing twice
    with app_client.app.state.sessions() as session:
        sent = session.scalars(select(OutboxMessage.kind).where(
            OutboxMessage.recipient == citizen.session,
            OutboxMessage.kind.in_(("document", "document_held")))).all()
        assert sorted(sent) == ["document", "document_held"]


def test_a_permit_without_a_survey_step_is_delivered_at_once(
        app_client: TestClient, clock: Clock, pki_dir: Path) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "izin-laboratorium-klinik", **LAB_FIELDS)
    citizen.replies()
    with app_client.app.state.sessions() as session, session.begin():
        session.scalar(select(Case).where(Case.number == number)).current_step_id = "s14"
    issued = _issue(app_client, "izin.kadis", number, "izin-lab-klinik")
    rows = citizen.replies()
    assert len(rows) == 1 and rows[0]["link"] is not None
    assert issued["number"] in rows[0]["text"] and "/verify/" in rows[0]["text"]
    _signed_as_issued(app_client, _download(app_client, rows[0]["link"]), issued["number"],
                      pki_dir)


def test_a_forged_or_altered_link_is_refused(app_client: TestClient) -> None:
    links = app_client.app.state.channels.links
    good = urlsplit(links.link("ab/cd/abcd" + "0" * 60, "x.pdf")).path
    token = good.split("/")[2]
    assert app_client.get(good).status_code == 404  # well signed, but no such file
    assert app_client.get(f"/media/{token[:-2]}xx/x.pdf").status_code == 404
    assert app_client.get("/media/not-a-token/x.pdf").status_code == 404


def _case_of(client: TestClient, external_id: str, service: str, fields: dict[str, str],
             step: str | None = None) -> str:
    """A case of the chat's citizen (at ``step`` when given)."""
    state = client.app.state
    with state.sessions() as session, session.begin():
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == external_id))
        case = state.workflow.open_case(session, service_code=service, fields=fields,
                                        now=state.clock(), citizen_id=conversation.citizen_id,
                                        channel=conversation.channel)
        case.current_step_id = step or case.current_step_id
        return case.number


def _lab_case_of(client: TestClient, external_id: str) -> str:
    """A clinical-lab permit case of the chat's citizen, at its signing step."""
    return _case_of(client, external_id, "izin-laboratorium-klinik", LAB_FIELDS, "s14")


def test_telegram_gets_the_pdf_and_whatsapp_a_signed_link(
        channel_client: TestClient, telegram: FakeTelegram, twilio: FakeTwilio,
        chat: int, phone: str, pki_dir: Path) -> None:
    assert tg(channel_client, telegram.text_update(chat, "halo")) == 200
    assert wa(channel_client, twilio, twilio.incoming_form(from_=phone, body="halo")) == 200
    on_telegram = _issue(channel_client, "izin.kadis", _lab_case_of(channel_client, str(chat)),
                         "izin-lab-klinik")
    on_whatsapp = _issue(channel_client, "izin.kadis", _lab_case_of(channel_client, phone),
                         "izin-lab-klinik")
    drain(channel_client)
    [document] = telegram.sent("sendDocument")
    assert document.params["document"].filename == \
        on_telegram["number"].replace("/", "-") + ".pdf"
    assert on_telegram["number"] in document.params["caption"]
    _signed_as_issued(channel_client, document.params["document"].data, on_telegram["number"],
                      pki_dir)
    [media] = [c for c in twilio.sent() if c.params.get("MediaUrl")]
    [url] = media.params["MediaUrl"]
    assert url.startswith(f"{PUBLIC_URL}/media/") and on_whatsapp["number"] in media.params["Body"]
    pdf = _download(channel_client, {"url": url})
    _signed_as_issued(channel_client, pdf, on_whatsapp["number"], pki_dir)


def test_holders_are_reminded_90_and_30_days_before_the_permit_lapses(
        app_client: TestClient, clock: Clock) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "izin-laboratorium-klinik", **LAB_FIELDS)
    with app_client.app.state.sessions() as session, session.begin():
        session.scalar(select(Case).where(Case.number == number)).current_step_id = "s14"
    issued = _issue(app_client, "izin.kadis", number, "izin-lab-klinik")
    citizen.replies()
    until = date.fromisoformat(issued["valid_until"])
    workers = app_client.app.state.workers

    def remind_on(days_before: int) -> list[str]:
        clock.now = datetime.combine(until - timedelta(days=days_before), time(9),
                                     tzinfo=clock.now.tzinfo)
        queued = workers.remind_expiring()  # other tests' permits of the module may be due too
        texts = [r["text"] for r in citizen.replies()]
        assert queued >= len(texts) and workers.remind_expiring() == 0  # each once
        return texts

    assert until == date(2031, 11, 24)  # five years (seed 004)
    assert remind_on(91) == []
    [first] = remind_on(90)
    assert issued["number"] in first and "90 hari lagi" in first
    assert "Izin Laboratorium Klinik" in first and "24-11-2031" in first
    assert remind_on(90) == [] and remind_on(45) == []
    [second] = remind_on(30)
    assert "30 hari lagi" in second
    assert remind_on(10) == [] and remind_on(-1) == []


def test_a_ppa_case_never_gets_a_document_in_the_chat(app_client: TestClient,
                                                      clock: Clock) -> None:
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "ppa-pengaduan")
    citizen.replies()
    stored = store_media(tiny_pdf("Surat"), root=app_client.app.state.storage_root,
                         max_bytes=1_000_000)
    with app_client.app.state.sessions() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        document = IssuedDocument(  # as if a PPA service issued one (none does today)
            product="uji-ppa", year=2026, sequence=1, number="UJI/1/PPA/2026",
            verify_code=new_verify_code(), title="Surat Uji", agency=case.agency,
            case_id=case.id, issued_at=clock.now, issued_on=clock.now.date(),
            signer_role="kadis", signer_label="KADIS", status=DocumentStatus.ISSUED)
        session.add(document)
        session.flush()
        announce_issue(session, document, step_id=case.current_step_id or "s1",
                       issuer=Issuer(kind="officer", id="uji", name="Uji"), now=clock.now,
                       data={"document_id": document.id, "media_key": stored.storage_key,
                             "file_name": "surat.pdf", "verify_url": "https://contoh.invalid"})
    rows = citizen.replies()
    assert not any(r["link"] or "UJI/1/PPA/2026" in r["text"] for r in rows)


class TelegramCitizen:
    """A citizen's Telegram chat over the Bot API fake, read like the dev chat's rows."""

    def __init__(self, client: TestClient, telegram: FakeTelegram, chat: int) -> None:
        self.client, self.telegram, self.chat = client, telegram, chat
        self.seen = {"sendMessage": 0, "sendDocument": 0}

    def say(self, text: str) -> list[dict]:
        assert tg(self.client, self.telegram.text_update(self.chat, text)) == 200
        return self.replies()

    def send_file(self, data: bytes, name: str) -> list[dict]:
        file_id = self.telegram.add_file(data, "application/pdf")
        update = self.telegram.document_update(self.chat, file_id, size=len(data),
                                               file_name=name)
        assert tg(self.client, update) == 200
        return self.replies()

    def replies(self) -> list[dict]:
        drain(self.client)
        rows = []
        for method, field in (("sendMessage", "text"), ("sendDocument", "caption")):
            calls = self.telegram.sent(method)[self.seen[method]:]
            self.seen[method] += len(calls)
            rows += [{"text": c.params.get(field) or "",
                      "link": c.params["document"] if method == "sendDocument" else None}
                     for c in calls if str(c.params.get("chat_id")) == str(self.chat)]
        return rows

    @staticmethod
    def text(rows: list[dict]) -> str:
        return "\n".join(r["text"] for r in rows)


def test_sippt_over_telegram_the_lhu_arrives_as_a_document_after_the_survey(
        channel_client: TestClient, telegram: FakeTelegram, chat: int, clock: Clock,
        pki_dir: Path) -> None:
    citizen = TelegramCitizen(channel_client, telegram, chat)
    citizen.say("halo")
    number = _case_of(channel_client, str(chat), "sippt-pengujian", SAMPLE)
    _pay(channel_client, citizen, number, clock)  # type: ignore[arg-type]
    _walk_to(channel_client, number, clock, "s19")
    citizen.replies()
    issued = _issue(channel_client, "balai.kepala", number, "e-lhu")
    [held] = citizen.replies()
    assert held["link"] is None and issued["number"] in held["text"]
    _walk_to(channel_client, number, clock, "s21")
    assert "Pertanyaan 1/5" in citizen.text(citizen.replies())
    for answer in ("4", "4", "3", "4", "4"):
        citizen.say(answer)
    [released] = [r for r in citizen.say("lewati") if r["link"]]
    assert issued["number"] in released["text"] and f"/verify/{issued['code']}" in released["text"]
    assert released["link"].filename == issued["number"].replace("/", "-") + ".pdf"
    _signed_as_issued(channel_client, released["link"].data, issued["number"], pki_dir)
