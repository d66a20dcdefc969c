"""Extra sections of the case page, contributed by features the console does not know.

The composition root lists them in ``app.state.case_panels``; each returns its section's HTML
(already escaped, e.g. a rendered template) or None when it has nothing for this officer.
"""

from __future__ import annotations

from typing import Protocol

from fastapi import Request
from markupsafe import Markup

from backend.console.access import Access
from backend.console.sessions import SignedIn
from backend.core.models import Case


class CasePanel(Protocol):
    def __call__(self, request: Request, access: Access, user: SignedIn,
                 case: Case) -> Markup | None: ...


def case_panels(request: Request, access: Access, user: SignedIn, case: Case) -> list[Markup]:
    """The sections the configured panels give for this case and officer."""
    panels: list[CasePanel] = getattr(request.app.state, "case_panels", [])
    return [shown for panel in panels if (shown := panel(request, access, user, case))]
