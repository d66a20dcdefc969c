"""Duty roster API: read by the unit's officers, replaced by its kabid or an admin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import select

from backend.api.deps import CurrentOfficer, SessionDep
from backend.core.models import Officer
from backend.core.models.alerts import DutyMember, DutyRotation
from backend.core.policies import UNIT_AGENCY
from backend.core.roles import administers
from backend.core.roster import RosterIn, load_roster

router = APIRouter(prefix="/api/roster", tags=["roster"])


def _check(officer: Officer, unit: str, *, edit: bool) -> None:
    if unit not in UNIT_AGENCY:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no unit {unit}")
    admin = administers(officer, UNIT_AGENCY[unit])
    if officer.agency != UNIT_AGENCY[unit] and not admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"roster {unit} belongs to another agency")
    if edit and not (admin or "kabid" in officer.role_names):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only the kabid or an admin edits rosters")


@router.get("/{unit}")
def read_roster(unit: str, session: SessionDep, officer: CurrentOfficer) -> dict[str, Any]:
    """The unit's rotation and members."""
    _check(officer, unit, edit=False)
    rotation = session.get(DutyRotation, unit)
    members = session.scalars(select(DutyMember).where(DutyMember.unit == unit)).all()
    return {
        "unit": unit,
        "teams": rotation.teams if rotation else [],
        "anchor": rotation.anchor.isoformat() if rotation else None,
        "change_hour": rotation.change_hour if rotation else None,
        "group_chat_ids": rotation.group_chat_ids if rotation else [],
        "members": [{"name": m.name, "rank": m.rank, "team": m.team, "phone": m.phone,
                     "telegram_user_id": m.telegram_user_id} for m in members],
    }


@router.put("/{unit}")
def replace_roster(unit: str, body: RosterIn, session: SessionDep,
                   officer: CurrentOfficer) -> dict[str, Any]:
    """Replace the unit's roster."""
    _check(officer, unit, edit=True)
    if body.unit != unit:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "unit in body and path differ")
    return {"unit": unit, "members": load_roster(session, body)}
