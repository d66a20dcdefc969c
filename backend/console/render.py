"""Render console pages: Jinja2 templates, Indonesian date formats, security headers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from backend.console.deps import keeps_rosters
from backend.console.sessions import SignedIn
from backend.core.roles import is_admin, is_agent

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
WIB = ZoneInfo("Asia/Jakarta")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'self'; frame-src 'self'; "
        "frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def wib(value: datetime | None, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """An aware datetime as WIB wall-clock text, the zone said ('-' when missing)."""
    return f"{value.astimezone(WIB).strftime(pattern)} WIB" if value else "-"


TEMPLATES.env.filters["wib"] = wib
TEMPLATES.env.globals.update(is_admin=is_admin, is_agent=is_agent, keeps_rosters=keeps_rosters)


def secure(response: Response) -> Response:
    """Add the console's security headers to a response."""
    response.headers.update(SECURITY_HEADERS)
    return response


def page(request: Request, template: str, *, user: SignedIn | None = None,
         status_code: int = 200, **context: Any) -> HTMLResponse:
    """A console page; ``user`` provides the officer and the CSRF token to the template."""
    context.update(user=user, officer=user.officer if user else None,
                   csrf=user.csrf if user else context.get("csrf"))
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    secure(response)
    return response
