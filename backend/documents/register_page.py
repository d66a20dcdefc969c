"""The console's register of issued documents, per agency: search by number, CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backend.console.deps import SessionDep, User
from backend.console.feature_pages import FeaturePages
from backend.console.render import secure
from backend.core.models import Case, Officer
from backend.core.models.documents import IssuedDocument
from backend.documents.api import KitDep
from backend.documents.issuing import DocumentKit
from backend.documents.numbering import display_code, normalise_code
from backend.documents.service import WIB, validity_on
from backend.documents.texts import VALIDITY_TEXT

router = APIRouter(prefix="/console", include_in_schema=False)
PAGES = FeaturePages(Path(__file__).resolve().parent / "templates" / "console")
Search = Annotated[str, Query(max_length=100)]
LIMIT = 500
ADMIN_ROLE = "admin"


def register_roles(kit: DocumentKit, agency: str) -> set[str]:
    """Who keeps the agency's registers: its products' signer and revoke roles (and admin)."""
    roles = {ADMIN_ROLE}
    for product in kit.registers.products.values():
        if kit.catalog.services[product.service].agency == agency:
            roles |= {product.signer_role, *product.revokers}
    return roles


def _keeper(kit: DocumentKit, officer: Officer) -> None:
    if not officer.role_names & register_roles(kit, officer.agency):
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "register dokumen hanya untuk penanda tangan dan admin instansi")


def _rows(session: Session, officer: Officer, q: str) -> list[tuple[IssuedDocument, str]]:
    statement = (select(IssuedDocument, Case.number).join(Case, Case.id == IssuedDocument.case_id)
                 .where(IssuedDocument.agency == officer.agency)
                 .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()))
    q = q.strip()
    if q:
        statement = statement.where(or_(IssuedDocument.number.ilike(f"%{q}%"),
                                        IssuedDocument.verify_code == normalise_code(q),
                                        Case.number == q))
    return [(d, number) for d, number in session.execute(statement.limit(LIMIT))]


@router.get("/register")
def register(request: Request, session: SessionDep, user: User, kit: KitDep,
             q: Search = "") -> Response:
    """The agency's issued documents, newest first (search: number, code or case number)."""
    _keeper(kit, user.officer)
    today = request.app.state.clock().astimezone(WIB).date()
    rows = [(d, case, VALIDITY_TEXT[validity_on(d, today)], display_code(d.verify_code))
            for d, case in _rows(session, user.officer, q)]
    return PAGES.page(request, "register.html", user=user, rows=rows, q=q, limit=LIMIT)


@router.get("/register.csv")
def register_csv(request: Request, session: SessionDep, user: User, kit: KitDep,
                 q: Search = "") -> Response:
    """The same list as CSV (UTF-8, one row per document)."""
    _keeper(kit, user.officer)
    today = request.app.state.clock().astimezone(WIB).date()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nomor", "dokumen", "kasus", "tanggal_terbit", "berlaku_sampai", "status",
                     "penanda_tangan", "kode_verifikasi"])
    for d, case in _rows(session, user.officer, q):
        writer.writerow([d.number, d.title, case, d.issued_on.isoformat(),
                         d.valid_until.isoformat() if d.valid_until else "",
                         validity_on(d, today).value, d.signer_label,
                         display_code(d.verify_code)])
    headers = {"Content-Disposition": f'attachment; filename="register-{user.officer.agency}.csv"'}
    return secure(Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                           headers=headers))
