"""``halo officers add``: an account from the command line — how a fresh installation gets its
first regency-wide admin, who then manages everyone else in the console."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from backend.console.admin import AdminError, OfficerInput, create_officer
from backend.console.admin_scope import AdminScope, OutOfScope
from backend.core.catalog.loader import load_catalog
from backend.core.config import get_settings
from backend.core.db import get_engine, session_factory, transaction
from backend.core.models import Officer, OfficerRole
from backend.core.roles import REGENCY_ADMIN
from backend.migrate import upgrade

officers_app = typer.Typer(help="Officer accounts.", no_args_is_help=True)
INSTALLER = "halo-cli"  # the regency-wide scope the command acts in (never stored)


@officers_app.command("add")
def add(username: str,
        agency: Annotated[str, typer.Option(help="Agency code (catalog/agencies)")],
        name: Annotated[str, typer.Option(help="Full name")],
        role: Annotated[list[str], typer.Option(help="A role key; repeat for several")],
        password_stdin: Annotated[bool, typer.Option(
            help="Read the password from standard input instead of prompting")] = False,
        ) -> None:
    """Create an officer with roles of their agency, checked like the console's admin page
    (e.g. the first admin: --agency diskominfo --role admin-konsol-kabupaten)."""
    settings = get_settings()
    password = (sys.stdin.readline().rstrip("\n") if password_stdin else
                typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True))
    installer = Officer(username=INSTALLER, agency=settings.auth.regency_agency)
    installer.roles.append(OfficerRole(role=REGENCY_ADMIN))
    catalog = load_catalog(settings.resolved_path(settings.catalog_dir)
                           if settings.catalog_dir else None)
    engine = get_engine()
    upgrade(engine)
    sessions = session_factory(engine)
    try:
        with transaction(sessions) as session:
            created = create_officer(session, AdminScope(installer, catalog), OfficerInput(
                username=username, full_name=name, agency=agency, roles=role,
                password=password))
            roles = ", ".join(sorted(created.role_names))
            typer.echo(f"{created.username} ({created.agency}): {roles}")
    except (AdminError, OutOfScope) as refused:
        typer.echo(f"ditolak: {refused}", err=True)
        raise typer.Exit(1) from None

