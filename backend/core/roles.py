"""Roles the console grants besides the catalog's SOP roles: call-center and administration.

Their keys never appear as SOP role keys in the catalog (a test checks it), so holding an SOP
role named "admin" gives no power over accounts.
"""

from __future__ import annotations

from backend.core.catalog.loader import Catalog
from backend.core.catalog.steps import RoleKind
from backend.core.models import Officer

AGENT = "agent"  # answers chats in the agent workspace (/agent)
SUPERVISOR = "supervisor"  # an agent who may also hand back or close chats held by others
AGENCY_ADMIN = "admin-konsol"  # manages its own agency's officers and roles
REGENCY_ADMIN = "admin-konsol-kabupaten"  # manages every agency and their admins (Diskominfo)

CALL_CENTER_ROLES = {AGENT: "Agen pusat panggilan", SUPERVISOR: "Supervisor pusat panggilan"}
ADMIN_ROLES = {AGENCY_ADMIN: "Admin konsol instansi",
               REGENCY_ADMIN: "Admin konsol kabupaten (semua instansi)"}
CONSOLE_ROLES = {**CALL_CENTER_ROLES, **ADMIN_ROLES}


def is_regency_admin(officer: Officer) -> bool:
    """Manages every agency's officers and the agency admins."""
    return REGENCY_ADMIN in officer.role_names


def is_admin(officer: Officer) -> bool:
    """Manages officers: of their own agency, or of every agency."""
    return bool(officer.role_names & ADMIN_ROLES.keys())


def administers(officer: Officer, agency: str) -> bool:
    """True when ``officer`` manages the officers of ``agency``."""
    return is_regency_admin(officer) or (AGENCY_ADMIN in officer.role_names
                                         and officer.agency == agency)


def is_agent(officer: Officer) -> bool:
    """Holds a call-center role (agent or supervisor)."""
    return bool(officer.role_names & CALL_CENTER_ROLES.keys())


def officer_roles(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Every (agency → SOP role key → label) that officers hold, from the catalog."""
    roles: dict[str, dict[str, str]] = {}
    for service in catalog:
        for key, role in service.roles.items():
            if role.kind in (RoleKind.OFFICER, RoleKind.EXTERNAL):
                roles.setdefault(service.agency, {}).setdefault(key, role.label)
    return roles
