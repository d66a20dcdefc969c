"""FastAPI dependencies: database session, settings, clock, workflow and the current officer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.core.incidents import IncidentDesk
from backend.core.models import ConsoleSession, Officer
from backend.core.security import read_token_claims
from backend.core.workflow.engine import Workflow

_bearer = HTTPBearer(auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error."""
    with request.app.state.sessions() as session, session.begin():
        yield session


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_now(request: Request) -> datetime:
    return request.app.state.clock()


def get_workflow(request: Request) -> Workflow:
    return request.app.state.workflow


def get_incidents(request: Request) -> IncidentDesk:
    """The alert desk, as the officer surfaces use it (wired by the composition root)."""
    return request.app.state.incidents


# scope="function": the transaction commits before the response is sent, so a client that
# writes and then reads sees its own write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
WorkflowDep = Annotated[Workflow, Depends(get_workflow)]
IncidentsDep = Annotated[IncidentDesk, Depends(get_incidents)]


def get_current_officer(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    now: NowDep,
) -> Officer:
    """The officer named by a valid bearer token (401 otherwise)."""
    unauthorised = HTTPException(
        status.HTTP_401_UNAUTHORIZED, "login required", headers={"WWW-Authenticate": "Bearer"}
    )
    if credentials is None:
        raise unauthorised
    claims = read_token_claims(credentials.credentials, secret=settings.auth.secret_key)
    officer = session.get(Officer, claims.officer_id) if claims is not None else None
    if officer is None or not officer.active:
        raise unauthorised
    if claims is not None and claims.session_id is not None:  # a console page's token
        console = session.get(ConsoleSession, claims.session_id)
        if console is None or console.expires_at <= now:
            raise unauthorised  # signed out (or timed out) in the console: the token ends too
    return officer


CurrentOfficer = Annotated[Officer, Depends(get_current_officer)]
