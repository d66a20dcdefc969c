"""The agent workspace page: behind the console's login, for call-center and PPA roles."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import Response

from backend.api.deps import SettingsDep, WorkflowDep
from backend.console.deps import User
from backend.console.render import page
from backend.console.sessions import session_id
from backend.core.ppa import is_ppa_officer
from backend.core.roles import SUPERVISOR, is_agent
from backend.core.security import issue_token

router = APIRouter()


@router.get("/agen")
def workspace(request: Request, user: User, settings: SettingsDep,
              workflow: WorkflowDep) -> Response:
    """Queue, transcript and actions; the page's script calls /api/handoff with a token
    issued here for the signed-in officer (as long as a console session lasts)."""
    officer = user.officer
    if not (is_agent(officer) or is_ppa_officer(officer, workflow.catalog, settings.handoff)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "khusus agen pusat panggilan atau PPA")
    token = issue_token(officer_id=officer.id, secret=settings.auth.secret_key,
                        minutes=settings.auth.token_minutes, session_id=session_id(user.token))
    return page(request, "agent.html", user=user, api_token=token,
                supervisor=SUPERVISOR in officer.role_names)
