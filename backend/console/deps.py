"""Console dependencies: the signed-in officer from the session cookie, and CSRF checks."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from backend.api.deps import NowDep, SettingsDep, WorkflowDep, get_session
from backend.console.access import Access
from backend.console.sessions import SignedIn, find_session
from backend.core.models import Officer
from backend.core.policies import DAMKAR_AGENCY, UNIT_AGENCY
from backend.core.roles import administers, is_admin

COOKIE = "halo_console"
LOGIN_CSRF_COOKIE = "halo_login_csrf"
# Committed before the response leaves, so the page a redirect leads to sees the change.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def access(session: SessionDep, workflow: WorkflowDep, settings: SettingsDep,
           now: NowDep) -> Access:
    """Case visibility for this request."""
    return Access(session=session, workflow=workflow, settings=settings, now=now)


Guard = Annotated[Access, Depends(access)]


def _to_login(request: Request) -> HTTPException:
    target = request.url.path
    return HTTPException(status.HTTP_303_SEE_OTHER, "login required",
                         headers={"Location": f"/console/masuk?lanjut={target}"})


def signed_in(request: Request, session: SessionDep, now: NowDep) -> SignedIn:
    """The session named by the cookie; a redirect to the login page otherwise."""
    token = request.cookies.get(COOKIE)
    found = find_session(session, token=token, now=now) if token else None
    if found is None:
        raise _to_login(request)
    return found


User = Annotated[SignedIn, Depends(signed_in)]


def tokens_match(expected: str | None, given: object) -> bool:
    """Constant-time comparison of a CSRF token with what the browser sent."""
    return expected is not None and bool(expected) and isinstance(given, str) \
        and secrets.compare_digest(expected.encode(), given.encode())


async def csrf_checked(request: Request, user: User) -> SignedIn:
    """The signed-in officer, once the form's (or header's) CSRF token matches the session."""
    form = await request.form()
    given = form.get("csrf") or request.headers.get("X-CSRF-Token")
    if not tokens_match(user.csrf, given):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token tidak cocok")
    return user


Poster = Annotated[SignedIn, Depends(csrf_checked)]


def _admin(user: SignedIn) -> SignedIn:
    if not is_admin(user.officer):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "khusus admin")
    return user


def admin_only(user: User) -> SignedIn:
    """The signed-in officer, if they administer officers (their agency's or all)."""
    return _admin(user)


def admin_posting(user: Poster) -> SignedIn:
    """A CSRF-checked POST by an admin."""
    return _admin(user)


Admin = Annotated[SignedIn, Depends(admin_only)]
AdminPoster = Annotated[SignedIn, Depends(admin_posting)]


def damkar_kabid(officer: Officer) -> bool:
    """The damkar's Kepala Bidang, who keeps the piket roster."""
    return officer.agency == DAMKAR_AGENCY and "kabid" in officer.role_names


def keeps_rosters(officer: Officer) -> bool:
    """Admins of a unit's agency (or regency-wide) and the damkar kabid keep duty rosters."""
    return damkar_kabid(officer) or any(administers(officer, a) for a in UNIT_AGENCY.values())


def _roster_keeper(user: SignedIn) -> SignedIn:
    if not keeps_rosters(user.officer):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "khusus admin atau kabid damkar")
    return user


def roster_keeper(user: User) -> SignedIn:
    """The signed-in officer, if they manage duty rosters (admins, damkar kabid)."""
    return _roster_keeper(user)


def roster_posting(user: Poster) -> SignedIn:
    """A CSRF-checked POST by a roster keeper."""
    return _roster_keeper(user)


RosterKeeper = Annotated[SignedIn, Depends(roster_keeper)]
RosterPoster = Annotated[SignedIn, Depends(roster_posting)]
