"""console: officer sessions, login attempts (lockout), IKM survey responses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 11:18:57.455755
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.models.base

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('console_login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_login_attempts'))
    )
    with op.batch_alter_table('console_login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_console_login_attempts_user_at', ['username', 'at'], unique=False)

    op.create_table('console_sessions',
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_console_sessions_officer_id_officers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_sha256', name=op.f('pk_console_sessions'))
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_officer_id'), ['officer_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('service_code', sa.String(length=64), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_survey_responses_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('case_id', name=op.f('uq_survey_responses_case_id'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_agency'), ['agency'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_responses_service_code'), ['service_code'], unique=False)

def downgrade() -> None:
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_responses_service_code'))
        batch_op.drop_index(batch_op.f('ix_survey_responses_agency'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_officer_id'))

    op.drop_table('console_sessions')
    with op.batch_alter_table('console_login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_console_login_attempts_user_at')

    op.drop_table('console_login_attempts')
