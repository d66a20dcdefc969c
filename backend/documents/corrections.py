"""The signer corrects the fields a document prints before issuing it (the case's own values)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from backend.core.models import Case, CaseEvent, CaseField
from backend.documents.registers import Product
from backend.documents.service import DocumentError, Issuer

MAX_LENGTH = 500


def correct_fields(case: Case, product: Product, values: Mapping[str, str], *,
                   labels: Mapping[str, str], issuer: Issuer, now: datetime) -> list[str]:
    """Set the printed fields ``values`` names (others are ignored); returns the changed labels.

    Only before issuing, on the issuing step; each change is one ``document_fields_corrected``
    event naming the fields (values stay in the case, not in the log note).
    """
    if case.current_step_id != product.issue_step:
        raise DocumentError(f"Isian {product.title} hanya dapat dikoreksi pada langkah "
                            "penerbitannya.")
    current = {f.name: f for f in case.fields}
    changed: list[str] = []
    for name in product.fields:
        value = (values.get(name) or "").strip()
        if not value or len(value) > MAX_LENGTH or (name in current
                                                   and current[name].value == value):
            continue
        if name in current:
            current[name].value = value
        else:
            case.fields.append(CaseField(name=name, value=value, position=len(current)))
        changed.append(labels.get(name, name))
    if changed:
        case.events.append(CaseEvent(at=now, actor_kind=issuer.kind, actor_id=issuer.id,
                                     actor_name=issuer.name, action="document_fields_corrected",
                                     step_id=case.current_step_id,
                                     note=f"{product.title}: {', '.join(changed)}"))
    return changed
