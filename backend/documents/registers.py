"""The register configuration (catalog/documents/registers.yml): one entry per product."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from backend.catalog.loader import Catalog

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class Product(BaseModel):
    """A kind of document a service issues, with its own register."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = ""
    service: str
    title: str
    number_format: str
    issue_step: str
    signer_role: str
    validity_years: int | None = Field(default=None, ge=1)
    template: str
    fields: tuple[str, ...] = ()
    revoke_roles: tuple[str, ...] = ()

    def format_number(self, sequence: int, year: int, month: int) -> str:
        """``503/7/IZIN-LAB/2026`` from the product's ``number_format``."""
        return self.number_format.format(seq=sequence, year=year,
                                         month_roman=ROMAN_MONTHS[month - 1])

    @property
    def revokers(self) -> tuple[str, ...]:
        return self.revoke_roles or (self.signer_role,)


class Registers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    products: dict[str, Product]
    folder: Path

    @property
    def templates_dir(self) -> Path:
        return self.folder / "templates"

    def for_service(self, service_code: str) -> list[Product]:
        return [p for p in self.products.values() if p.service == service_code]


def load_registers(path: Path, catalog: Catalog | None = None) -> Registers:
    """Read and check the registers; with ``catalog``, the services, steps, roles and fields."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    products = {code: Product(code=code, **entry)
                for code, entry in (raw.get("products") or {}).items()}
    registers = Registers(products=products, folder=path.parent)
    if catalog is not None:
        problems = [problem for p in products.values() for problem in _check(p, catalog)]
        if problems:
            raise ValueError("; ".join(problems))
    return registers


def _check(product: Product, catalog: Catalog) -> list[str]:
    if product.service not in catalog.services:
        return [f"{product.code}: no service {product.service}"]
    service = catalog.services[product.service]
    problems = []
    steps = {step.id: step for step in service.steps}
    if product.issue_step not in steps:
        problems.append(f"{product.code}: no step {product.issue_step}")
    elif steps[product.issue_step].actor != product.signer_role:
        problems.append(f"{product.code}: step {product.issue_step} is not the signer's")
    for role in (product.signer_role, *product.revoke_roles):
        if role not in service.roles:
            problems.append(f"{product.code}: no role {role}")
    names = {field.name for field in service.fields}
    problems += [f"{product.code}: no field {f}" for f in product.fields if f not in names]
    return problems


@cache
def cached_registers(path: str) -> Registers:
    """The registers at ``path``, read once per process."""
    return load_registers(Path(path))
