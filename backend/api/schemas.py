"""Request and response bodies of the officer API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    officer: OfficerOut


class OfficerOut(BaseModel):
    id: int
    username: str
    full_name: str
    agency: str
    roles: list[str]


class ActionIn(BaseModel):
    action: Literal["complete", "return", "reject", "assign", "comment"]
    outcome: str | None = Field(default=None, max_length=100, description="Branch label/kind")
    note: str | None = Field(default=None, max_length=4000)
    reason: str | None = Field(default=None, max_length=4000, description="Required to reject")
    missing_items: list[str] = Field(default_factory=list, max_length=30)
    deadline_days: int | None = Field(default=None, ge=1, le=60)
    assignee: str | None = Field(default=None, max_length=64, description="Officer username")


class WorkItemOut(BaseModel):
    number: str
    service_code: str
    service_name: str
    urgency: str
    status: str
    step_id: str | None
    step_number: str | None
    step_role: str | None
    step_started_at: datetime | None
    due_at: datetime | None
    overdue: bool
    assigned_to_me: bool
    created_at: datetime


class StepOut(BaseModel):
    step_id: str
    number: str
    role: str
    role_label: str
    description: str
    time_standard: str | None
    status: str
    started_at: datetime | None = None
    due_at: datetime | None = None
    completed_at: datetime | None = None
    completed_by: str | None = None
    outcome: str | None = None


class EventOut(BaseModel):
    at: datetime
    actor_kind: str
    actor_name: str | None
    action: str
    step_id: str | None
    from_state: str | None
    to_state: str | None
    note: str | None
    data: dict[str, Any] | None


class DocumentOut(BaseModel):
    id: int
    code: str
    mime: str
    size: int
    sha256: str
    created_at: datetime


class OutcomeOut(BaseModel):
    kind: str
    label: str | None
    step: str | None


class CaseOut(BaseModel):
    number: str
    service_code: str
    service_name: str
    agency: str
    urgency: str
    status: str
    channel: str
    current_step_id: str | None
    missing_items: list[str] | None
    waiting_until: datetime | None
    created_at: datetime
    closed_at: datetime | None
    fields: dict[str, str]
    documents: list[DocumentOut]
    history: list[StepOut]
    plan: list[StepOut]
    events: list[EventOut]
    allowed_outcomes: list[OutcomeOut]


class CaseSummaryOut(BaseModel):
    number: str
    service_code: str
    status: str
    current_step_id: str | None
    created_at: datetime


TokenOut.model_rebuild()
