"""upload names: case documents keep the file name the citizen sent them with

Documents stored before this have none (NULL): the console names their downloads after the case
number and the document code, with the extension of the content type sniffed at upload.

Revision ID: 0013_upload_names
Revises: 0012_payments
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013_upload_names'
down_revision: str | None = '0012_payments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('case_documents', sa.Column('file_name', sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_column('file_name')
