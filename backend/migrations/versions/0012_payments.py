"""payments: the bill of a charging service's case (tariff, e-billing code, payment, check)

Revision ID: 0012_payments
Revises: 0011_incident_board
Create Date: 2026-12-02 20:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.models.base

revision: str = '0012_payments'
down_revision: str | None = '0011_incident_board'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('payment_bills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=False),
    sa.Column('approved_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('gateway', sa.String(length=16), nullable=True),
    sa.Column('billing_code', sa.String(length=32), nullable=True),
    sa.Column('billed_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expires_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paid_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by', sa.String(length=64), nullable=True),
    sa.Column('verified_at', backend.core.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_payment_bills_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_bills')),
    sa.UniqueConstraint('billing_code', name=op.f('uq_payment_bills_billing_code')),
    sa.UniqueConstraint('case_id', name=op.f('uq_payment_bills_case_id'))
    )


def downgrade() -> None:
    op.drop_table('payment_bills')
