"""Officer administration within an admin's scope: accounts, roles, activation, passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.console.admin_scope import AdminScope
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


def _check_roles(scope: AdminScope, agency: str, roles: list[str]) -> set[str]:
    unknown = set(roles) - scope.grantable(agency)
    if unknown:
        raise AdminError(f"peran tidak dikenal di {agency}: {', '.join(sorted(unknown))}")
    return set(roles)


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"kata sandi minimal {MIN_PASSWORD} karakter")
    return hash_password(password)


def create_officer(session: Session, scope: AdminScope, data: OfficerInput) -> Officer:
    """A new (non-demo) officer account in one of the admin's agencies."""
    agency = scope.check_agency(data.agency)
    username = data.username.strip().lower()
    if not USERNAME.match(username):
        raise AdminError("nama pengguna: 3-64 huruf kecil, angka, titik, strip")
    if session.scalar(select(Officer.id).where(Officer.username == username)):
        raise AdminError(f"nama pengguna {username} sudah dipakai")
    if not data.full_name.strip():
        raise AdminError("nama lengkap wajib diisi")
    roles = _check_roles(scope, agency, data.roles)
    if not roles:
        raise AdminError("pilih minimal satu peran")
    officer = Officer(username=username, full_name=data.full_name.strip()[:200],
                      agency=agency, password_hash=_check_password(data.password))
    officer.roles.extend(OfficerRole(role=r) for r in sorted(roles))
    session.add(officer)
    session.flush()
    return officer


def officer_to_change(session: Session, scope: AdminScope, officer_id: int) -> Officer:
    """The account, if this admin may change it (404 outside the scope, refused for another
    admin's account unless regency-wide)."""
    officer = scope.check_officer(session.get(Officer, officer_id))
    if not scope.may_change(officer):
        raise AdminError("akun admin hanya dapat diubah oleh admin kabupaten")
    return officer


def _sign_out(session: Session, officer_id: int) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.officer_id == officer_id))


def update_officer(session: Session, scope: AdminScope, officer_id: int, *, roles: list[str],
                   active: bool) -> Officer:
    """Set the roles this admin may grant (others the officer holds stay) and whether the
    account may log in."""
    officer = officer_to_change(session, scope, officer_id)
    grantable = scope.grantable(officer.agency)
    wanted = _check_roles(scope, officer.agency, roles) | (officer.role_names - grantable)
    if not wanted:
        raise AdminError("pilih minimal satu peran")
    have = officer.role_names
    officer.roles[:] = [r for r in officer.roles if r.role in wanted]
    officer.roles.extend(OfficerRole(role=r) for r in sorted(wanted - have))
    officer.active = active
    if not active:
        _sign_out(session, officer.id)
    return officer


def reset_password(session: Session, scope: AdminScope, officer_id: int,
                   password: str) -> Officer:
    """Give the officer a new password and end their sessions."""
    officer = officer_to_change(session, scope, officer_id)
    officer.password_hash = _check_password(password)
    _sign_out(session, officer.id)
    return officer

