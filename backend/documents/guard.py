"""The producing step completes only once its document is issued (a workflow completion guard)."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from backend.core.catalog.steps import Outcome, Step
from backend.core.models import Case
from backend.core.workflow.guards import CompletionGuard
from backend.documents.issuing import current_document
from backend.documents.registers import Registers


def issuance_guard(registers: Registers) -> CompletionGuard:
    """Refuses to move a case past a product's issue step while that product is not issued."""

    def refusal(case: Case, step: Step, outcome: Outcome) -> str | None:
        session = object_session(case)
        products = [p for p in registers.for_service(case.service_code)
                    if p.issue_step == step.id]
        missing = [p.title for p in products
                   if session is None or current_document(session, case, p) is None]
        if not missing:
            return None
        return (f"Langkah ini menghasilkan {', '.join(missing)}: terbitkan dan tandatangani "
                "dokumennya dulu, baru selesaikan langkahnya.")

    return refusal
