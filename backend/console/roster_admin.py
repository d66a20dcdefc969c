"""The duty rosters in the console: who may manage which unit, the current rosters, and
replacing a unit's roster from YAML (same format as deploy/roster.example.yml)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.console.admin import AdminError
from backend.console.deps import damkar_kabid
from backend.core.models import Officer
from backend.core.models.alerts import DutyMember, DutyRotation, Rank
from backend.core.policies import DAMKAR_UNIT, UNIT_AGENCY
from backend.core.roles import administers
from backend.core.roster import RosterIn, load_roster

UNITS = tuple(UNIT_AGENCY)
MAX_YAML = 200_000  # bytes; a roster is a few kilobytes
RANK_ORDER = {Rank.KABID: 0, Rank.KASIE: 1, Rank.KOMANDAN: 2, Rank.PETUGAS: 3}


@dataclass(frozen=True)
class UnitRoster:
    unit: str
    rotation: DutyRotation | None
    members: list[DutyMember]


def units_for(officer: Officer) -> tuple[str, ...]:
    """The units whose roster this officer manages: those of the agencies they administer
    (all for the regency-wide admin), damkar for its kabid."""
    return tuple(unit for unit in UNITS if administers(officer, UNIT_AGENCY[unit])
                 or (unit == DAMKAR_UNIT and damkar_kabid(officer)))


def rosters(session: Session, units: tuple[str, ...]) -> list[UnitRoster]:
    """Each unit's rotation and members (chain of command first, then by regu)."""
    shown = []
    for unit in units:
        members = session.scalars(select(DutyMember).where(DutyMember.unit == unit)).all()
        ordered = sorted(members, key=lambda m: (RANK_ORDER.get(Rank(m.rank), 9), m.team or "",
                                                 m.name))
        shown.append(UnitRoster(unit, session.get(DutyRotation, unit), ordered))
    return shown


def parse_roster(text: str) -> RosterIn:
    """The roster in ``text``; AdminError with a readable reason otherwise."""
    if len(text.encode()) > MAX_YAML:
        raise AdminError("berkas roster terlalu besar (maks. 200 KB)")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (baris {mark.line + 1})" if mark else ""
        raise AdminError(f"YAML tidak dapat dibaca{where}") from None
    if not isinstance(data, dict):
        raise AdminError("roster harus berupa YAML dengan unit, teams, anchor dan members")
    try:
        return RosterIn.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AdminError(f"roster tidak valid: {where}: {first['msg']}") from None


def replace_roster(session: Session, officer: Officer, text: str) -> RosterIn:
    """Validate and store a unit's roster, if this officer manages that unit."""
    roster = parse_roster(text)
    if roster.unit not in units_for(officer):
        raise AdminError(f"Anda tidak berwenang mengganti roster {roster.unit}")
    teams = set(roster.teams)
    stray = sorted({m.team for m in roster.members if m.team and m.team not in teams})
    if stray:
        raise AdminError(f"regu tidak ada di teams: {', '.join(stray)}")
    load_roster(session, roster)
    return roster
