"""Demo officers: one per role per agency, with one documented password (demo only)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import RoleKind
from backend.core.config import Environment, Settings
from backend.core.models import Officer, OfficerRole
from backend.core.security import hash_password

DEMO_PASSWORD = "halo-demo-2026"  # noqa: S105 - documented in the README, demo environment only


class DemoRefused(RuntimeError):
    """Demo accounts are only for the demo environment."""


def demo_username(agency: str, role: str) -> str:
    """``disdukcapil.operator``."""
    return f"{agency}.{role}"


def officer_roles(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Every (agency → role key → label) that officers hold, from the catalog."""
    roles: dict[str, dict[str, str]] = {}
    for service in catalog:
        for key, role in service.roles.items():
            if role.kind in (RoleKind.OFFICER, RoleKind.EXTERNAL):
                roles.setdefault(service.agency, {}).setdefault(key, role.label)
    return roles


def create_demo_officers(session: Session, catalog: Catalog, settings: Settings) -> int:
    """Create the missing demo officers; returns how many were created."""
    if settings.environment is not Environment.DEMO:
        raise DemoRefused("demo data is refused outside the demo environment")
    existing = set(session.scalars(select(Officer.username)))
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    for agency, roles in sorted(officer_roles(catalog).items()):
        for key, label in sorted(roles.items()):
            username = demo_username(agency, key)
            if username in existing:
                continue
            officer = Officer(username=username, full_name=f"{label} (demo {agency})",
                              agency=agency, password_hash=password_hash, demo=True)
            officer.roles.append(OfficerRole(role=key))
            session.add(officer)
            created += 1
    session.flush()
    return created
