"""queue indexes: the inbox and outbox claims read only pending rows, in order

ix_inbound_pending (status, next_attempt_at) goes: with it the planner could pick every due
row, check each one's sender and sort them (a scan per claim that grows with the backlog)
instead of walking the pending rows in queue order and stopping at the first.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.drop_index('ix_inbound_pending', table_name='inbound_messages')
    op.create_index('ix_inbound_queue', 'inbound_messages', ['priority', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index('ix_inbound_sender_pending', 'inbound_messages', ['channel', 'sender', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index('ix_outbox_queue', 'outbox', ['priority', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)


def downgrade() -> None:
    op.drop_index('ix_outbox_queue', table_name='outbox')
    op.drop_index('ix_inbound_sender_pending', table_name='inbound_messages')
    op.drop_index('ix_inbound_queue', table_name='inbound_messages')
    op.create_index('ix_inbound_pending', 'inbound_messages', ['status', 'next_attempt_at'])
