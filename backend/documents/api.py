"""Officer API for documents: list, preview, issue (number + sign), download and revoke."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api.deps import CurrentOfficer, NowDep, SessionDep
from backend.documents.issuing import DocumentKit, issue_document, preview_pdf, products_at_step
from backend.documents.issuing import stored_pdf as read_pdf
from backend.documents.models import IssuedDocument
from backend.documents.numbering import display_code
from backend.documents.registers import Product
from backend.documents.service import (
    WIB,
    DocumentError,
    Issuer,
    document_by_code,
    revoke_document,
    validity_on,
)
from backend.documents.signing import SigningUnavailable
from backend.models import Case, Officer
from backend.workflow.queries import case_by_number

router = APIRouter(prefix="/api", tags=["documents"])


class DocumentOut(BaseModel):
    number: str
    code: str
    product: str
    title: str
    case_id: int
    issued_on: date
    valid_until: date | None
    status: str = Field(description="berlaku, dicabut or kedaluwarsa")
    signer_role: str
    signer_label: str


class CaseDocumentsOut(BaseModel):
    issued: list[DocumentOut]
    can_issue: list[str] = Field(description="Products the current step issues")


class RevokeIn(BaseModel):
    reason: str = Field(min_length=3, max_length=2000)


def get_kit(request: Request) -> DocumentKit:
    """The app's document kit, built once."""
    state = request.app.state
    if getattr(state, "documents", None) is None:
        state.documents = DocumentKit.build(state.settings, state.workflow.catalog)
    return state.documents


KitDep = Annotated[DocumentKit, Depends(get_kit)]


def _out(document: IssuedDocument, today: date) -> DocumentOut:
    return DocumentOut(number=document.number, code=display_code(document.verify_code),
                       product=document.product, title=document.title, case_id=document.case_id,
                       issued_on=document.issued_on, valid_until=document.valid_until,
                       status=validity_on(document, today).value,
                       signer_role=document.signer_role, signer_label=document.signer_label)


def _own_case(session: Session, number: str, officer: Officer, *, lock: bool = False) -> Case:
    case = case_by_number(session, number, for_update=lock)
    if case is None or case.agency != officer.agency:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no case {number} in your agency")
    return case


def _product(kit: DocumentKit, case: Case, code: str, officer: Officer) -> Product:
    product = kit.registers.products.get(code)
    if product is None or product.service != case.service_code:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{case.service_code} issues no {code}")
    if product.signer_role not in officer.role_names:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            f"hanya peran {product.signer_role} yang menandatangani {code}")
    return product


def _issuer(officer: Officer) -> Issuer:
    return Issuer(kind="officer", id=officer.username, name=officer.full_name)


@router.get("/cases/{number}/documents", response_model=CaseDocumentsOut)
def case_documents(number: str, session: SessionDep, officer: CurrentOfficer, kit: KitDep,
                   now: NowDep) -> CaseDocumentsOut:
    """The documents issued from a case, and what its current step can issue."""
    case = _own_case(session, number, officer)
    today = now.astimezone(WIB).date()
    issued = session.scalars(select(IssuedDocument).where(IssuedDocument.case_id == case.id)
                             .order_by(IssuedDocument.id))
    return CaseDocumentsOut(issued=[_out(d, today) for d in issued],
                            can_issue=[p.code for p in products_at_step(kit, case)])


PDF = {200: {"content": {"application/pdf": {}}, "description": "PDF"}}


@router.get("/cases/{number}/documents/{product}/preview", response_class=Response,
            responses=PDF)
def preview(number: str, product: str, session: SessionDep, officer: CurrentOfficer,
            kit: KitDep, now: NowDep) -> Response:
    """The unsigned, unnumbered draft (PDF watermarked DRAF)."""
    case = _own_case(session, number, officer)
    pdf = preview_pdf(kit, case, _product(kit, case, product, officer), now)
    return Response(pdf, media_type="application/pdf")


@router.post("/cases/{number}/documents/{product}", response_model=DocumentOut,
             status_code=status.HTTP_201_CREATED)
def issue(number: str, product: str, session: SessionDep, officer: CurrentOfficer, kit: KitDep,
          now: NowDep) -> DocumentOut:
    """Number the document in its register and sign it with the signer role's certificate."""
    case = _own_case(session, number, officer, lock=True)
    try:
        document = issue_document(session, kit, case, _product(kit, case, product, officer),
                                  issuer=_issuer(officer), now=now)
    except (DocumentError, SigningUnavailable) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    return _out(document, now.astimezone(WIB).date())


def _own_document(session: Session, code: str, officer: Officer, *,
                  lock: bool = False) -> IssuedDocument:
    document = document_by_code(session, code, for_update=lock)
    if document is None or document.agency != officer.agency:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no document {code} in your agency")
    return document


@router.get("/documents/{code}/pdf", response_class=Response, responses=PDF)
def download(code: str, session: SessionDep, officer: CurrentOfficer, kit: KitDep) -> Response:
    """The signed PDF as issued."""
    return Response(read_pdf(kit, _own_document(session, code, officer)),
                    media_type="application/pdf")


@router.post("/documents/{code}/revoke", response_model=DocumentOut)
def revoke(code: str, body: RevokeIn, session: SessionDep, officer: CurrentOfficer, kit: KitDep,
           now: NowDep) -> DocumentOut:
    """Revoke a document (reason required; recorded in the document's and the case's log)."""
    document = _own_document(session, code, officer, lock=True)
    product = kit.registers.products.get(document.product)
    allowed = product.revokers if product else (document.signer_role,)
    if not officer.role_names & set(allowed):
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            f"pencabutan hanya oleh peran {', '.join(allowed)}")
    try:
        revoke_document(session, document, reason=body.reason, issuer=_issuer(officer), now=now)
    except DocumentError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    return _out(document, now.astimezone(WIB).date())
