"""The FastAPI application: officer API now; webhooks and consoles mount here too."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from backend.api.routes import auth, cases, catalog
from backend.clock import Clock, system_clock
from backend.config import Settings, get_settings
from backend.db import make_engine, session_factory, transaction
from backend.logging import configure_logging, get_logger
from backend.migrate import upgrade
from backend.services_sync import sync_services
from backend.workflow.factory import build_workflow
from backend.workflow.sla import check_sla

log = get_logger(__name__)
SLA_INTERVAL_SECONDS = 30


async def _sla_ticker(app: FastAPI) -> None:
    """Check deadlines periodically (single-process mode; workers run it in production)."""
    while True:
        await asyncio.sleep(SLA_INTERVAL_SECONDS)
        try:
            with transaction(app.state.sessions) as session:
                breaches = check_sla(session, app.state.workflow, now=app.state.clock())
            if breaches:
                log.info("sla_breaches_recorded", count=breaches)
        except Exception:  # noqa: BLE001 - the ticker must survive a bad round
            log.exception("sla_check_failed")


def create_app(settings: Settings | None = None, *, engine: Engine | None = None,
               clock: Clock = system_clock, run_background: bool = True,
               migrate: bool | None = None) -> FastAPI:
    """Build the app. SQLite databases are migrated at start-up unless ``migrate`` is False."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    engine = engine or make_engine(settings.sqlalchemy_url())
    workflow = build_workflow(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        should_migrate = engine.dialect.name == "sqlite" if migrate is None else migrate
        if should_migrate:
            upgrade(engine)
        with transaction(app.state.sessions) as session:
            sync_services(session, workflow.catalog)
        ticker = asyncio.create_task(_sla_ticker(app)) if run_background else None
        yield
        if ticker:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    app = FastAPI(title="Halo Lamsel", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.clock = clock
    app.state.workflow = workflow
    for module in (auth, cases, catalog):
        app.include_router(module.router)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
