"""message threads: every chat message tagged with its thread and a PPA flag

inbound_messages and outbox get ``thread`` (the intake, case or handoff ticket the message was
part of) and ``ppa`` (sensitive: PPA roles only); cases and handoff tickets get the ``thread``
they show; case documents a ``ppa`` flag. Rows already stored have no thread and are never
shown in a case's or ticket's transcript (nothing says which case they were part of); existing
cases and tickets get a 'lama-' thread of their own, so that what is sent about them from now on
is tagged and shown.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAGGED = ('inbound_messages', 'outbox')


def upgrade() -> None:
    for table in TAGGED:
        op.add_column(table, sa.Column('thread', sa.String(length=24), nullable=True))
        op.add_column(table, sa.Column('ppa', sa.Boolean(), server_default=sa.false(),
                                       nullable=False))
        op.create_index(f'ix_{table}_thread', table, ['thread'])
    op.add_column('cases', sa.Column('thread', sa.String(length=24), nullable=True))
    op.add_column('handoff_tickets', sa.Column('thread', sa.String(length=24), nullable=True))
    op.add_column('case_documents', sa.Column('ppa', sa.Boolean(), server_default=sa.false(),
                                              nullable=False))
    op.execute("UPDATE cases SET thread = 'lama-' || CAST(id AS VARCHAR(20))")
    op.execute("UPDATE handoff_tickets SET thread = 'lama-t' || CAST(id AS VARCHAR(20))")


def downgrade() -> None:
    op.drop_column('case_documents', 'ppa')
    op.drop_column('handoff_tickets', 'thread')
    op.drop_column('cases', 'thread')
    for table in reversed(TAGGED):
        op.drop_index(f'ix_{table}_thread', table_name=table)
        op.drop_column(table, 'ppa')
        op.drop_column(table, 'thread')
