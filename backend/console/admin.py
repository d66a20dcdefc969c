"""Officer administration: accounts, roles from the catalog, activation, password resets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.console.deps import ADMIN_ROLE
from backend.core.catalog.loader import Catalog
from backend.core.demo import officer_roles
from backend.core.models import ConsoleSession, Officer, OfficerRole
from backend.core.security import hash_password

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10


class AdminError(ValueError):
    """A rejected administration request (message in Indonesian)."""


@dataclass(frozen=True)
class OfficerInput:
    username: str
    full_name: str
    agency: str
    roles: list[str]
    password: str


def role_choices(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Agency → role key → label, from the catalog, plus the console's admin role."""
    choices = officer_roles(catalog)
    for roles in choices.values():
        roles[ADMIN_ROLE] = "Admin konsol"
    return dict(sorted(choices.items()))


def officers(session: Session) -> list[Officer]:
    """Every officer, by agency then username."""
    return list(session.scalars(select(Officer).order_by(Officer.agency, Officer.username)))


def _check_roles(catalog: Catalog, agency: str, roles: list[str]) -> list[str]:
    allowed = role_choices(catalog).get(agency)
    if allowed is None:
        raise AdminError(f"instansi {agency!r} tidak dikenal")
    unknown = set(roles) - set(allowed)
    if unknown:
        raise AdminError(f"peran tidak dikenal di {agency}: {', '.join(sorted(unknown))}")
    if not roles:
        raise AdminError("pilih minimal satu peran")
    return sorted(set(roles))


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"kata sandi minimal {MIN_PASSWORD} karakter")
    return hash_password(password)


def create_officer(session: Session, catalog: Catalog, data: OfficerInput) -> Officer:
    """A new (non-demo) officer account."""
    username = data.username.strip().lower()
    if not USERNAME.match(username):
        raise AdminError("nama pengguna: 3-64 huruf kecil, angka, titik, strip")
    if session.scalar(select(Officer.id).where(Officer.username == username)):
        raise AdminError(f"nama pengguna {username} sudah dipakai")
    if not data.full_name.strip():
        raise AdminError("nama lengkap wajib diisi")
    roles = _check_roles(catalog, data.agency, data.roles)
    officer = Officer(username=username, full_name=data.full_name.strip()[:200],
                      agency=data.agency, password_hash=_check_password(data.password))
    officer.roles.extend(OfficerRole(role=r) for r in roles)
    session.add(officer)
    session.flush()
    return officer


def _officer(session: Session, officer_id: int) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise AdminError("petugas tidak ditemukan")
    return officer


def _sign_out(session: Session, officer_id: int) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.officer_id == officer_id))


def update_officer(session: Session, catalog: Catalog, officer_id: int, *, roles: list[str],
                   active: bool) -> Officer:
    """Set an officer's roles and whether the account may log in."""
    officer = _officer(session, officer_id)
    wanted = _check_roles(catalog, officer.agency, roles)
    have = officer.role_names
    officer.roles[:] = [r for r in officer.roles if r.role in wanted]
    officer.roles.extend(OfficerRole(role=r) for r in wanted if r not in have)
    officer.active = active
    if not active:
        _sign_out(session, officer.id)
    return officer


def reset_password(session: Session, officer_id: int, password: str) -> Officer:
    """Give the officer a new password and end their sessions."""
    officer = _officer(session, officer_id)
    officer.password_hash = _check_password(password)
    _sign_out(session, officer.id)
    return officer
