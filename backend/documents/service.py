"""Issuing, revoking and looking up documents (the register's domain operations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Case, CaseEvent
from backend.core.models.documents import DocumentEvent, DocumentStatus, IssuedDocument
from backend.documents.numbering import new_verify_code, next_sequence, normalise_code
from backend.documents.registers import Product
from backend.documents.texts import Validity

WIB = ZoneInfo("Asia/Jakarta")


class DocumentError(Exception):
    """A document operation refused (message in Indonesian, shown to officers)."""


@dataclass(frozen=True)
class Issuer:
    """Who issues or revokes: an officer (username) or the system."""

    kind: str
    id: str | None = None
    name: str | None = None


def valid_until(product: Product, issued_on: date) -> date | None:
    """Issue date plus the product's validity in years (29 February falls back a day)."""
    if product.validity_years is None:
        return None
    year = issued_on.year + product.validity_years
    try:
        return issued_on.replace(year=year)
    except ValueError:
        return issued_on.replace(year=year, day=28)


def register_document(session: Session, *, case: Case, product: Product, signer_label: str,
                      issuer: Issuer, now: datetime) -> IssuedDocument:
    """Number a new document of ``product`` for ``case`` within the caller's transaction."""
    local = now.astimezone(WIB)
    sequence = next_sequence(session, product=product.code, year=local.year)
    document = IssuedDocument(
        product=product.code, year=local.year, sequence=sequence,
        number=product.format_number(sequence, local.year, local.month),
        verify_code=new_verify_code(), title=product.title, agency=case.agency,
        case_id=case.id, issued_at=now, issued_on=local.date(),
        valid_until=valid_until(product, local.date()), signer_role=product.signer_role,
        signer_label=signer_label, issued_by=issuer.id, status=DocumentStatus.ISSUED,
    )
    session.add(document)
    session.flush()
    record(session, document, "issued", issuer, now, data={"number": document.number})
    return document


def announce_issue(session: Session, document: IssuedDocument, *, step_id: str, issuer: Issuer,
                   now: datetime, data: dict[str, str | int]) -> None:
    """The case's ``document_issued`` event; ``data`` tells the notifier what to deliver."""
    session.add(CaseEvent(case_id=document.case_id, at=now, actor_kind=issuer.kind,
                          actor_id=issuer.id, actor_name=issuer.name, action="document_issued",
                          step_id=step_id, note=f"{document.title} {document.number}",
                          data=data))


def record(session: Session, document: IssuedDocument, action: str, issuer: Issuer,
           now: datetime, *, note: str | None = None, data: dict[str, str] | None = None) -> None:
    """Append an event to the document's audit log."""
    session.add(DocumentEvent(document_id=document.id, at=now, action=action,
                              actor_kind=issuer.kind, actor_id=issuer.id, note=note, data=data))


def revoke_document(session: Session, document: IssuedDocument, *, reason: str, issuer: Issuer,
                    now: datetime) -> IssuedDocument:
    """Revoke with a reason (required); the verification page shows 'dicabut' from now on."""
    reason = reason.strip()
    if not reason:
        raise DocumentError("Alasan pencabutan wajib diisi.")
    if document.status == DocumentStatus.REVOKED:
        raise DocumentError(f"Dokumen {document.number} sudah dicabut.")
    document.status = DocumentStatus.REVOKED
    document.revoked_at = now
    document.revoked_reason = reason
    record(session, document, "revoked", issuer, now, note=reason)
    session.add(CaseEvent(case_id=document.case_id, at=now, actor_kind=issuer.kind,
                          actor_id=issuer.id, actor_name=issuer.name, action="document_revoked",
                          note=f"{document.title} {document.number}: {reason}"))
    session.flush()
    return document


def validity_on(document: IssuedDocument, today: date) -> Validity:
    """berlaku / dicabut / kedaluwarsa on ``today`` (a WIB date)."""
    if document.status == DocumentStatus.REVOKED:
        return Validity.REVOKED
    if document.valid_until is not None and today > document.valid_until:
        return Validity.EXPIRED
    return Validity.VALID


def document_by_code(session: Session, code: str, *,
                     for_update: bool = False) -> IssuedDocument | None:
    """The document a printed or scanned verification code names, if any."""
    cleaned = normalise_code(code)
    if not cleaned or len(cleaned) > 16:
        return None
    statement = select(IssuedDocument).where(IssuedDocument.verify_code == cleaned)
    return session.scalar(statement.with_for_update() if for_update else statement)


def document_by_number(session: Session, number: str, *,
                       for_update: bool = False) -> IssuedDocument | None:
    statement = select(IssuedDocument).where(IssuedDocument.number == number)
    return session.scalar(statement.with_for_update() if for_update else statement)
