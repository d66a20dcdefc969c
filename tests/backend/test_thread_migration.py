"""Migration 0007 on a database with messages: the old rows get no thread and never show on a
case page (a note says how many are hidden); old cases get a 'lama-' thread, so what is sent
about them from now on is shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.console import actions
from backend.core.catalog.loader import Catalog
from backend.core.db import make_engine
from backend.core.models import Case, Officer
from backend.core.services_sync import sync_services
from backend.core.transcript import conversation_of, transcript
from backend.migrate import upgrade
from tests import pg
from tests.support.app import at
from tests.support.databases import BACKENDS

WHEN = at("2026-11-20 10:00")


@pytest.fixture(params=BACKENDS)
def old_engine(request: pytest.FixtureRequest, tmp_path: Path,
               catalog: Catalog) -> Iterator[Engine]:
    """A database at revision 0006 (before threads), with the catalog synced."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        engine = make_engine(pg.fresh_database(request.getfixturevalue("postgres_server")))
    upgrade(engine, "0006")
    with sessionmaker(bind=engine)() as session, session.begin():
        sync_services(session, catalog)
    yield engine
    engine.dispose()


def _insert(connection: sa.Connection, table: str, **values: Any) -> int:
    reflected = sa.Table(table, sa.MetaData(), autoload_with=connection)
    if connection.dialect.name == "sqlite":  # the app stores naive UTC on SQLite
        values = {k: v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) else v
                  for k, v in values.items()}
    return connection.execute(reflected.insert().values(**values)
                              .returning(reflected.c.id)).scalar_one()


def _old_chat(engine: Engine) -> str:
    """A citizen's KIA case and chat, stored the way 0006 stored them."""
    with engine.begin() as connection:
        citizen = _insert(connection, "citizens", display_name="Sari", created_at=WHEN)
        _insert(connection, "conversations", channel="telegram", external_id="4242",
                citizen_id=citizen, state={}, mode="bot", created_at=WHEN, updated_at=WHEN)
        _insert(connection, "cases", number="HL-2026-009001", service_code="kia-0-5",
                agency="disdukcapil", urgency="normal", status="open", citizen_id=citizen,
                channel="telegram", created_at=WHEN, updated_at=WHEN)
        for index, text in enumerate(("mau bikin KIA", "saya dipukuli suami saya")):
            _insert(connection, "inbound_messages", channel="telegram", platform_id=f"u{index}",
                    sender="4242", payload={"text": text}, status="processed", priority=5,
                    attempts=0, received_at=WHEN, next_attempt_at=WHEN)
        _insert(connection, "outbox", dedupe_key="in:1:0", channel="telegram",
                recipient="4242", kind="reply", priority=5, body="Tanggal lahir anak?",
                status="sent", attempts=1, next_attempt_at=WHEN, created_at=WHEN)
    return "HL-2026-009001"


def test_old_messages_are_hidden_with_a_note_and_new_ones_are_shown(old_engine: Engine) -> None:
    number = _old_chat(old_engine)
    upgrade(old_engine)
    with sessionmaker(bind=old_engine, expire_on_commit=False)() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        assert case is not None and case.thread == f"lama-{case.id}"
        conversation = conversation_of(session, case)
        assert conversation is not None
        before = transcript(session, case, conversation, sees_ppa=True)
        assert before.lines == [] and before.legacy == 2
        officer = Officer(username="op-migrasi", full_name="Op", agency="disdukcapil",
                          password_hash="x")
        session.add(officer)
        session.flush()
        actions.reply(session, case, officer, "Berkas Anda kami periksa.", now=WHEN)
    with sessionmaker(bind=old_engine)() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        conversation = conversation_of(session, case)
        after = transcript(session, case, conversation, sees_ppa=False)
        assert [(line.side, line.text) for line in after.lines] == [
            ("petugas", "Berkas Anda kami periksa.")]
