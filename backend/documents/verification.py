"""What the public verification page may show: only what the paper itself shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.catalog.loader import Catalog
from backend.documents.models import IssuedDocument
from backend.documents.numbering import display_code
from backend.documents.service import WIB, validity_on
from backend.documents.texts import VALIDITY_TEXT, Validity, tanggal, validity_text


@dataclass(frozen=True)
class PublicView:
    """The verification page's facts (no applicant data, no revocation reason)."""

    title: str
    number: str
    agency: str
    issued: str
    validity: str
    status: Validity
    status_text: str
    signer: str
    code: str
    revoked_on: str | None


def public_view(document: IssuedDocument, catalog: Catalog, now: datetime) -> PublicView:
    """The document as the verification page shows it on ``now``."""
    status = validity_on(document, now.astimezone(WIB).date())
    agency = catalog.agencies.get(document.agency)
    revoked = document.revoked_at.astimezone(WIB).date() if document.revoked_at else None
    return PublicView(title=document.title, number=document.number,
                      agency=agency.name if agency else document.agency,
                      issued=tanggal(document.issued_on),
                      validity=validity_text(document.valid_until), status=status,
                      status_text=VALIDITY_TEXT[status], signer=document.signer_label,
                      code=display_code(document.verify_code),
                      revoked_on=tanggal(revoked) if revoked else None)
