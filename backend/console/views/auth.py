"""Login and logout pages."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from backend.api.deps import NowDep, SettingsDep
from backend.console.deps import COOKIE, LOGIN_CSRF_COOKIE, Poster, SessionDep, tokens_match
from backend.console.render import page, secure
from backend.console.sessions import (
    LoginRefused,
    authenticate,
    close_session,
    lockout_rule,
    open_session,
)
from backend.core.config import Environment, Settings

router = APIRouter()
REFUSALS = {
    "credentials": "Nama pengguna atau kata sandi salah.",
    "locked": "Terlalu banyak percobaan gagal. Akun dikunci sementara.",
    "demo": "Akun demo tidak dapat masuk di lingkungan produksi.",
}


def _secure_cookies(settings: Settings) -> bool:
    return settings.public_url.startswith("https://")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return "/console/kerja"


def _login_page(request: Request, settings: Settings, *, error: str | None = None,
                target: str | None = None, status_code: int = 200) -> Response:
    csrf = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = page(request, "login.html", csrf=csrf, error=error, target=_safe_next(target),
                    lockout=lockout_rule(), status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="lax",
                        secure=_secure_cookies(settings), path="/console")
    return response


@router.get("/masuk")
def login_form(request: Request, settings: SettingsDep, lanjut: str | None = None) -> Response:
    """The login page."""
    return _login_page(request, settings, target=lanjut)


@router.post("/masuk")
def login(request: Request, session: SessionDep, settings: SettingsDep, now: NowDep,
          username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=256)],
          csrf: Annotated[str, Form(max_length=100)],
          lanjut: Annotated[str | None, Form(max_length=300)] = None) -> Response:
    """Check the password (with lockout) and open a session."""
    if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), csrf):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token tidak cocok")
    try:
        officer = authenticate(session, username=username, password=password, now=now,
                               allow_demo=settings.environment is not Environment.PRODUCTION)
    except LoginRefused as refused:
        code = {"locked": status.HTTP_429_TOO_MANY_REQUESTS,
                "demo": status.HTTP_403_FORBIDDEN}.get(refused.reason, 401)
        return _login_page(request, settings, error=REFUSALS[refused.reason], target=lanjut,
                           status_code=code)
    previous = request.cookies.get(COOKIE)
    if previous:  # no session id chosen before the login survives it (session fixation)
        close_session(session, token=previous)
    signed = open_session(session, officer=officer, now=now,
                          minutes=settings.auth.token_minutes)
    response = RedirectResponse(_safe_next(lanjut), status.HTTP_303_SEE_OTHER)
    response.set_cookie(COOKIE, signed.token, max_age=settings.auth.token_minutes * 60,
                        httponly=True, samesite="lax", secure=_secure_cookies(settings),
                        path="/console")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return secure(response)


@router.post("/keluar")
def logout(session: SessionDep, user: Poster) -> Response:
    """End the session and forget the cookie."""
    close_session(session, token=user.token)
    response = RedirectResponse("/console/masuk", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE, path="/console")
    return secure(response)


@router.get("/")
def home() -> Response:
    """The console starts at the worklist."""
    return RedirectResponse("/console/kerja", status.HTTP_303_SEE_OTHER)
