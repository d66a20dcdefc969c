"""The configured workflow engine, built once per process."""

from __future__ import annotations

from functools import lru_cache

from backend.core.catalog.loader import Catalog, cached_catalog
from backend.core.config import Settings, get_settings
from backend.core.workflow.calendar import WorkingCalendar
from backend.core.workflow.engine import Workflow


def build_workflow(settings: Settings, catalog: Catalog | None = None) -> Workflow:
    """A workflow engine from settings (and a given catalog, else the configured one)."""
    catalog = catalog or cached_catalog(settings.catalog_dir or None)
    return Workflow(
        catalog=catalog,
        calendar=WorkingCalendar(settings.workflow),
        return_days=settings.workflow.return_deadline_days,
    )


@lru_cache
def get_workflow() -> Workflow:
    """The process-wide engine for the configured settings."""
    return build_workflow(get_settings())
