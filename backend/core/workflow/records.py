"""What the engine writes on a case besides its steps: the event log, the fields and documents
the applicant supplied, and its closing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.core.catalog.schema import ServiceDefinition
from backend.core.models import Case, CaseDocument, CaseEvent, CaseField, CaseStatus
from backend.core.workflow.actors import Actor


@dataclass(frozen=True)
class DocumentIn:
    """A stored upload to attach to a case."""

    code: str
    sha256: str
    mime: str
    size: int
    storage_key: str
    ppa: bool = False  # sent in a PPA-sensitive message: PPA roles only
    file_name: str | None = None  # the name it was sent with


def log_event(case: Case, actor: Actor, action: str, now: datetime, *,
              step_id: str | None = None, to_state: str | None = None, note: str | None = None,
              data: dict[str, Any] | None = None) -> None:
    """Append one event to the case's log, from the state it stands in now."""
    from_state = case.current_step_id or (case.status if case.id else None)
    case.events.append(CaseEvent(
        at=now, actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name,
        action=action, step_id=step_id, from_state=from_state, to_state=to_state,
        note=note, data=data,
    ))


SUPPLIED_PREFIX = "kelengkapan_"  # fields holding what the applicant sent after a return


def supplied_field(serial: int) -> str:
    """The name of a field holding the applicant's words sent after a return."""
    return f"{SUPPLIED_PREFIX}{serial}"


def in_intake_order(definition: ServiceDefinition, fields: Mapping[str, str]) -> dict[str, str]:
    """The fields in the order the SOP's intake asks them (others after, as given): an
    answer taken early (a complaint's account, told in the first message) keeps its place."""
    order = {field.name: index for index, field in enumerate(definition.fields)}
    return dict(sorted(fields.items(), key=lambda item: order.get(item[0], len(order))))


def merge_supplied(case: Case, fields: Mapping[str, str], documents: Iterable[DocumentIn],
                   now: datetime) -> None:
    """Add or overwrite the case's fields and attach the documents."""
    existing = {f.name: f for f in case.fields}
    for name, value in fields.items():
        if name in existing:
            existing[name].value = str(value)
        else:
            case.fields.append(CaseField(name=name, value=str(value),
                                         position=len(case.fields)))
    for document in documents:
        case.documents.append(CaseDocument(created_at=now, **document.__dict__))


def close(case: Case, status: CaseStatus, now: datetime) -> None:
    """End the case in ``status``: no current step, nobody assigned."""
    case.status = status
    case.current_step_id = None
    case.closed_at = now
    case.updated_at = now
    case.assigned_officer_id = None


def finish(case: Case, actor: Actor, now: datetime) -> None:
    """End the case as done, by ``actor``."""
    close(case, CaseStatus.DONE, now)
    log_event(case, actor, "finished", now, to_state=CaseStatus.DONE)
