"""A conversation's dialog state: plain data stored with the conversation (JSON)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from backend.core.messages import Button, MediaRef


class Flow(StrEnum):
    """What the citizen is doing with the bot (stored as its value)."""

    INTAKE = "intake"
    INTAKE_EDIT = "intake-edit"
    EMERGENCY = "emergency"
    EMERGENCY_DUP = "emergency_dup"  # is this the same incident as one already reported?
    PPA_REPORT = "ppa_report"
    KIA_BIRTH = "kia_birth"
    KIA_ANOTHER = "kia_another"
    PBB = "pbb"
    STATUS = "status"
    SUPPLY = "supply"  # sending what officers asked for
    SURVEY = "survey"
    CONFIRM_SERVICE = "confirm_service"
    PPA_CHECK = "ppa_check"  # the discreet question before serving a message (violence_check)


class Stage(StrEnum):
    """Where inside its flow: intake field / document / summary / edit, survey comment, PPA
    report asking / waiting for an agent."""

    FIELD = "field"
    DOCUMENT = "document"
    SUMMARY = "summary"
    EDIT = "edit"
    COMMENT = "comment"
    ASK = "ask"
    WAITING = "waiting"


EMERGENCY_FLOWS = frozenset({Flow.EMERGENCY, Flow.EMERGENCY_DUP})
URGENT_FLOWS = EMERGENCY_FLOWS | {Flow.PPA_REPORT}


class StoredDocument(BaseModel):
    code: str
    sha256: str
    mime: str
    size: int
    storage_key: str
    ppa: bool = False  # sent in a PPA-sensitive turn: PPA roles only (dialogs.threads)
    file_name: str | None = None  # as the citizen's app named it (none for most photos)


# The flows worth offering back after an emergency, and what of the state they need.
RESUMABLE_FLOWS = frozenset({Flow.INTAKE, Flow.INTAKE_EDIT, Flow.KIA_BIRTH, Flow.PBB, Flow.SUPPLY,
                             Flow.SURVEY})
RESUMABLE_FIELDS = frozenset({
    "flow", "service", "stage", "index", "answers", "displays", "documents", "kia_cases",
    "supply_case", "supply_items", "supply_documents", "supply_notes", "supply_code", "survey_case",
    "last_case", "candidate", "thread",
})


class DialogState(BaseModel):
    """Where the citizen is in the conversation. Every field has a safe default."""

    language: str = "id"
    flow: Flow | None = None
    service: str | None = None
    stage: Stage | None = None
    index: int = 0
    answers: dict[str, str] = Field(default_factory=dict)
    displays: dict[str, str] = Field(default_factory=dict)
    documents: list[StoredDocument] = Field(default_factory=list)
    offered: list[Button] = Field(default_factory=list)
    page: int = 0
    agency: str | None = None
    candidate: str | None = None
    candidate_words: str | None = None  # the words that asked for the candidate service
    misunderstood: int = 0
    supply_case: str | None = None
    supply_items: list[str] = Field(default_factory=list)
    supply_documents: list[StoredDocument] = Field(default_factory=list)
    supply_notes: list[str] = Field(default_factory=list)
    supply_code: str | None = None  # the catalog document the files answer (a payment proof)
    kia_cases: list[str] = Field(default_factory=list)
    last_case: str | None = None
    handoff_request: str | None = None  # why the citizen should go to a person, set by the engine
    emergency_sync: bool = False  # the emergency report changed: the alert desk must act now
    incident_id: int | None = None
    duplicate_of: int | None = None  # an open incident this report may be the same as
    merge_answer: bool | None = None  # the citizen's answer to "is it the same incident?"
    # "Not the same incident" was the last answer: a yes or no typed next repeats it.
    duplicate_answered: bool = False
    survey_case: str | None = None  # the finished case the satisfaction survey is about
    report_case: str | None = None  # the PPA report's case, opened with the first message
    pending_text: str | None = None  # an answer held back while the bot asks about violence
    pending_media: list[MediaRef] = Field(default_factory=list)  # the files sent with it
    relay_held: str | None = None  # words for an agent, kept while the bot asks about violence
    relay_media: list[MediaRef] = Field(default_factory=list)  # the files sent with them
    thread: str | None = None  # the running intake's message thread (dialogs.threads)
    sensitive_turn: bool = False  # this turn's message is for PPA eyes only (read by the pipeline)
    suspended: dict[str, Any] | None = None  # a flow left for an emergency, offered back after
    seen_at: datetime | None = None  # the citizen's previous message (a long silence: welcome back)

    def reset(self, *, keep_suspended: bool = False) -> None:
        """Leave any flow; only the language, this turn's sensitivity and, when asked, a
        suspended flow survive (the thread ends with the flow)."""
        fresh = DialogState(language=self.language, sensitive_turn=self.sensitive_turn,
                            suspended=self.suspended if keep_suspended else None,
                            seen_at=self.seen_at)
        for name in type(self).model_fields:
            setattr(self, name, getattr(fresh, name))

    def suspend(self) -> None:
        """Put the current flow aside (an emergency interrupts it) to offer it back later."""
        if self.flow in RESUMABLE_FLOWS:
            self.suspended = self.model_dump(mode="json", include=set(RESUMABLE_FIELDS))

    def resume(self) -> bool:
        """Bring back the flow put aside; False when there is none."""
        saved, self.suspended = self.suspended, None
        if not saved:
            return False
        restored = DialogState.model_validate(saved)
        self.reset()
        for name in RESUMABLE_FIELDS:
            setattr(self, name, getattr(restored, name))
        return self.flow is not None

    def documents_for(self, code: str) -> list[StoredDocument]:
        return [d for d in self.documents if d.code == code]
