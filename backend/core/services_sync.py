"""Keep the ``services`` table in step with the catalog files."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.models import ServiceRecord
from backend.core.models.base import utcnow

SYNC_LOCK = 0x4A4C_5359  # pg advisory lock key of the catalog sync


def sync_services(session: Session, catalog: Catalog) -> int:
    """Insert or update one row per catalog service; returns how many rows changed. On
    PostgreSQL several worker processes start at once: they sync one after the other (a
    transaction-level advisory lock), so the later ones find the rows already there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(SYNC_LOCK)))
    changed = 0
    existing = {s.code: s for s in session.query(ServiceRecord).all()}
    for service in catalog:
        digest = hashlib.sha256(service.model_dump_json().encode()).hexdigest()
        record = existing.get(service.code)
        if record is not None and record.definition_sha256 == digest:
            continue
        if record is None:
            record = ServiceRecord(code=service.code)
            session.add(record)
        record.name = service.name.id
        record.agency = service.agency
        record.urgency = service.urgency.value
        record.definition_sha256 = digest
        record.updated_at = utcnow()
        changed += 1
    session.flush()
    return changed
