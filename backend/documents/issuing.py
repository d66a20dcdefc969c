"""Issue a document from a case: number it, render it, sign it as the role, store it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyhanko.sign.timestamps import TimeStamper
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.config import PROJECT_ROOT, Environment, Settings
from backend.core.document_settings import DocumentSettings
from backend.core.media import store_media
from backend.core.media_links import safe_file_name
from backend.core.models import Case, CaseStatus
from backend.core.models.documents import DocumentStatus, IssuedDocument
from backend.documents.numbering import display_code
from backend.documents.pki import signer_key
from backend.documents.registers import Product, Registers, load_registers
from backend.documents.render import Sheet, Templates, render_pdf
from backend.documents.service import (
    WIB,
    DocumentError,
    Issuer,
    announce_issue,
    record,
    register_document,
)
from backend.documents.service import valid_until as validity_end
from backend.documents.signing import load_signer, sign_pdf, timestamper
from backend.documents.texts import tanggal, validity_text

DRAFT_NUMBER = "(diberikan saat diterbitkan)"
DRAFT_CODE = "XXXXXXXXXXXX"  # a preview's verification code: the real one exists once issued


@dataclass(frozen=True)
class DocumentKit:
    """What issuing needs: settings, registers, templates and the catalog."""

    settings: DocumentSettings
    registers: Registers
    catalog: Catalog
    public_url: str
    media_root: Path  # the media store that chat deliveries read
    root: Path = PROJECT_ROOT
    allow_test_certificates: bool = True
    stamper: TimeStamper | None = None  # replaces documents.tsa_url (tests)

    @classmethod
    def build(cls, settings: Settings, catalog: Catalog) -> DocumentKit:
        path = settings.resolved_path(settings.documents.registers_file)
        return cls(settings=settings.documents, registers=load_registers(path, catalog),
                   catalog=catalog, public_url=settings.public_url,
                   media_root=settings.resolved_path(settings.storage.root),
                   allow_test_certificates=settings.environment is not Environment.PRODUCTION)

    def path(self, relative: str) -> Path:
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else self.root / candidate

    def verify_url(self, code: str) -> str:
        return f"{self.public_url.rstrip('/')}/verify/{display_code(code)}"


def products_at_step(kit: DocumentKit, case: Case) -> list[Product]:
    """The products the case's current step issues."""
    return [p for p in kit.registers.for_service(case.service_code)
            if p.issue_step == case.current_step_id]


def _sheet(kit: DocumentKit, case: Case, product: Product, document: IssuedDocument | None,
           now: datetime) -> Sheet:
    service = kit.catalog.services[product.service]
    values = {f.name: f.value for f in case.fields}
    issued_on = document.issued_on if document else now.astimezone(WIB).date()
    until = document.valid_until if document else validity_end(product, issued_on)
    code = document.verify_code if document else DRAFT_CODE
    return Sheet(letterhead=kit.settings.letterhead, agency=kit.catalog.agencies[case.agency].name,
                 title=product.title, number=document.number if document else DRAFT_NUMBER,
                 issued_text=tanggal(issued_on), validity_text=validity_text(until),
                 place=kit.settings.place, signer_label=service.roles[product.signer_role].label,
                 verify_url=kit.verify_url(code), code_text=display_code(code),
                 fields={name: values.get(name, "-") for name in product.fields},
                 draft=document is None)


def _render(kit: DocumentKit, case: Case, product: Product, document: IssuedDocument | None,
            now: datetime) -> bytes:
    sheet = _sheet(kit, case, product, document, now)
    body = Templates(kit.registers.templates_dir).body(product.template, sheet)
    return render_pdf(body, sheet)


def preview_pdf(kit: DocumentKit, case: Case, product: Product, now: datetime) -> bytes:
    """The draft (watermarked DRAF, unnumbered, unsigned) for the officer to check."""
    return _render(kit, case, product, None, now)


def issue_document(session: Session, kit: DocumentKit, case: Case, product: Product, *,
                   issuer: Issuer, now: datetime) -> IssuedDocument:
    """Number, render, sign and store, all in the caller's transaction (rollback = no number)."""
    if case.status != CaseStatus.OPEN or case.current_step_id != product.issue_step:
        raise DocumentError(f"{product.title} diterbitkan pada langkah {product.issue_step}; "
                            f"kasus {case.number} tidak sedang di langkah itu.")
    if current_document(session, case, product) is not None:
        raise DocumentError(f"{product.title} untuk kasus {case.number} sudah diterbitkan; "
                            "cabut dulu bila harus diterbitkan ulang.")
    signer = load_signer(kit.settings, kit.root, signer_key(case.agency, product.signer_role),
                         allow_test=kit.allow_test_certificates)
    label = kit.catalog.services[product.service].roles[product.signer_role].label
    document = register_document(session, case=case, product=product, signer_label=label,
                                 issuer=issuer, now=now)
    signed = sign_pdf(_render(kit, case, product, document, now), signer,
                      reason=f"{product.title} {document.number}", location=kit.settings.place,
                      stamper=kit.stamper or timestamper(kit.settings))
    key = f"{document.year}/{product.code}/{document.verify_code}.pdf"
    target = kit.path(kit.settings.storage_dir) / key
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(signed)
    document.storage_key = key
    document.pdf_sha256 = hashlib.sha256(signed).hexdigest()
    assert signer.signing_cert is not None  # a signer loaded from its key file has one
    certificate = signer.signing_cert.subject.human_friendly
    record(session, document, "signed", issuer, now,
           data={"sha256": document.pdf_sha256, "signer": certificate})
    announce_issue(session, document, step_id=product.issue_step, issuer=issuer, now=now,
                   data=_delivery(kit, document, signed))
    session.flush()
    return document


def _delivery(kit: DocumentKit, document: IssuedDocument, signed: bytes) -> dict[str, str | int]:
    """What the chat delivery needs: the PDF in the media store, its file name, the link."""
    stored = store_media(signed, root=kit.media_root, max_bytes=len(signed) + 1,
                         allowed=("application/pdf",))
    return {"document_id": document.id, "media_key": stored.storage_key,
            "file_name": safe_file_name(f"{document.number}.pdf".replace("/", "-")),
            "verify_url": kit.verify_url(document.verify_code)}


def current_document(session: Session, case: Case, product: Product) -> IssuedDocument | None:
    """The case's document of ``product`` that has not been revoked, if any."""
    return session.scalar(select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.product == product.code,
        IssuedDocument.status == DocumentStatus.ISSUED))


def stored_pdf(kit: DocumentKit, document: IssuedDocument) -> bytes:
    """The signed PDF as issued."""
    if not document.storage_key:
        raise DocumentError(f"Berkas dokumen {document.number} tidak tersimpan.")
    return (kit.path(kit.settings.storage_dir) / document.storage_key).read_bytes()
