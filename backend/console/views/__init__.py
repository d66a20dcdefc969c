"""The console's routes under /console (HTML, not part of the OpenAPI schema)."""

from fastapi import APIRouter

from backend.console.views import (
    admin,
    agent,
    auth,
    case,
    damkar,
    dashboard,
    roster,
    static,
    work,
)

router = APIRouter(prefix="/console", include_in_schema=False)
for module in (auth, work, case, damkar, dashboard, roster, admin, agent, static):
    router.include_router(module.router)
