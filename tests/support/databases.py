"""Fresh migrated databases on SQLite and PostgreSQL, the catalog synced."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.db import make_engine
from backend.core.services_sync import sync_services
from backend.migrate import upgrade
from tests import pg

BACKENDS = ["sqlite", "postgresql"]


def migrated_engine(backend: str, folder: Path, request: pytest.FixtureRequest,
                    catalog: Catalog) -> Engine:
    """A fresh database of ``backend``, migrated and with the catalog synced."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'halo.db'}")
    else:
        server = request.getfixturevalue("postgres_server")
        engine = make_engine(pg.fresh_database(server))
    upgrade(engine)
    with sessionmaker(bind=engine)() as session, session.begin():
        sync_services(session, catalog)
    return engine
