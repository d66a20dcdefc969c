"""What an admin may manage: which agencies, which roles (grouped), which accounts."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.catalog.loader import Catalog
from backend.core.models import Officer
from backend.core.roles import (
    ADMIN_ROLES,
    AGENCY_ADMIN,
    CALL_CENTER_ROLES,
    REGENCY_ADMIN,
    officer_roles,
)


class OutOfScope(LookupError):
    """The account or agency is not this admin's to see (shown as 404)."""


@dataclass(frozen=True)
class RoleGroup:
    title: str
    roles: dict[str, str]  # key -> label


@dataclass(frozen=True)
class AdminScope:
    """An admin's reach: their own agency, or every agency of the catalog (regency-wide)."""

    officer: Officer
    catalog: Catalog

    @property
    def regency(self) -> bool:
        return REGENCY_ADMIN in self.officer.role_names

    def covers(self, agency: str) -> bool:
        """The regency-wide admin covers every account, also of agencies the catalog no
        longer has (to deactivate them); an agency admin their own agency."""
        return self.regency or agency == self.officer.agency

    @property
    def agencies(self) -> list[str]:
        """Agency codes this admin may choose (the regency's own bodies for the regency-wide
        admin; the seeds' outside sources employ nobody here)."""
        if self.regency:
            return self.catalog.regency_agencies
        return [self.officer.agency]

    def agency_name(self, code: str) -> str:
        agency = self.catalog.agencies.get(code)
        return agency.short if agency else code

    def check_agency(self, agency: str) -> str:
        if agency not in self.agencies:
            raise OutOfScope("instansi tidak ditemukan")
        return agency

    def check_officer(self, officer: Officer | None) -> Officer:
        """The account, when it belongs to an agency this admin manages."""
        if officer is None or not self.covers(officer.agency):
            raise OutOfScope("petugas tidak ditemukan")
        return officer

    def role_groups(self, agency: str) -> list[RoleGroup]:
        """The roles this admin may grant in ``agency``: its SOP roles, the call center's, and
        the admin roles (agency admins are named by the regency-wide admin only)."""
        sop = officer_roles(self.catalog).get(agency, {})
        groups = [RoleGroup("Peran layanan (SOP)", dict(sorted(sop.items(), key=lambda r: r[1]))),
                  RoleGroup("Pusat panggilan", dict(CALL_CENTER_ROLES))]
        if self.regency:
            groups.append(RoleGroup("Administrasi konsol", dict(ADMIN_ROLES)))
        return [g for g in groups if g.roles]

    def grantable(self, agency: str) -> set[str]:
        return {key for group in self.role_groups(agency) for key in group.roles}

    def labels(self, agency: str) -> dict[str, str]:
        """Every role's label in ``agency`` (SOP and console roles), for display."""
        return {**officer_roles(self.catalog).get(agency, {}), **CALL_CENTER_ROLES,
                **ADMIN_ROLES}

    def may_change(self, officer: Officer) -> bool:
        """Agency admins leave other admins' accounts to the regency-wide admin."""
        return self.regency or not officer.role_names & ADMIN_ROLES.keys()


def scope_for(officer: Officer, catalog: Catalog) -> AdminScope | None:
    """The admin scope of a signed-in officer; None when they administer nothing."""
    if officer.role_names & {AGENCY_ADMIN, REGENCY_ADMIN}:
        return AdminScope(officer, catalog)
    return None
