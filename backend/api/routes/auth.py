"""Officer login."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import select

from backend.api.deps import CurrentOfficer, SessionDep, SettingsDep
from backend.api.schemas import LoginIn, OfficerOut, TokenOut
from backend.core.config import Environment
from backend.core.models import Officer
from backend.core.security import issue_token, verify_password

router = APIRouter(prefix="/api/auth", tags=["auth"])


def officer_out(officer: Officer) -> OfficerOut:
    return OfficerOut(
        id=officer.id, username=officer.username, full_name=officer.full_name,
        agency=officer.agency, roles=sorted(officer.role_names),
    )


@router.post("/login", response_model=TokenOut)
def login(body: LoginIn, session: SessionDep, settings: SettingsDep) -> TokenOut:
    """Exchange a username and password for a bearer token."""
    officer = session.scalar(select(Officer).where(Officer.username == body.username))
    if officer is None or not officer.active or not verify_password(
        officer.password_hash, body.password
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    if officer.demo and settings.environment is Environment.PRODUCTION:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "demo accounts cannot log in in production")
    token = issue_token(
        officer_id=officer.id, secret=settings.auth.secret_key,
        minutes=settings.auth.token_minutes,
    )
    return TokenOut(access_token=token, officer=officer_out(officer))


@router.get("/me", response_model=OfficerOut)
def me(officer: CurrentOfficer) -> OfficerOut:
    """The logged-in officer."""
    return officer_out(officer)
