"""outbox incident alerts index: an incident's alerts by its case

The delivery watch reads, every second, the alerts of each report not yet known delivered
(``backend.core.incidents.alert_rows``: by case and kind), and the console's escalation ladder
reads them too. With no index on ``case_id`` each read was a scan of the whole outbox (19.5 ms
mean in a five-minute crowd). This partial index holds only the alert rows.

Revision ID: 0017_outbox_incident_alerts
Revises: 0016_outbox_prealert_index
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017_outbox_incident_alerts'
down_revision: str | None = '0016_outbox_prealert_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INCIDENT_ALERTS = sa.text(
    "kind IN ('alert', 'alert_edit', 'alert_pin', 'escalation_sms', 'escalation_voice')")


def upgrade() -> None:
    op.create_index('ix_outbox_incident_alerts', 'outbox', ['case_id'], unique=False,
                    postgresql_where=INCIDENT_ALERTS, sqlite_where=INCIDENT_ALERTS)


def downgrade() -> None:
    op.drop_index('ix_outbox_incident_alerts', table_name='outbox',
                  postgresql_where=INCIDENT_ALERTS, sqlite_where=INCIDENT_ALERTS)
