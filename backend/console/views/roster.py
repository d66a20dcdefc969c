"""The duty roster page: each unit's rotation and members; replace one from YAML."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile, status
from fastapi.responses import RedirectResponse, Response

from backend.console import roster_admin
from backend.console.admin import AdminError
from backend.console.deps import RosterKeeper, RosterPoster, SessionDep
from backend.console.render import page, secure
from backend.console.sessions import SignedIn

router = APIRouter(prefix="/admin/regu")


def _show(request: Request, session: SessionDep, user: SignedIn, *, error: str | None = None,
          pasted: str = "", status_code: int = 200) -> Response:
    units = roster_admin.units_for(user.officer)
    done = "Roster diganti." if request.query_params.get("ok") else None
    return page(request, "roster.html", user=user, rosters=roster_admin.rosters(session, units),
                error=error, done=done, pasted=pasted, status_code=status_code)


@router.get("")
def roster_page(request: Request, session: SessionDep, user: RosterKeeper) -> Response:
    """The rosters this officer keeps, with the form to replace one."""
    return _show(request, session, user)


def _text(pasted: str, upload: UploadFile | None) -> str:
    if upload is not None and upload.filename:
        data = upload.file.read(roster_admin.MAX_YAML + 1)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise AdminError("berkas roster harus teks UTF-8") from None
    return pasted


@router.post("")
def replace(request: Request, session: SessionDep, user: RosterPoster,
                  roster_yaml: Annotated[str, Form(max_length=200_000)] = "",
                  roster_file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Replace a unit's roster with the pasted or uploaded YAML."""
    try:
        text = _text(roster_yaml, roster_file)
        if not text.strip():
            raise AdminError("tempel isi roster YAML atau pilih berkasnya")
        roster_admin.replace_roster(session, user.officer, text)
    except AdminError as error:
        return _show(request, session, user, error=str(error), pasted=roster_yaml,
                     status_code=422)
    return secure(RedirectResponse("/console/admin/regu?ok=1", status.HTTP_303_SEE_OTHER))
