"""outbox chat index: a chat's pending messages

A dialog turn reads, with its conversation, whether the chat still has a message waiting to be
sent; when it has none, the process that ran the turn sends its replies itself, with no claim
(bot.handover). The index keeps that read one index step however long the outbox is.

Revision ID: 0015_outbox_chat_index
Revises: 0014_inbound_due_index
Create Date: 2026-12-04 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_outbox_chat_index'
down_revision: str | None = '0014_inbound_due_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
PENDING_ONLY = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index('ix_outbox_chat_pending', 'outbox', ['channel', 'recipient'], unique=False,
                    postgresql_where=PENDING_ONLY, sqlite_where=PENDING_ONLY)


def downgrade() -> None:
    op.drop_index('ix_outbox_chat_pending', table_name='outbox',
                  postgresql_where=PENDING_ONLY, sqlite_where=PENDING_ONLY)
