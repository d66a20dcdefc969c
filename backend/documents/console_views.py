"""The documents on the console's case page: preview, field corrections, issue and revoke.

The case page shows the section ``panel`` renders (wired by the root as a case panel); every
route checks the officer's agency and role again (signer role to issue, revoke roles to revoke).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from backend.console.access import Access
from backend.console.deps import Guard, Poster, User
from backend.console.feature_pages import FeaturePages
from backend.console.render import secure
from backend.console.sessions import SignedIn
from backend.core.models import Case, CaseStatus, Officer
from backend.core.models.documents import IssuedDocument
from backend.documents.api import KitDep, get_kit
from backend.documents.corrections import correct_fields
from backend.documents.issuing import DocumentKit, current_document, issue_document, preview_pdf
from backend.documents.issuing import stored_pdf as read_pdf
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

router = APIRouter(prefix="/console", include_in_schema=False)
PAGES = FeaturePages(Path(__file__).resolve().parent / "templates" / "console")
DONE = {"terbit": "Dokumen diterbitkan dan ditandatangani; pemohon menerimanya di chat.",
        "isian": "Isian dokumen dikoreksi.", "cabut": "Dokumen dicabut."}


def _issuer(officer: Officer) -> Issuer:
    return Issuer(kind="officer", id=officer.username, name=officer.full_name)


def _labels(kit: DocumentKit, case: Case) -> dict[str, str]:
    return {f.name: f.label for f in kit.catalog.services[case.service_code].fields}


def panel(request: Request, access: Access, user: SignedIn, case: Case) -> Markup | None:
    """The case page's documents section, when the service issues documents."""
    kit = get_kit(request)
    products = kit.registers.for_service(case.service_code)
    if not products:
        return None
    officer, today = user.officer, access.now.astimezone(WIB).date()
    issued = access.session.scalars(select(IssuedDocument).where(
        IssuedDocument.case_id == case.id).order_by(IssuedDocument.id)).all()
    values = {f.name: f.value for f in case.fields}
    labels = _labels(kit, case)
    producing = [p for p in products if case.status == CaseStatus.OPEN
                 and case.current_step_id == p.issue_step
                 and current_document(access.session, case, p) is None]
    roles = kit.catalog.services[case.service_code].roles
    return PAGES.section("panel.html", case=case, csrf=user.csrf, issued=issued, today=today,
                   status_of=lambda d: validity_on(d, today).value, code_of=display_code,
                   producing=producing, signer=lambda p: p.signer_role in officer.role_names,
                   revoker=lambda d: _may_revoke(kit, d, officer), values=values,
                   labels=labels, role_label=lambda r: roles[r].label if r in roles else r,
                   done=DONE.get(request.query_params.get("dokumen", "")))


def _may_revoke(kit: DocumentKit, document: IssuedDocument, officer: Officer) -> bool:
    product = kit.registers.products.get(document.product)
    allowed = product.revokers if product else (document.signer_role,)
    return document.agency == officer.agency and bool(officer.role_names & set(allowed))


def _signer_product(kit: DocumentKit, case: Case, code: str, officer: Officer) -> Product:
    product = kit.registers.products.get(code)
    if product is None or product.service != case.service_code:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "dokumen tidak dikenal untuk layanan ini")
    if product.signer_role not in officer.role_names:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            f"hanya peran {product.signer_role} yang menerbitkan dokumen ini")
    return product


def _back(number: str, done: str) -> Response:
    return secure(RedirectResponse(f"/console/kasus/{number}?dokumen={done}#dokumen-terbit",
                                   status.HTTP_303_SEE_OTHER))


def _refused(request: Request, user: SignedIn, number: str, error: Exception) -> Response:
    return PAGES.page(request, "refused.html", user=user, number=number, reason=str(error),
                     status_code=status.HTTP_409_CONFLICT)


@router.get("/kasus/{number}/terbitan/{product}/pratinjau")
def preview(number: str, product: str, guard: Guard, user: User, kit: KitDep) -> Response:
    """The draft PDF (watermarked DRAF, unnumbered, unsigned), for the signer role."""
    case = guard.case(number, user.officer)
    pdf = preview_pdf(kit, case, _signer_product(kit, case, product, user.officer), guard.now)
    return secure(Response(pdf, media_type="application/pdf",
                           headers={"Content-Disposition": "inline; filename=draf.pdf"}))


@router.post("/kasus/{number}/terbitan/{product}/isian")
async def correct(number: str, product: str, request: Request, guard: Guard, user: Poster,
                  kit: KitDep) -> Response:
    """Correct the fields the document prints, before issuing it."""
    case = guard.case(number, user.officer, lock=True)
    chosen = _signer_product(kit, case, product, user.officer)
    form = await request.form()
    values = {name: str(form.get(f"field_{name}") or "") for name in chosen.fields}
    try:
        correct_fields(case, chosen, values, labels=_labels(kit, case),
                       issuer=_issuer(user.officer), now=guard.now)
    except DocumentError as error:
        return _refused(request, user, number, error)
    return _back(case.number, "isian")


@router.post("/kasus/{number}/terbitan/{product}")
def issue(number: str, product: str, request: Request, guard: Guard, user: Poster,
          kit: KitDep) -> Response:
    """Number the document in its register and sign it as the signer role."""
    case = guard.case(number, user.officer, lock=True)
    chosen = _signer_product(kit, case, product, user.officer)
    try:
        issue_document(guard.session, kit, case, chosen, issuer=_issuer(user.officer),
                       now=guard.now)
    except (DocumentError, SigningUnavailable) as error:
        return _refused(request, user, number, error)
    request.app.state.workers.wake_outbox()
    return _back(case.number, "terbit")


def _own_document(guard: Access, code: str, officer: Officer, *,
                  lock: bool = False) -> IssuedDocument:
    """The document, if the officer may read its case (same rules as the case page)."""
    document = document_by_code(guard.session, code, for_update=lock)
    case = guard.session.get(Case, document.case_id) if document else None
    if document is None or case is None or document.agency != officer.agency:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "dokumen tidak ditemukan")
    guard.case(case.number, officer)
    return document


@router.get("/terbitan/{code}/pdf")
def download(code: str, guard: Guard, user: User, kit: KitDep) -> Response:
    """The signed PDF as issued."""
    document = _own_document(guard, code, user.officer)
    name = document.number.replace("/", "-")
    return secure(Response(read_pdf(kit, document), media_type="application/pdf",
                           headers={"Content-Disposition": f'inline; filename="{name}.pdf"'}))


@router.post("/terbitan/{code}/cabut")
def revoke(code: str, request: Request, guard: Guard, user: Poster, kit: KitDep,
           reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Revoke with a reason (revoke roles only); /verify shows 'dicabut' from now on."""
    document = _own_document(guard, code, user.officer, lock=True)
    case = guard.session.get(Case, document.case_id)
    assert case is not None  # _own_document found it
    if not _may_revoke(kit, document, user.officer):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Anda tidak berwenang mencabut dokumen ini")
    try:
        revoke_document(guard.session, document, reason=reason, issuer=_issuer(user.officer),
                        now=guard.now)
    except DocumentError as error:
        return _refused(request, user, case.number, error)
    return _back(case.number, "cabut")
