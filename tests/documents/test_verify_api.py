"""Officer API (preview, issue, revoke by role) and the public /verify/<code> page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Case, CaseEvent, Officer, OfficerRole
from backend.core.models.documents import DocumentEvent, IssuedDocument
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from tests.support.app import Clock, at
from tests.support.cases import LAB_FIELDS, LKS_NIK, open_case

PASSWORD = "sandi-uji-coba-123"  # noqa: S105
LKS_FIELDS = {"institution_name": "LKSA Contoh Harapan", "institution_type": "LKSA",
              "application_type": "Baru", "institution_address": "Jl. Contoh No. 2",
              "chair_name": "Siti Contoh", "chair_nik": LKS_NIK,
              "contact_phone": "081200000001", "contact_email": "lksa@contoh.invalid"}


@pytest.fixture(scope="module")
def officers(engine: Engine) -> None:
    # Both permits are DPMPTSP Lampung Selatan's (issue 15); another agency's KADIS sees neither.
    accounts = {"lab.kadis": ("dpmptsp", "kadis"), "lab.cs": ("dpmptsp", "cs"),
                "lks.kadis": ("dpmptsp", "kadis"), "other.kadis": ("dinsos", "kadis")}
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, role) in accounts.items():
            officer = Officer(username=username, full_name=username, agency=agency,
                              password_hash=hash_password(PASSWORD))
            officer.roles.append(OfficerRole(role=role))
            session.add(officer)


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-25 10:00"))


@pytest.fixture
def client(engine: Engine, settings: Settings, clock: Clock, officers: None, pki_dir: Path,
           tmp_path: Path) -> Iterator[TestClient]:
    configured = settings.model_copy(update={"documents": settings.documents.model_copy(update={
        "pki_dir": str(pki_dir), "storage_dir": str(tmp_path / "docs"),
        "signer_passphrase": "uji-coba"})}).model_copy(update={"storage": settings.storage
                                                             .model_copy(update={
                                                                 "root": str(tmp_path / "m")})})
    app = create_app(configured, engine=engine, clock=clock, run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def case_at(engine: Engine, workflow: Workflow, service: str, fields: dict[str, str],
            step: str) -> str:
    case_id = open_case(engine, workflow, service, fields)
    with sessionmaker(bind=engine)() as session, session.begin():
        case = session.get(Case, case_id)
        case.current_step_id = step
        return case.number


def test_issue_verify_revoke_and_expire(client: TestClient, engine: Engine,
                                        workflow: Workflow, clock: Clock) -> None:
    number = case_at(engine, workflow, "izin-laboratorium-klinik", LAB_FIELDS, "s14")
    kadis, cs = login(client, "lab.kadis"), login(client, "lab.cs")
    other = login(client, "other.kadis")
    listing = client.get(f"/api/cases/{number}/documents", headers=kadis).json()
    assert listing == {"issued": [], "can_issue": ["izin-lab-klinik"]}
    preview = client.get(f"/api/cases/{number}/documents/izin-lab-klinik/preview", headers=kadis)
    assert preview.headers["content-type"] == "application/pdf" and b"DRAF" in preview.content
    url = f"/api/cases/{number}/documents/izin-lab-klinik"
    assert client.post(url, headers=cs).status_code == 403
    assert client.post(url, headers=other).status_code == 404
    issued = client.post(url, headers=kadis)
    assert issued.status_code == 201, issued.text
    document = issued.json()
    assert document["number"].startswith("503/") and document["number"].endswith("/IZIN-LAB/2026")
    assert (document["status"], document["valid_until"]) == ("berlaku", "2031-11-25")
    pdf = client.get(f"/api/documents/{document['code']}/pdf", headers=kadis).content
    assert pdf.startswith(b"%PDF") and document["number"].encode() in pdf
    twice = client.post(url, headers=kadis)  # a double click issues nothing more
    assert twice.status_code == 409 and "sudah diterbitkan" in twice.json()["detail"]

    page = client.get(f"/verify/{document['code']}")
    assert page.status_code == 200
    for text in ("Berlaku", document["number"], "Surat Izin Laboratorium Klinik",
                 "25 November 2026", "sampai dengan 25 November 2031",
                 "KEPALA DPMPTSP PROV. KALTIM"):
        assert text in page.text
    for private in ("Budi Contoh", "081200000000", "contoh.invalid", "Contoh Sejahtera"):
        assert private not in page.text
    assert client.get(f"/verify/{document['code'].lower().replace('-', '')}").status_code == 200

    revoke = f"/api/documents/{document['code']}/revoke"
    assert client.post(revoke, json={"reason": ""}, headers=kadis).status_code == 422
    assert client.post(revoke, json={"reason": "Izin dicabut"}, headers=cs).status_code == 403
    assert client.post(revoke, json={"reason": "Izin dicabut"}, headers=other).status_code == 404
    reason = "Pelanggaran ketentuan penyelenggaraan"
    revoked = client.post(revoke, json={"reason": reason}, headers=kadis)
    assert revoked.status_code == 200 and revoked.json()["status"] == "dicabut"
    assert client.post(revoke, json={"reason": reason}, headers=kadis).status_code == 409
    page = client.get(f"/verify/{document['code']}")
    assert "Dicabut" in page.text and reason not in page.text
    with sessionmaker(bind=engine)() as session:
        actions = session.scalars(select(DocumentEvent.action).join(IssuedDocument).where(
            IssuedDocument.number == document["number"]).order_by(DocumentEvent.id)).all()
        assert actions == ["issued", "signed", "revoked"]
        case_actions = session.scalars(select(CaseEvent.action).join(Case).where(
            Case.number == number)).all()
        assert {"document_issued", "document_revoked"} <= set(case_actions)

    # A second permit on the same case, then 5 years and a day later: kedaluwarsa.
    second = client.post(url, headers=kadis).json()
    clock.now = at("2031-11-26 08:00")
    page = client.get(f"/verify/{second['code']}")
    assert "Kedaluwarsa" in page.text and "Berlaku</span>" not in page.text
    clock.now = at("2031-11-25 15:00")
    assert "Berlaku</span>" in client.get(f"/verify/{second['code']}").text


def test_permit_without_validity_and_no_nik_anywhere(client: TestClient, engine: Engine,
                                                     workflow: Workflow) -> None:
    number = case_at(engine, workflow, "izin-lks-lksa", LKS_FIELDS, "s8")
    kadis = login(client, "lks.kadis")
    document = client.post(f"/api/cases/{number}/documents/izin-operasional-lks",
                           headers=kadis).json()
    assert document["valid_until"] is None and "/IZOP-LKS/2026" in document["number"]
    page = client.get(f"/verify/{document['code']}").text
    assert "tidak dibatasi masa berlaku" in page and "Kepala Dinas" in page
    pdf = client.get(f"/api/documents/{document['code']}/pdf", headers=kadis).content
    for leak in (page.encode(), pdf):
        assert LKS_NIK.encode() not in leak and b"081200000001" not in leak
    assert b"LKSA Contoh Harapan" in pdf


def test_unknown_codes_get_a_404_page(client: TestClient) -> None:
    for code in ("ZZZZ-ZZZZ-ZZZZ", "x" * 200, "<script>"):
        page = client.get(f"/verify/{code}")
        assert page.status_code == 404 and "tidak ditemukan" in page.text
        assert "<script>" not in page.text
