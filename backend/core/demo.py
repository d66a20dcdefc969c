"""Demo officers (demo only, one documented password): one per SOP role per agency, an admin
per agency (``<agency>.admin``; the regency-wide one in ``auth.regency_agency``), and the call
center's agents per shift and its supervisor."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.config import Environment, Settings
from backend.core.models import Officer, OfficerRole
from backend.core.roles import AGENCY_ADMIN, AGENT, REGENCY_ADMIN, SUPERVISOR, officer_roles
from backend.core.security import hash_password

DEMO_PASSWORD = "halo-demo-2026"  # noqa: S105 - documented in the README, demo environment only


class DemoRefused(RuntimeError):
    """Demo accounts are only for the demo environment."""


@dataclass
class DemoAccount:
    agency: str
    full_name: str
    roles: set[str] = field(default_factory=set)


def demo_username(agency: str, role: str) -> str:
    """``disdukcapil.operator``."""
    return f"{agency}.{role}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def agent_shifts(settings: Settings) -> dict[str, str]:
    """The call-center hours split into a morning and an afternoon shift (name → hours)."""
    hours = settings.handoff.hours
    start, end = _minutes(hours.start), _minutes(hours.end)
    middle = start + (end - start) // 2
    return {"pagi": f"{_clock(start)}–{_clock(middle)}", "sore": f"{_clock(middle)}–{_clock(end)}"}


def demo_accounts(catalog: Catalog, settings: Settings) -> dict[str, DemoAccount]:
    """Every demo account by username."""
    accounts: dict[str, DemoAccount] = {}

    def add(agency: str, key: str, full_name: str, *roles: str) -> None:
        account = accounts.setdefault(demo_username(agency, key),
                                      DemoAccount(agency, f"{full_name} (demo {agency})"))
        account.roles.update(roles)

    add(settings.auth.regency_agency, "admin", "Admin konsol kabupaten", REGENCY_ADMIN)
    for agency in catalog.regency_agencies:
        add(agency, "admin", "Admin konsol", AGENCY_ADMIN)
    for agency, roles in sorted(officer_roles(catalog).items()):
        for key, label in sorted(roles.items()):
            add(agency, key, label, key)
    center = settings.handoff.call_center_agency
    for shift, hours in agent_shifts(settings).items():
        add(center, f"agen-{shift}", f"Agen shift {shift} {hours} WIB", AGENT)
    add(center, "supervisor", "Supervisor pusat panggilan", SUPERVISOR)
    return accounts


def create_demo_officers(session: Session, catalog: Catalog, settings: Settings) -> int:
    """Create the missing demo officers and give existing demo accounts their missing demo
    roles; returns how many accounts were created."""
    if settings.environment is not Environment.DEMO:
        raise DemoRefused("demo data is refused outside the demo environment")
    existing = {o.username: o for o in session.scalars(select(Officer))}
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    for username, account in demo_accounts(catalog, settings).items():
        officer = existing.get(username)
        if officer is None:
            officer = Officer(username=username, full_name=account.full_name,
                              agency=account.agency, password_hash=password_hash, demo=True)
            session.add(officer)
            created += 1
        elif not officer.demo:
            continue
        officer.roles.extend(OfficerRole(role=r)
                             for r in sorted(account.roles - officer.role_names))
    session.flush()
    return created
