"""inbound due index: the pending messages by due time

Every claim reads when the next pending message (other than the one it took) is due, so that a
round ends without a claim that finds nothing; the index keeps that read one index step however
long the queue is.

Revision ID: 0014_inbound_due_index
Revises: 0013_upload_names
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014_inbound_due_index'
down_revision: str | None = '0013_upload_names'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
PENDING_ONLY = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index('ix_inbound_due', 'inbound_messages', ['next_attempt_at'], unique=False,
                    postgresql_where=PENDING_ONLY, sqlite_where=PENDING_ONLY)


def downgrade() -> None:
    op.drop_index('ix_inbound_due', table_name='inbound_messages',
                  postgresql_where=PENDING_ONLY, sqlite_where=PENDING_ONLY)
