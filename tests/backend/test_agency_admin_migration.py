"""Migration 0009_agency_admin: holders of the old console role "admin" keep it and get
admin-konsol (their own agency only); nobody becomes a regency-wide admin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from backend.core.db import make_engine
from backend.core.roles import AGENCY_ADMIN, REGENCY_ADMIN
from backend.migrate import upgrade
from tests import pg
from tests.support.databases import BACKENDS

CREATED = datetime(2026, 11, 20, 3, 0)  # naive UTC works on both backends' raw inserts


@pytest.fixture(params=BACKENDS)
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at revision 0008, before agency admins."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        engine = make_engine(pg.fresh_database(request.getfixturevalue("postgres_server")))
    upgrade(engine, "0008")
    yield engine
    engine.dispose()


def _officer(connection: sa.Connection, username: str, agency: str, *roles: str) -> None:
    officers = sa.Table("officers", sa.MetaData(), autoload_with=connection)
    officer_id = connection.execute(officers.insert().values(
        username=username, full_name=username, agency=agency, password_hash="x", active=True,
        demo=False, created_at=CREATED).returning(officers.c.id)).scalar_one()
    for role in roles:
        connection.execute(sa.text("INSERT INTO officer_roles (officer_id, role) "
                                   "VALUES (:id, :role)"), {"id": officer_id, "role": role})


def _roles(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT o.username, r.role FROM officers o JOIN officer_roles r "
            "ON r.officer_id = o.id"))
        found: dict[str, set[str]] = {}
        for username, role in rows:
            found.setdefault(username, set()).add(role)
        return found


def test_old_admins_become_admins_of_their_own_agency(old_engine: Engine) -> None:
    with old_engine.begin() as connection:
        _officer(connection, "bspji.admin", "bspji-palembang", "admin")
        _officer(connection, "dukcapil.boss", "disdukcapil", "operator", "admin")
        _officer(connection, "dukcapil.op", "disdukcapil", "operator")
    upgrade(old_engine)
    roles = _roles(old_engine)
    assert roles["bspji.admin"] == {"admin", AGENCY_ADMIN}
    assert roles["dukcapil.boss"] == {"operator", "admin", AGENCY_ADMIN}
    assert roles["dukcapil.op"] == {"operator"}
    assert not any(REGENCY_ADMIN in held for held in roles.values())
