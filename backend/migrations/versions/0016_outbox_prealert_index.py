"""outbox pre-alert index: the pre-alerts an incident has not adopted yet

Every message of a fire report looks up the pre-alerts of its inbound message (to adopt them
as the new incident's alerts, or to fold them into the running one) by a dedupe-key prefix.
A LIKE on the unique key cannot use its btree index outside the C collation, so each lookup
read the whole outbox. This partial index holds only the alerts with no case yet.

Revision ID: 0016_outbox_prealert_index
Revises: 0015_outbox_chat_index
Create Date: 2026-12-04 21:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016_outbox_prealert_index'
down_revision: str | None = '0015_outbox_chat_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
PRE_ALERTS = sa.text("kind = 'alert' AND case_id IS NULL")


def upgrade() -> None:
    op.create_index('ix_outbox_prealerts', 'outbox', ['dedupe_key'], unique=False,
                    postgresql_where=PRE_ALERTS, sqlite_where=PRE_ALERTS)


def downgrade() -> None:
    op.drop_index('ix_outbox_prealerts', table_name='outbox',
                  postgresql_where=PRE_ALERTS, sqlite_where=PRE_ALERTS)
