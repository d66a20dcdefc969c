"""Issued PDFs: rendered from the template, PAdES-signed, valid against the test CA only intact."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.config import Settings
from backend.core.models import Case
from backend.core.workflow.engine import Workflow
from backend.documents.issuing import DocumentKit, issue_document, preview_pdf, stored_pdf
from backend.documents.pki import CA_NAME
from backend.documents.registers import Registers
from backend.documents.service import DocumentError, Issuer
from backend.documents.signing import SigningUnavailable, check_signature, trust_roots
from tests.support.app import at
from tests.support.cases import open_case

KADIS = Issuer(kind="officer", id="kadis.uji", name="Kadis Uji")


def make_kit(settings: Settings, catalog: Catalog, registers: Registers, pki_dir: Path,
             tmp_path: Path, **changes: object) -> DocumentKit:
    documents = settings.documents.model_copy(update={
        "pki_dir": str(pki_dir), "storage_dir": str(tmp_path / "docs"),
        "signer_passphrase": "uji-coba", **changes})
    return DocumentKit(settings=documents, registers=registers, catalog=catalog,
                       public_url="https://halo.example.invalid",
                       media_root=tmp_path / "media")


def at_signing_step(engine: Engine, workflow: Workflow, case_id: int) -> None:
    with sessionmaker(bind=engine)() as session, session.begin():
        session.get(Case, case_id).current_step_id = "s14"


@pytest.fixture
def kit(settings: Settings, catalog: Catalog, registers: Registers, pki_dir: Path,
        tmp_path: Path) -> DocumentKit:
    return make_kit(settings, catalog, registers, pki_dir, tmp_path)


def test_issued_permit_is_signed_valid_and_fails_after_one_changed_byte(
        engine: Engine, workflow: Workflow, kit: DocumentKit) -> None:
    case_id = open_case(engine, workflow)
    at_signing_step(engine, workflow, case_id)
    product = kit.registers.products["izin-lab-klinik"]
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        document = issue_document(session, kit, session.get(Case, case_id), product,
                                  issuer=KADIS, now=at("2026-11-25 10:00"))
    pdf = stored_pdf(kit, document)
    assert pdf.startswith(b"%PDF") and document.number.startswith("503/")
    roots = trust_roots(kit.settings, kit.root)
    check = check_signature(pdf, roots)
    assert check.valid and check.intact and check.trusted and not check.timestamped
    assert "TEST" in check.signer
    reader = PdfFileReader(BytesIO(pdf))  # PAdES baseline: the ETSI CAdES sub-filter
    assert reader.embedded_signatures[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert b"PEMERINTAH KABUPATEN LAMPUNG SELATAN" in pdf
    assert b"Laboratorium Klinik Contoh Sejahtera" in pdf
    assert document.number.encode() in pdf and b"/verify/" in pdf
    assert b"081200000000" not in pdf  # the applicant's phone is not a field of the permit
    position = pdf.index(b"Laboratorium Klinik Contoh Sejahtera")
    tampered = pdf[:position] + b"l" + pdf[position + 1:]
    assert not check_signature(tampered, roots).valid
    assert not check_signature(pdf, []).valid  # untrusted without the CA
    assert CA_NAME.startswith("TEST")


def test_preview_is_a_draft_and_issuing_needs_the_step_and_a_certificate(
        engine: Engine, workflow: Workflow, kit: DocumentKit, settings: Settings,
        catalog: Catalog, registers: Registers, tmp_path: Path) -> None:
    case_id = open_case(engine, workflow)
    product = kit.registers.products["izin-lab-klinik"]
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        case = session.get(Case, case_id)
        draft = preview_pdf(kit, case, product, at("2026-11-25 10:00"))
        assert b"DRAF" in draft and not check_signature(draft, []).valid
        with pytest.raises(DocumentError):
            issue_document(session, kit, case, product, issuer=KADIS, now=at("2026-11-25 10:00"))
        case.current_step_id = "s14"
        empty = make_kit(settings, catalog, registers, tmp_path / "none", tmp_path)
        with pytest.raises(SigningUnavailable):
            issue_document(session, empty, case, product, issuer=KADIS,
                           now=at("2026-11-25 10:00"))
        production = DocumentKit(settings=kit.settings, registers=registers, catalog=catalog,
                                 public_url=kit.public_url, media_root=kit.media_root,
                                 allow_test_certificates=False)
        with pytest.raises(SigningUnavailable):
            issue_document(session, production, case, product, issuer=KADIS,
                           now=at("2026-11-25 10:00"))


def test_time_stamped_signature_is_pades_b_t(engine: Engine, workflow: Workflow,
                                             kit: DocumentKit, pki_dir: Path) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca = x509.load_pem_x509_certificate((pki_dir / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((pki_dir / "ca.key").read_bytes(), b"uji-coba")
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    tsa = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST TSA")]))
           .issuer_name(ca.subject).public_key(tsa_key.public_key())
           .serial_number(x509.random_serial_number())
           .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                          critical=True)
           .sign(ca_key, hashes.SHA256()))
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(tsa_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())))
    case_id = open_case(engine, workflow)
    at_signing_step(engine, workflow, case_id)
    stamped_kit = replace(kit, stamper=stamper)
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        document = issue_document(session, stamped_kit, session.get(Case, case_id),
                                  kit.registers.products["izin-lab-klinik"], issuer=KADIS,
                                  now=at("2026-11-25 10:00"))
    check = check_signature(stored_pdf(kit, document), trust_roots(kit.settings, kit.root))
    assert check.valid and check.timestamped
