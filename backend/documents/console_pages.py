"""Rendering the documents' console sections and pages with the console's look (base.html)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from backend.console import render as console_render
from backend.console.render import TEMPLATES as CONSOLE_TEMPLATES
from backend.console.render import secure
from backend.console.sessions import SignedIn

_OWN = Path(__file__).resolve().parent / "templates" / "console"
_CONSOLE = Path(console_render.__file__).resolve().parent / "templates"
_templates = Jinja2Templates(env=Environment(
    loader=ChoiceLoader([FileSystemLoader(_OWN), FileSystemLoader(_CONSOLE)]), autoescape=True))
_templates.env.filters.update(CONSOLE_TEMPLATES.env.filters)


def section(template: str, **context: Any) -> Markup:
    """A fragment (the case page's section) rendered to safe HTML."""
    return Markup(_templates.env.get_template(template).render(**context))  # noqa: S704


def full_page(request: Request, template: str, *, user: SignedIn, status_code: int = 200,
              **context: Any) -> HTMLResponse:
    """A console page of the documents (extends the console's base.html)."""
    context.update(user=user, officer=user.officer, csrf=user.csrf)
    response = _templates.TemplateResponse(request, template, context, status_code=status_code)
    secure(response)
    return response
