"""The FastAPI application: officer API, webhooks, dev chat, and the background workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from backend import ops
from backend.api.errors import domain_error
from backend.api.routes import auth, cases, catalog, roster
from backend.app.wiring import build_payments, build_runtime
from backend.console import views as console
from backend.core.clock import Clock, system_clock
from backend.core.config import Settings, get_settings
from backend.core.db import make_engine, session_factory, transaction
from backend.core.errors import DomainError
from backend.core.incidents import IncidentDesk
from backend.core.logging import configure_logging
from backend.core.payments.guard import payment_guard
from backend.core.services_sync import sync_services
from backend.core.workflow.factory import build_workflow
from backend.documents import api as documents_api
from backend.documents import console_views as documents_console
from backend.documents import register_page as documents_register
from backend.documents import views as documents_views
from backend.documents.guard import issuance_guard
from backend.documents.registers import load_registers
from backend.migrate import upgrade
from backend.payments import console_views as payments_console
from bot import devchat, media_links, webhooks
from bot.runner import Role
from handoff import views as handoff
from nlu.fallback import warm_up as warm_up_classifier


def create_app(settings: Settings | None = None, *, engine: Engine | None = None,
               clock: Clock = system_clock, run_background: bool = True,
               migrate: bool | None = None, role: Role = Role.ALL,
               **collaborators: Any) -> FastAPI:
    """Build the app. SQLite databases are migrated at start-up unless ``migrate`` is False.

    ``role`` says which background loops run here (``Role.WEB``: the processing runs in
    ``halo work`` processes). ``collaborators`` (channels, understander, pbb) replace the
    configured ones in tests.
    """
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    engine = engine or make_engine(settings.sqlalchemy_url())
    workflow = build_workflow(settings)
    payments = build_payments(settings, workflow.catalog)
    workflow.guards += [issuance_guard(load_registers(
        settings.resolved_path(settings.documents.registers_file), workflow.catalog)),
        payment_guard(payments.plans)]
    sessions = session_factory(engine)
    runtime = build_runtime(settings, sessions, workflow, clock, role=role, **collaborators)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        should_migrate = engine.dialect.name == "sqlite" if migrate is None else migrate
        if should_migrate:
            upgrade(engine)
        with transaction(app.state.sessions) as session:
            sync_services(session, workflow.catalog)
        # SQLite has one writer at a time: its workers share the web loop. On PostgreSQL,
        # processing and sending run on loops of their own so an alert never waits.
        await warm_up(app)
        threaded = engine.dialect.name != "sqlite"
        background = run_background
        if background and threaded:
            runtime.workers.start_in_thread(on_stop=runtime.channels.close)
        elif background:
            runtime.workers.start()
        yield
        runtime.reception.close()
        if background and threaded:
            runtime.workers.stop_thread()
            return
        await runtime.workers.stop()
        await runtime.channels.close()
        await runtime.workers.close_senders()

    # /docs and /redoc with the Swagger UI and ReDoc files of an installed package (no CDN)
    app = FastAPIOffline(title="Halo Lamsel", version="0.1.0", lifespan=lifespan,
                         static_url="/docs-assets")
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.clock = clock
    app.state.workflow = workflow
    app.state.workers = runtime.workers
    app.state.storage_root = runtime.channels.storage_root
    app.state.dev_chat = settings.dev_chat_enabled
    app.state.channels = runtime.channels
    app.state.handoff = runtime.handoff
    app.state.reception = runtime.reception
    incidents: IncidentDesk = runtime.alerts  # the console's board and /readyz use the port
    app.state.incidents = incidents
    for module in (auth, cases, catalog, roster, webhooks, devchat, media_links, handoff,
                   console, ops):
        app.include_router(module.router)
    app.include_router(documents_views.router)
    app.include_router(documents_api.router)
    app.include_router(documents_console.router)
    app.include_router(documents_register.router)
    app.include_router(payments_console.router)
    app.state.payments = payments
    app.state.case_panels = [payments_console.panel, documents_console.panel]
    app.add_exception_handler(DomainError, domain_error)
    return app


def create_web_app() -> FastAPI:
    """The app of a web process beside ``halo work`` processes (uvicorn factory)."""
    return create_app(role=Role.WEB)


async def warm_up(app: FastAPI) -> None:
    """Load what the first webhook would otherwise wait for (a second or two on a busy
    machine): the local classifier's tables, and FastAPI's routing tables, built lazily on the
    first request that walks them (``/healthz`` comes last, so one request walks them all),
    and the working calendar's holidays."""
    warm_up_classifier()
    app.state.workflow.calendar.warm_up(app.state.clock().date())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://warm-up") as client:
        await client.get("/healthz")
