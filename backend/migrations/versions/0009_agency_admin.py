"""agency admins: the console's admin role becomes admin-konsol (one agency's officers)

Until now the role key "admin" made an officer console admin over every account, although
"admin" is also an SOP role of the catalog. Every holder of "admin" keeps it (it may be their
SOP role) and gets "admin-konsol", which reaches their own agency only: nobody gains power.
The regency-wide admin (admin-konsol-kabupaten) is granted by hand or by `halo demo-data`.

Revision ID: 0009_agency_admin
Revises: 0008
Create Date: 2026-12-02 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009_agency_admin'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO officer_roles (officer_id, role) "
        "SELECT officer_id, 'admin-konsol' FROM officer_roles r WHERE r.role = 'admin' "
        "AND NOT EXISTS (SELECT 1 FROM officer_roles o "
        "WHERE o.officer_id = r.officer_id AND o.role = 'admin-konsol')")


def downgrade() -> None:
    op.execute("DELETE FROM officer_roles WHERE role IN ('admin-konsol', "
               "'admin-konsol-kabupaten')")
