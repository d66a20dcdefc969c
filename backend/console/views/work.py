"""The worklist page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from backend.console.deps import Guard, User
from backend.console.notices import notices_for
from backend.console.render import page
from backend.console.worklist import SLA_LABELS, STATUS_LABELS, service_choices, work_rows

router = APIRouter()


@router.get("/kerja")
def worklist(request: Request, guard: Guard, user: User,
             status: Annotated[str, Query(max_length=20)] = "open",
             layanan: Annotated[str, Query(max_length=64)] = "",
             q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """My cases, most urgent deadline first; filters by service and status; search."""
    status = status if status in STATUS_LABELS else "open"
    rows = work_rows(guard.session, guard.workflow, user.officer, now=guard.now, status=status,
                     visible=lambda case: guard.may_list(case, user.officer),
                     service=layanan or None, query=q.strip() or None)
    return page(request, "worklist.html", user=user, rows=rows, status=status, service=layanan,
                q=q, statuses=STATUS_LABELS, services=service_choices(guard.workflow, user.officer),
                sla_labels=SLA_LABELS,
                notices=notices_for(guard.session, user.officer, guard.now))
