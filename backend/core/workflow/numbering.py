"""Case numbers ``HL-<YYYY>-<NNNNNN>``: sequential per year, no gaps, no duplicates.

The counter row is incremented inside the transaction that creates the case: concurrent creators
queue on the row lock, and a rolled-back creation gives its number back.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core.models import CaseCounter


def next_case_number(session: Session, *, year: int) -> str:
    """Take the next number of ``year`` within the caller's transaction (one statement: the
    year's first case creates its counter)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    statement = (insert(CaseCounter).values(year=year, last_value=1)
                 .on_conflict_do_update(index_elements=[CaseCounter.year],
                                        set_={"last_value": CaseCounter.last_value + 1})
                 .returning(CaseCounter.last_value))
    value = session.execute(statement).scalar_one()
    return format_case_number(year, value)


def format_case_number(year: int, value: int) -> str:
    """``HL-2026-000042``."""
    return f"HL-{year:04d}-{value:06d}"
