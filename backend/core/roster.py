"""The duty roster: which regu is on duty now, who commands it, and the chain above it.

A roster YAML (``halo roster load FILE``)::

    unit: damkar
    teams: [A, B, C]            # rotating 24-hour duty, in order
    anchor: 2026-11-01          # regu A is on duty from change_hour of this day
    change_hour: 8
    group_chat_ids: [-1001234]  # the piket's Telegram group(s)
    members:
      - {name: Andi, rank: komandan, team: A, phone: "+62812...", telegram_user_id: "1111"}
      - {name: Budi, rank: petugas, team: A, telegram_user_id: "2222"}
      - {name: Citra, rank: kasie, phone: "+62813..."}
      - {name: Dedi, rank: kabid, phone: "+62814..."}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.core.models.alerts import DutyMember, DutyRotation, Rank
from backend.core.policies import UNIT_AGENCY


class MemberIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    rank: Rank
    team: str | None = None
    phone: str | None = None
    telegram_user_id: str | None = None


class RosterIn(BaseModel):
    unit: str = Field(pattern=f"^({'|'.join(map(re.escape, UNIT_AGENCY))})$")
    teams: list[str] = Field(min_length=1)
    anchor: date
    change_hour: int = Field(default=8, ge=0, le=23)
    group_chat_ids: list[int | str] = Field(default_factory=list)
    members: list[MemberIn] = Field(default_factory=list)


@dataclass(frozen=True)
class OnDuty:
    team: str | None
    crew: list[DutyMember]
    commander: DutyMember | None
    kasie: list[DutyMember]
    kabid: list[DutyMember]
    group_chat_ids: list[str]


def load_roster(session: Session, roster: RosterIn) -> int:
    """Replace a unit's roster; returns the number of members."""
    session.execute(delete(DutyMember).where(DutyMember.unit == roster.unit))
    rotation = session.get(DutyRotation, roster.unit) or DutyRotation(unit=roster.unit)
    rotation.teams, rotation.anchor, rotation.change_hour = roster.teams, roster.anchor, \
        roster.change_hour
    rotation.group_chat_ids = [str(c) for c in roster.group_chat_ids]
    session.add(rotation)
    for member in roster.members:
        session.add(DutyMember(unit=roster.unit, **member.model_dump()))
    session.flush()
    return len(roster.members)


def team_on_duty(rotation: DutyRotation, now: datetime, zone: ZoneInfo) -> str:
    """The regu whose 24-hour duty covers ``now``."""
    local = now.astimezone(zone)
    start = datetime.combine(rotation.anchor, datetime.min.time(), zone) + timedelta(
        hours=rotation.change_hour)
    days = (local - start) // timedelta(days=1)
    return rotation.teams[days % len(rotation.teams)]


def on_duty(session: Session, unit: str, now: datetime, zone: ZoneInfo,
            fallback_chat_ids: list[str]) -> OnDuty:
    """Who is alerted now; without a roster, only the configured group chats."""
    rotation = session.get(DutyRotation, unit)
    members = session.scalars(select(DutyMember).where(DutyMember.unit == unit,
                                                       DutyMember.active)).all()
    team = team_on_duty(rotation, now, zone) if rotation and rotation.teams else None
    crew = [m for m in members if m.team == team and m.rank in (Rank.PETUGAS, Rank.KOMANDAN)]
    commander = next((m for m in crew if m.rank == Rank.KOMANDAN), None)
    return OnDuty(team=team, crew=crew, commander=commander,
                  kasie=[m for m in members if m.rank == Rank.KASIE],
                  kabid=[m for m in members if m.rank == Rank.KABID],
                  group_chat_ids=_chats(rotation, fallback_chat_ids))


def group_chats(session: Session, unit: str, fallback_chat_ids: list[str]) -> list[str]:
    """The piket's group chats (``on_duty``'s), without reading the members: what every alert
    and its edits are sent to."""
    return _chats(session.get(DutyRotation, unit), fallback_chat_ids)


def _chats(rotation: DutyRotation | None, fallback_chat_ids: list[str]) -> list[str]:
    chats = (rotation.group_chat_ids if rotation and rotation.group_chat_ids
             else fallback_chat_ids)
    return [str(c) for c in chats]


def member_by_telegram(session: Session, unit: str, user_id: str | None) -> DutyMember | None:
    """The roster member behind a Telegram user, if any (only they may press alert buttons)."""
    if not user_id:
        return None
    return session.scalar(select(DutyMember).where(
        DutyMember.unit == unit, DutyMember.telegram_user_id == user_id, DutyMember.active))
