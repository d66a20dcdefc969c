"""``halo pki`` (the test CA and signer certificates) and ``halo documents`` (the registers)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from backend.catalog.loader import Catalog, CatalogError, load_catalog
from backend.config import Environment, Settings, get_settings
from backend.db import session_factory
from backend.documents.issuing import DocumentKit
from backend.documents.models import IssuedDocument
from backend.documents.numbering import display_code
from backend.documents.pki import init_pki, signing_roles
from backend.documents.service import WIB, validity_on
from backend.documents.signing import SigningUnavailable, check_signature, load_signer, trust_roots

pki_app = typer.Typer(help="Signing certificates (test CA for demo and test).",
                      no_args_is_help=True)
documents_app = typer.Typer(help="Issued documents and their registers.", no_args_is_help=True)


def _kit(settings: Settings) -> DocumentKit:
    try:
        catalog: Catalog = load_catalog(settings.resolved_path(settings.catalog_dir)
                                        if settings.catalog_dir else None)
        return DocumentKit.build(settings, catalog)
    except (CatalogError, ValueError) as error:
        typer.echo(f"catalog or registers invalid: {error}", err=True)
        raise typer.Exit(1) from None


@pki_app.command("init")
def pki_init(force: Annotated[bool, typer.Option(help="Replace existing signer files")] = False,
             ) -> None:
    """Create the regency TEST CA and one signer certificate per signing role (not production)."""
    settings = get_settings()
    if settings.environment is Environment.PRODUCTION:
        typer.echo("production signs with real certificates: set documents.signers "
                   "(PKCS#12 per role) and documents.signer_passphrase", err=True)
        raise typer.Exit(1)
    kit = _kit(settings)
    folder = kit.path(settings.documents.pki_dir)
    written = init_pki(folder, signing_roles(kit.registers, kit.catalog),
                       passphrase=settings.documents.signer_passphrase, force=force)
    typer.echo(f"test CA: {folder / 'ca.pem'}")
    for path in written:
        typer.echo(f"signer: {path}")
    typer.echo(f"{len(written)} signer certificate(s) written")


@pki_app.command("show")
def pki_show() -> None:
    """Each signing role, its certificate's subject and expiry (no key material)."""
    settings = get_settings()
    kit = _kit(settings)
    for role in signing_roles(kit.registers, kit.catalog):
        try:
            signer = load_signer(settings.documents, kit.root, role.key,
                                 allow_test=kit.allow_test_certificates)
        except SigningUnavailable as error:
            typer.echo(f"{role.key}: {error}")
            continue
        cert = signer.signing_cert
        typer.echo(f"{role.key}: {cert.subject.human_friendly} "
                   f"(until {cert.not_valid_after.date().isoformat()})")


@documents_app.command("list")
def documents_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The registers: number, product, issue date, validity, status, verification code."""
    today = datetime.now(UTC).astimezone(WIB).date()
    with session_factory()() as session:
        documents = session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
        for d in documents:
            row = {"number": d.number, "product": d.product, "issued_on": d.issued_on.isoformat(),
                   "valid_until": d.valid_until.isoformat() if d.valid_until else None,
                   "status": validity_on(d, today).value, "code": display_code(d.verify_code)}
            typer.echo(json.dumps(row) if as_json else "  ".join(str(v) for v in row.values()))


@documents_app.command("check")
def documents_check(pdf: Path) -> None:
    """Validate a signed PDF against the trusted roots; exit 1 unless intact and trusted."""
    settings = get_settings()
    result = check_signature(pdf.read_bytes(), trust_roots(settings.documents, _kit(settings).root))
    typer.echo(f"valid={result.valid} intact={result.intact} trusted={result.trusted} "
               f"signer={result.signer}")
    raise typer.Exit(0 if result.valid else 1)
