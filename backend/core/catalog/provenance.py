"""Where the catalog's citizen-facing values come from: seed, regulation or assumption."""

from __future__ import annotations

from collections import Counter

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.sources import Basis, Provenance


def describe(provenance: Provenance | None) -> str:
    """One Indonesian phrase for officers, e.g. 'dasar: peraturan — UU 24/2013 Pasal 79A'."""
    if provenance is None:
        return "dasar: belum dicatat"
    label = {Basis.SEED: "tabel SOP", Basis.REGULATION: "peraturan",
             Basis.ASSUMPTION: "asumsi, perlu konfirmasi"}[provenance.basis]
    detail = provenance.citation or provenance.note
    return f"dasar: {label}" + (f" — {detail}" if detail else "")


def _values(service: ServiceDefinition) -> list[str]:
    keys = [k for k in ("fee", "validity", "product", "total_time") if getattr(service, k)]
    keys += ["documents"] if service.documents else []
    keys += [f"documents.{d.code}" for d in service.documents
             if f"documents.{d.code}" in service.provenance]
    return keys + (["agency"] if "agency" in service.provenance else [])


def summary(catalog: Catalog) -> list[str]:
    """Lint lines: counts per basis, then every value shown without provenance."""
    counts: Counter[str] = Counter()
    missing: list[str] = []
    for service in catalog:
        for key in _values(service):
            found = service.provenance_of(key)
            if found is not None:
                counts[found.basis.value] += 1
        missing += [f"{service.code}: {key}: no provenance" for key in service.unsourced()]
    line = ", ".join(f"{counts[b.value]} {b.value}" for b in Basis)
    return [f"provenance: {line}; {len(missing)} shown without provenance", *missing]


def assumptions(catalog: Catalog) -> list[str]:
    """Every value whose basis is an assumption: 'code: key: value — note'."""
    rows = []
    for service in catalog:
        for key, provenance in service.provenance.items():
            if provenance.basis is Basis.ASSUMPTION:
                value = getattr(service, key, None) if "." not in key else None
                shown = f" = {value!r}" if isinstance(value, str) else ""
                rows.append(f"{service.code}: {key}{shown} — {provenance.note or '-'}")
    return rows
