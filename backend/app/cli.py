"""``halo``: the command line of Halo Lamsel."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.console.officers_cli import officers_app
from backend.core.catalog.diagram import mermaid
from backend.core.catalog.loader import Catalog, CatalogError, load_catalog
from backend.core.config import get_settings
from backend.core.db import get_engine, session_factory, transaction
from backend.core.models import Case, CaseStatus
from backend.core.models.base import utcnow
from backend.core.services_sync import sync_services
from backend.documents import cli as documents_cli
from backend.migrate import upgrade

app = typer.Typer(help="Halo Lamsel: citizens' chat front door to Lampung Selatan's services.",
                  no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
catalog_app = typer.Typer(help="The service catalog (catalog/*.yml).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")
app.add_typer(documents_cli.pki_app, name="pki")
app.add_typer(documents_cli.documents_app, name="documents")
app.add_typer(officers_app, name="officers")


def _catalog_or_exit() -> Catalog:
    settings = get_settings()
    try:
        return load_catalog(settings.resolved_path(settings.catalog_dir)
                            if settings.catalog_dir else None)
    except CatalogError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        typer.echo(f"{len(error.problems)} problem(s) in the catalog", err=True)
        raise typer.Exit(1) from None


def _prepared_sessions() -> sessionmaker[Session]:
    """Migrated database with the catalog synced; returns a session factory."""
    engine = get_engine()
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        sync_services(session, _catalog_or_exit())
    return sessions


@db_app.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply the Alembic migrations to HALO_DATABASE_URL."""
    upgrade(get_engine(), revision)
    typer.echo(f"database at {revision}")


@catalog_app.command("lint")
def catalog_lint(assumptions: Annotated[bool, typer.Option(
        "--assumptions", help="List every value that is our assumption")] = False) -> None:
    """Validate every catalog file; exit 1 naming each file and field that is wrong."""
    from backend.core.catalog import provenance

    catalog = _catalog_or_exit()
    typer.echo(f"catalog ok: {len(catalog)} services, {len(catalog.agencies)} agencies")
    for line in provenance.summary(catalog):
        typer.echo(line)
    if assumptions:
        for line in provenance.assumptions(catalog):
            typer.echo(line)


@catalog_app.command("list")
def catalog_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the services (one JSON object per line with --json)."""
    for service in _catalog_or_exit():
        row = {
            "code": service.code, "name": service.name.id, "name_en": service.name.en,
            "agency": service.agency, "category": service.category,
            "urgency": service.urgency.value, "steps": len(service.steps),
            "documents": len(service.documents), "fields": len(service.fields),
            "total_time": service.total_time,
            "source": {"seed": service.source.seed, "title": service.source.title,
                       "line": service.source.line},
        }
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{service.code:40} {service.agency:20} {len(service.steps):3} steps  "
                       f"{service.name.id}")


@catalog_app.command("show")
def catalog_show(code: str, diagram: Annotated[bool, typer.Option("--diagram")] = False) -> None:
    """Show one service definition (as YAML-like JSON, or a Mermaid flowchart)."""
    catalog = _catalog_or_exit()
    if code not in catalog.services:
        typer.echo(f"no service {code!r}", err=True)
        raise typer.Exit(2)
    service = catalog.get(code)
    if diagram:
        typer.echo(mermaid(service))
    else:
        from backend.core.catalog.provenance import describe

        shown = service.model_dump(mode="json", exclude={"provenance"})
        for key in ("fee", "validity", "product", "total_time"):
            if shown.get(key):
                shown[key] = f"{shown[key]}  [{describe(service.provenance_of(key))}]"
        for document in shown["documents"]:
            key = f"documents.{document['code']}"
            document["provenance"] = describe(service.provenance_of(key))
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))


@app.command("demo-data")
def demo_data() -> None:
    """Create the demo officers: one per role per agency, an admin per agency, the call
    center's agents and supervisor (demo environment only)."""
    from backend.core.demo import DEMO_PASSWORD, DemoRefused, create_demo_officers

    sessions = _prepared_sessions()
    try:
        with transaction(sessions) as session:
            created = create_demo_officers(session, _catalog_or_exit(), get_settings())
    except DemoRefused as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{created} demo officers created; usernames <agency>.<role> and "
               f"<agency>.admin, password {DEMO_PASSWORD!r}")


@app.command("simulate")
def simulate_command(code: str, start: Annotated[str | None, typer.Option(
        help="Start time, ISO 8601 with offset (default: now)")] = None) -> None:
    """Open a case for CODE and walk it through every step as the right officers."""
    from backend.core.workflow.factory import build_workflow
    from backend.core.workflow.simulate import simulate

    settings = get_settings()
    workflow = build_workflow(settings, _catalog_or_exit())
    if code not in workflow.catalog.services:
        typer.echo(f"no service {code!r}", err=True)
        raise typer.Exit(2)
    begin = datetime.fromisoformat(start) if start else utcnow()
    zone = workflow.calendar.zone
    with transaction(_prepared_sessions()) as session:
        case, timeline = simulate(session, workflow, code, start=begin)
        typer.echo(f"{case.number}  {code}  ({workflow.catalog.get(code).name.id})")
        for row in timeline:
            due = row.due_at.astimezone(zone).strftime("%a %d %b %H:%M") if row.due_at else "-"
            typer.echo(f"  {row.step_number:>4}  {row.role_label[:34]:34}  "
                       f"start {row.started_at.astimezone(zone):%a %d %b %H:%M}  due {due:16}  "
                       f"done {row.completed_at.astimezone(zone):%a %d %b %H:%M}  {row.outcome}")
        typer.echo(f"status: {case.status}")


@app.command("cases")
def cases_command(as_json: Annotated[bool, typer.Option("--json")] = False,
                  status: Annotated[CaseStatus | None, typer.Option()] = None,
                  limit: int = 200) -> None:
    """List cases, newest first."""
    with transaction(_prepared_sessions()) as session:
        statement = select(Case).order_by(Case.id.desc()).limit(limit)
        if status:
            statement = statement.where(Case.status == status)
        for case in session.scalars(statement):
            row = {"number": case.number, "service_code": case.service_code,
                   "status": case.status, "current_step": case.current_step_id,
                   "created_at": case.created_at.isoformat()}
            typer.echo(json.dumps(row) if as_json else
                       f"{case.number}  {case.service_code:32} {case.status:16} "
                       f"{case.current_step_id or '-'}")


@app.command("serve")
def serve(host: str = "127.0.0.1", port: int = 8000,
          workers: Annotated[int, typer.Option(
              min=1, help="processing processes beside the web process (PostgreSQL)")] = 1,
          web: Annotated[int, typer.Option(min=1, help="web processes (with --workers)")] = 1,
          ) -> None:
    """Run the web app (webhooks, API, consoles) and its background loops in the foreground.

    One process by default. With ``--workers N`` (PostgreSQL): ``--web`` web processes that
    receive webhooks and send alerts, and N ``halo work`` processes for dialog turns and
    sending, each started again when it dies; they share the queues through row locks.
    """
    import uvicorn

    settings = get_settings()
    if workers > 1 and settings.sqlalchemy_url().startswith("sqlite"):
        typer.echo("several workers need PostgreSQL: set HALO_DATABASE_URL "
                   "(SQLite has one writer at a time)", err=True)
        raise typer.Exit(2)
    if workers == 1:
        from backend.app.server import serve
        from backend.app.web import create_app

        serve(uvicorn.Config(create_app(), **_uvicorn_options(host, port)))
        return
    from backend.app.supervisor import serve_split
    from backend.core.logging import configure_logging

    configure_logging(settings.log_level)
    _share_metrics_between_workers()
    serve_split(host, port, workers=workers, web=web)


@app.command("web")
def web_command(host: str = "127.0.0.1", port: int = 8000,
                fd: Annotated[int | None, typer.Option(
                    help="serve on this inherited listening socket instead")] = None) -> None:
    """Run a web process only: webhooks, API, consoles, alerts and their escalation; the
    dialog turns are left to ``halo work`` processes (PostgreSQL)."""
    import socket

    import uvicorn

    from backend.app.server import serve
    from backend.app.web import create_web_app

    _require_postgresql("halo web")
    serve(uvicorn.Config(create_web_app(), **_uvicorn_options(host, port)),
          sockets=[socket.socket(fileno=fd)] if fd is not None else None)


@app.command("work")
def work_command(
        rank: Annotated[int, typer.Option(min=0, help="this process's number among the "
                                          "processing processes, from 0")] = 0,
        of: Annotated[int, typer.Option(min=1, help="how many processing processes run")] = 1,
) -> None:
    """Run a processing process: dialog turns, sending, citizen notifications, SLA watch, the
    escalation of the alerts its turns raise (beside ``halo web``; PostgreSQL). Stops cleanly
    on SIGTERM. With ``--rank`` and ``--of`` it is woken first for its share of the stored
    messages (``halo serve --workers`` sets them); without, for all of them."""
    from backend.app.work import run_work

    _require_postgresql("halo work")
    if rank >= of:
        typer.echo("--rank counts from 0 and must be below --of", err=True)
        raise typer.Exit(2)
    run_work(get_settings(), rank=rank, of=of)


def _require_postgresql(command: str) -> None:
    if get_settings().sqlalchemy_url().startswith("sqlite"):
        typer.echo(f"{command} shares the queues with other processes: it needs PostgreSQL "
                   "(set HALO_DATABASE_URL), or run `halo serve` alone", err=True)
        raise typer.Exit(2)


def _uvicorn_options(host: str, port: int) -> dict[str, Any]:
    # No uvicorn access log: its lines carry query strings (a NIK searched in the console),
    # and the app logs what it needs without personal data.
    # Idle connections are kept longer than a proxy or client keeps them (nginx 60 s, aiohttp
    # 15 s): with the server closing first, a request sent on a connection just closed fails
    # and the webhook is not acknowledged.
    return {"host": host, "port": port, "proxy_headers": True, "access_log": False,
            "timeout_keep_alive": 75}


def _share_metrics_between_workers() -> None:
    """Prometheus multiprocess mode: each worker writes its samples into one fresh folder
    (set before any worker imports prometheus_client), and a scrape of any worker sums them."""
    import os
    import tempfile

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="halo-metrics-")


roster_app = typer.Typer(help="Duty rosters (damkar piket, PPA on-call).", no_args_is_help=True)
app.add_typer(roster_app, name="roster")


@roster_app.command("load")
def roster_load(path: Path) -> None:
    """Replace a unit's roster with the YAML file (see deploy/roster.example.yml)."""
    import yaml
    from pydantic import ValidationError

    from backend.core.roster import RosterIn, load_roster

    try:
        roster = RosterIn.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        typer.echo(f"{path}: {error}", err=True)
        raise typer.Exit(1) from None
    with transaction(_prepared_sessions()) as session:
        count = load_roster(session, roster)
    typer.echo(f"roster {roster.unit}: {count} members, teams {', '.join(roster.teams)}")


telegram_app = typer.Typer(help="Telegram channel tools.", no_args_is_help=True)
app.add_typer(telegram_app, name="telegram")


@telegram_app.command("polling")
def telegram_polling() -> None:
    """Answer Telegram through long polling (local use, no public URL needed)."""
    import asyncio

    from backend.app.web import create_app
    from bot.polling import poll_forever
    from nlu.fallback import urgent_intent

    settings = get_settings()
    if not settings.telegram.token:
        typer.echo("HALO_TELEGRAM__TOKEN is not set", err=True)
        raise typer.Exit(2)
    web_app = create_app(settings)

    async def run() -> None:
        async with web_app.router.lifespan_context(web_app):
            await poll_forever(web_app.state.channels.telegram, web_app.state.sessions,
                               web_app.state.workers, web_app.state.clock,
                               intent_of=urgent_intent)

    asyncio.run(run())


def _mount_optional_apps() -> None:
    try:
        from nlu.cli import NluDefaults
        from nlu.cli import app as nlu_app
    except ImportError:
        return

    def nlu_settings(ctx: typer.Context) -> None:
        """nlu/ reads no settings: its commands get them here."""
        settings = get_settings().nlu
        ctx.obj = NluDefaults(url=settings.url, timeout_ms=settings.timeout_ms)

    app.add_typer(nlu_app, name="nlu", callback=nlu_settings,
                  help="The Rasa NLU: train, serve, evaluate, parse.")


_mount_optional_apps()


if __name__ == "__main__":
    app()
