"""Public catalog routes: what services exist and what they need."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from backend.api.deps import WorkflowDep

router = APIRouter(prefix="/api/services", tags=["catalog"])


@router.get("")
def list_services(workflow: WorkflowDep) -> list[dict[str, Any]]:
    """Every service with its agency, urgency and counts."""
    return [
        {"code": s.code, "name": s.name.id, "agency": s.agency, "urgency": s.urgency.value,
         "steps": len(s.steps), "documents": len(s.documents), "fields": len(s.fields)}
        for s in workflow.catalog
    ]


@router.get("/{code}")
def service_detail(code: str, workflow: WorkflowDep) -> dict[str, Any]:
    """One service definition as data."""
    try:
        return workflow.catalog.get(code).model_dump(mode="json")
    except KeyError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no service {code}") from None
