"""Load and validate the catalog: ``catalog/agencies/*.yml`` and ``catalog/services/*.yml``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from backend.core.catalog.schema import Agency, ServiceDefinition

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "catalog"


class CatalogError(ValueError):
    """One or more catalog files are invalid; ``problems`` names each file and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Catalog:
    """Every service definition and agency, by code."""

    services: dict[str, ServiceDefinition]
    agencies: dict[str, Agency]
    files: dict[str, Path] = field(default_factory=dict)

    def get(self, code: str) -> ServiceDefinition:
        """The service with this code (KeyError if none)."""
        return self.services[code]

    def __iter__(self) -> Iterator[ServiceDefinition]:
        return iter(self.services.values())

    def __len__(self) -> int:
        return len(self.services)

    @property
    def regency_agencies(self) -> list[str]:
        """The codes of the regency's own bodies, sorted (not the seeds' outside sources)."""
        return sorted(code for code, agency in self.agencies.items() if not agency.external)


def _describe(error: ValidationError, path: Path) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(file)"
        problems.append(f"{path.name}: {where}: {item['msg']}")
    return problems


def _read_yaml(path: Path, problems: list[str]) -> dict[str, Any] | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: YAML error: {exc}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: (file): expected a mapping at the top level")
        return None
    return data


def _load_agencies(folder: Path, problems: list[str]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for path in sorted(folder.glob("*.yml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        try:
            agency = Agency.model_validate(data)
        except ValidationError as exc:
            problems.extend(_describe(exc, path))
            continue
        if path.stem != agency.code:
            problems.append(f"{path.name}: code: file name must be the code {agency.code!r}")
        agencies[agency.code] = agency
    return agencies


def _check_service(
    service: ServiceDefinition, path: Path, agencies: dict[str, Agency]
) -> list[str]:
    problems = []
    if path.stem != service.code:
        problems.append(f"{path.name}: code: file name must be the code {service.code!r}")
    if service.agency not in agencies:
        problems.append(f"{path.name}: agency: unknown agency {service.agency!r}")
    elif agencies[service.agency].external:
        problems.append(f"{path.name}: agency: {service.agency!r} is outside the regency; serve it "
                        "by a regency agency and keep the original in source.agency")
    if service.source.agency and service.source.agency not in agencies:
        problems.append(f"{path.name}: source.agency: unknown agency {service.source.agency!r}")
    return problems


def load_catalog(root: Path | None = None) -> Catalog:
    """Load every file under ``root``; raise CatalogError listing every problem found."""
    root = root or DEFAULT_ROOT
    problems: list[str] = []
    agencies = _load_agencies(root / "agencies", problems)
    services: dict[str, ServiceDefinition] = {}
    files: dict[str, Path] = {}
    for path in sorted((root / "services").glob("*.yml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        try:
            service = ServiceDefinition.model_validate(data)
        except ValidationError as exc:
            problems.extend(_describe(exc, path))
            continue
        problems.extend(_check_service(service, path, agencies))
        if service.code in services:
            problems.append(f"{path.name}: code: duplicate of {files[service.code].name}")
        services[service.code] = service
        files[service.code] = path
    if not services and not problems:
        problems.append(f"{root}: no service definitions found")
    if problems:
        raise CatalogError(problems)
    return Catalog(services=services, agencies=agencies, files=files)


@lru_cache(maxsize=4)
def cached_catalog(root: str | None = None) -> Catalog:
    """The catalog loaded once per process (definitions are read-only data)."""
    return load_catalog(Path(root) if root else None)
