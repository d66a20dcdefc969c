"""outbox: the token of the process holding a lease, so a dead sender's leases are freed at once

Revision ID: 0010
Revises: 0009_agency_admin
Create Date: 2026-12-02 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009_agency_admin'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('outbox', sa.Column('leased_by', sa.BigInteger(), nullable=True))
    op.create_index('ix_outbox_leased_by', 'outbox', ['leased_by'], unique=False,
                    postgresql_where=sa.text('leased_by IS NOT NULL'),
                    sqlite_where=sa.text('leased_by IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_outbox_leased_by', table_name='outbox')
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('leased_by')
