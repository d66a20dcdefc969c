"""Register numbers: sequential per product and year, no gaps, no duplicates.

As with case numbers, the counter row is incremented inside the issuing transaction: concurrent
issuers queue on the row lock, and a rolled-back issue gives its number back.
"""

from __future__ import annotations

import secrets

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.documents.models import DocumentCounter

# Crockford-like alphabet: no 0/O, 1/I/L, U; easy to read aloud and type from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # about 59 bits: not guessable


def next_sequence(session: Session, *, product: str, year: int) -> int:
    """Take the next sequence of ``product``'s register for ``year`` in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(DocumentCounter)
                    .values(product=product, year=year, last_value=0).on_conflict_do_nothing())
    return session.execute(
        update(DocumentCounter)
        .where(DocumentCounter.product == product, DocumentCounter.year == year)
        .values(last_value=DocumentCounter.last_value + 1)
        .returning(DocumentCounter.last_value)
    ).scalar_one()


def new_verify_code() -> str:
    """A random verification code such as ``K7QM2XPD9HRT`` (printed as ``K7QM-2XPD-9HRT``)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """``K7QM-2XPD-9HRT``: groups of four for reading off paper."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    """What a citizen typed, as stored: upper case, without dashes or spaces."""
    return "".join(ch for ch in text.upper() if ch.isalnum())
