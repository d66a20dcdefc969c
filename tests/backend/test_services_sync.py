"""Worker processes starting together sync the catalog one after the other."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.db import make_engine
from backend.core.models import ServiceRecord
from backend.core.services_sync import sync_services
from backend.migrate import upgrade
from tests import pg


def test_concurrent_syncs_on_a_fresh_database_both_succeed(
        request: pytest.FixtureRequest, catalog: Catalog) -> None:
    server = request.getfixturevalue("postgres_server")
    engine = make_engine(pg.fresh_database(server))
    upgrade(engine)
    sessions = sessionmaker(bind=engine)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def sync() -> None:
        try:
            start.wait(timeout=10)
            with sessions() as session, session.begin():
                sync_services(session, catalog)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sync) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ServiceRecord)) == len(catalog)
    engine.dispose()
