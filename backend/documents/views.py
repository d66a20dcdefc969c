"""Public verification of issued documents: ``GET /verify/<code>`` (HTML, no login)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from backend.documents.service import document_by_code
from backend.documents.verification import public_view

router = APIRouter(tags=["verifikasi"])
_pages = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                     autoescape=True)


@router.get("/verify/{code}", response_class=HTMLResponse, include_in_schema=False)
def verify(code: str, request: Request) -> HTMLResponse:
    """The register's facts about the document behind ``code``; 404 page when unknown."""
    state = request.app.state
    with state.sessions() as session:
        document = document_by_code(session, code)
        view = (public_view(document, state.workflow.catalog, state.clock())
                if document else None)
    page = _pages.get_template("verify.html").render(view=view, code=code[:32])
    return HTMLResponse(page, status_code=200 if view else 404,
                        headers={"Cache-Control": "no-store"})
