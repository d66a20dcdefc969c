"""Pages and case-page sections of features above the console, with the console's look.

A feature keeps its templates in its own folder; they may extend the console's ``base.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from backend.console.render import TEMPLATES as CONSOLE_TEMPLATES
from backend.console.render import secure
from backend.console.sessions import SignedIn

_CONSOLE = Path(__file__).resolve().parent / "templates"


class FeaturePages:
    """Templates from ``folder`` first, then the console's."""

    def __init__(self, folder: Path) -> None:
        loader = ChoiceLoader([FileSystemLoader(folder), FileSystemLoader(_CONSOLE)])
        self._templates = Jinja2Templates(env=Environment(loader=loader, autoescape=True))
        self._templates.env.filters.update(CONSOLE_TEMPLATES.env.filters)
        self._templates.env.globals.update(CONSOLE_TEMPLATES.env.globals)  # base.html's helpers

    def section(self, template: str, **context: Any) -> Markup:
        """A fragment (a case page's section) rendered to safe HTML."""
        return Markup(self._templates.env.get_template(template).render(**context))  # noqa: S704

    def page(self, request: Request, template: str, *, user: SignedIn, status_code: int = 200,
             **context: Any) -> HTMLResponse:
        """A full console page (its template extends base.html)."""
        context.update(user=user, officer=user.officer, csrf=user.csrf)
        response = self._templates.TemplateResponse(request, template, context,
                                                    status_code=status_code)
        secure(response)
        return response
