"""The console's documents: on the producing step the signer previews, corrects and issues;
the step cannot be completed before; revoke with a reason; the agency's register and its CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Case, CaseEvent, Officer, OfficerRole
from backend.core.models.documents import IssuedDocument
from backend.core.security import hash_password
from backend.core.workflow.engine import Workflow
from backend.documents import console_views as documents_console
from backend.documents.signing import check_signature, trust_roots
from backend.payments import console_views as payments_console
from tests.support.app import Clock, app_settings
from tests.support.cases import LAB_FIELDS, open_case
from tests.support.officers import PASSWORD, log_in

ACCOUNTS = {"konsol.kadis": ("dpmptsp", "kadis"), "konsol.cs": ("dpmptsp", "cs"),
            "konsol.lain": ("disdagperin", "kepala-balai")}


@pytest.fixture(scope="module")
def console_officers(engine: Engine) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        for username, (agency, role) in ACCOUNTS.items():
            officer = Officer(username=username, full_name=f"{username} Contoh", agency=agency,
                              password_hash=hash_password(PASSWORD))
            officer.roles.append(OfficerRole(role=role))
            session.add(officer)


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           console_officers: None, pki_dir: Path) -> Iterator[TestClient]:
    configured = app_settings(settings, tmp_path)
    configured = configured.model_copy(update={"documents": configured.documents.model_copy(
        update={"pki_dir": str(pki_dir), "storage_dir": str(tmp_path / "docs"),
                "signer_passphrase": "uji-coba"})})
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _lab_case(engine: Engine, workflow: Workflow) -> str:
    case_id = open_case(engine, workflow)
    with sessionmaker(bind=engine)() as session, session.begin():
        case = session.get(Case, case_id)
        case.current_step_id = "s14"
        return case.number


def _document(engine: Engine, number: str) -> IssuedDocument | None:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        return session.scalar(select(IssuedDocument).join(Case, Case.id == IssuedDocument.case_id)
                              .where(Case.number == number))


def test_the_signer_previews_corrects_and_issues_on_the_producing_step(
        client: TestClient, engine: Engine, workflow: Workflow, pki_dir: Path) -> None:
    number = _lab_case(engine, workflow)
    base = f"/console/kasus/{number}"
    csrf = log_in(client, "konsol.cs")
    page = client.get(base).text
    assert "oleh peran" in page and "Terbitkan dan tandatangani" not in page
    assert client.get(f"{base}/terbitan/izin-lab-klinik/pratinjau").status_code == 403
    assert client.post(f"{base}/terbitan/izin-lab-klinik",
                       data={"csrf": csrf}).status_code == 403

    csrf = log_in(client, "konsol.kadis")
    page = client.get(base).text
    assert "Lihat draf Surat Izin Laboratorium Klinik" in page
    assert 'value="Laboratorium Klinik Contoh Sejahtera"' in page
    draft = client.get(f"{base}/terbitan/izin-lab-klinik/pratinjau")
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    refused = client.post(f"{base}/tindakan", data={
        "csrf": csrf, "action": "complete", "outcome": "Disetujui dan ditandatangani"})
    assert refused.status_code == 409 and "terbitkan dan tandatangani" in refused.text
    assert _document(engine, number) is None

    assert client.post(f"{base}/terbitan/izin-lab-klinik/isian",
                       data={"field_lab_name": "Laboratorium Klinik Contoh Makmur"}
                       ).status_code == 403  # no CSRF token
    corrected = client.post(f"{base}/terbitan/izin-lab-klinik/isian", data={
        "csrf": csrf, "field_lab_name": "Laboratorium Klinik Contoh Makmur",
        "field_lab_type": LAB_FIELDS["lab_type"]})
    assert corrected.status_code == 303
    with sessionmaker(bind=engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert {f.name: f.value for f in case.fields}["lab_name"] == \
            "Laboratorium Klinik Contoh Makmur"
        [event] = [e for e in case.events if e.action == "document_fields_corrected"]
        assert event.note == "Surat Izin Laboratorium Klinik: Nama laboratorium klinik"

    issued = client.post(f"{base}/terbitan/izin-lab-klinik", data={"csrf": csrf})
    assert issued.status_code == 303 and "dokumen=terbit" in issued.headers["location"]
    document = _document(engine, number)
    assert document is not None and document.issued_by == "konsol.kadis"
    code = "-".join(document.verify_code[i:i + 4] for i in range(0, 12, 4))
    page = client.get(base).text
    assert document.number in page and "Terbitkan dan tandatangani" not in page
    pdf = client.get(f"/console/terbitan/{code}/pdf").content
    assert check_signature(pdf, trust_roots(client.app.state.settings.documents, pki_dir)).valid
    assert client.post(f"{base}/tindakan", data={
        "csrf": csrf, "action": "complete",
        "outcome": "Disetujui dan ditandatangani"}).status_code == 303


def test_revoke_needs_the_role_and_a_reason(client: TestClient, engine: Engine,
                                            workflow: Workflow) -> None:
    number = _lab_case(engine, workflow)
    csrf = log_in(client, "konsol.kadis")
    client.post(f"/console/kasus/{number}/terbitan/izin-lab-klinik", data={"csrf": csrf})
    document = _document(engine, number)
    revoke = f"/console/terbitan/{document.verify_code}/cabut"
    assert client.post(revoke, data={"csrf": csrf, "reason": " "}).status_code == 409
    csrf = log_in(client, "konsol.cs")
    assert client.post(revoke, data={"csrf": csrf, "reason": "Salah alamat"}).status_code == 403
    csrf = log_in(client, "konsol.lain")
    assert client.post(revoke, data={"csrf": csrf, "reason": "Salah alamat"}).status_code == 404
    csrf = log_in(client, "konsol.kadis")
    assert client.post(revoke, data={"csrf": csrf,
                                     "reason": "Alamat laboratorium salah"}).status_code == 303
    assert "Dicabut" in client.get(f"/verify/{document.verify_code}").text
    with sessionmaker(bind=engine)() as session:
        events = session.scalars(select(CaseEvent.action).where(
            CaseEvent.case_id == document.case_id)).all()
        assert "document_revoked" in events


def test_the_register_per_agency_with_search_and_csv(client: TestClient, engine: Engine,
                                                     workflow: Workflow) -> None:
    numbers = [_lab_case(engine, workflow) for _ in range(2)]
    csrf = log_in(client, "konsol.kadis")
    for number in numbers:
        client.post(f"/console/kasus/{number}/terbitan/izin-lab-klinik", data={"csrf": csrf})
    first, second = (_document(engine, n) for n in numbers)
    page = client.get("/console/register").text
    assert first.number in page and second.number in page
    found = client.get("/console/register", params={"q": first.number}).text
    assert first.number in found and second.number not in found
    rows = list(csv.DictReader(io.StringIO(
        client.get("/console/register.csv", params={"q": numbers[1]}).text)))
    assert [(r["nomor"], r["kasus"], r["status"]) for r in rows] == [
        (second.number, numbers[1], "berlaku")]
    log_in(client, "konsol.cs")
    assert client.get("/console/register").status_code == 403
    assert client.get("/console/register.csv").status_code == 403
    log_in(client, "konsol.lain")  # another agency's signer sees its own (empty) register
    assert first.number not in client.get("/console/register").text


def test_every_documents_and_payments_post_needs_the_csrf_token(
        client: TestClient, engine: Engine, workflow: Workflow) -> None:
    number = _lab_case(engine, workflow)
    log_in(client, "konsol.kadis")
    paths = [route.path for module in (documents_console, payments_console)
             for route in module.router.routes if "POST" in route.methods]
    assert len(paths) == 7
    for path in paths:
        target = (path.replace("{number}", number).replace("{product}", "izin-lab-klinik")
                  .replace("{code}", "ABCD-EFGH-JKLM"))
        for token in ({}, {"csrf": "palsu"}):
            response = client.post(target, data={"amount": "1000", "reason": "alasan", **token})
            assert response.status_code == 403, target
    assert _document(engine, number) is None
