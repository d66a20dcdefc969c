"""Case numbers ``HL-<YYYY>-<NNNNNN>``: sequential per year, never twice.

On PostgreSQL the year's counter row is incremented in a statement of its own (autocommit), so
that concurrent openings queue on its lock for that one statement. Taken inside the opening's
transaction, the lock was held until the whole dialog turn committed: under a crowd the turns
opening cases queued behind each other for 140 ms at the median (a five-minute crowd of 900
citizens; README "Speed under a crowd"). The price: an opening rolled back leaves its number
unused, a gap nobody was told of (the reply carrying it is written in the same transaction).
SQLite has one writer at a time, so nothing queues there: its number is taken inside the
opening's transaction and a rolled-back opening gives it back. Official register numbers
(``backend.documents.numbering``) stay gap-free on both.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core.db import autocommit_reader
from backend.core.models import CaseCounter


def next_case_number(session: Session, *, year: int) -> str:
    """Take the next number of ``year`` (one statement: the year's first case creates its
    counter); see the module doc for the transaction it is taken in."""
    bind = session.get_bind()
    insert = postgresql.insert if bind.dialect.name == "postgresql" else sqlite.insert
    statement = (insert(CaseCounter).values(year=year, last_value=1)
                 .on_conflict_do_update(index_elements=[CaseCounter.year],
                                        set_={"last_value": CaseCounter.last_value + 1})
                 .returning(CaseCounter.last_value))
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        with autocommit_reader(bind).connect() as connection:
            value = connection.execute(statement).scalar_one()
    else:
        value = session.execute(statement).scalar_one()
    return format_case_number(year, value)


def format_case_number(year: int, value: int) -> str:
    """``HL-2026-000042``."""
    return f"HL-{year:04d}-{value:06d}"
