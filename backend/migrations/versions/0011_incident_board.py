"""incident board: alert delivery on the incident, and who watches the board

Revision ID: 0011_incident_board
Revises: 0010
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.models.base

revision: str = '0011_incident_board'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('incidents') as batch:
        batch.add_column(sa.Column('delivered_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('delivered_via', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('unreachable_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True))
    op.create_table('board_watches',
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('seen_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_board_watches_officer_id_officers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('officer_id', 'unit', name=op.f('pk_board_watches'))
    )
    op.create_index(op.f('ix_board_watches_seen_at'), 'board_watches', ['seen_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_board_watches_seen_at'), table_name='board_watches')
    op.drop_table('board_watches')
    with op.batch_alter_table('incidents') as batch:
        batch.drop_column('unreachable_at')
        batch.drop_column('delivered_via')
        batch.drop_column('delivered_at')
