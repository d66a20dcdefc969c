"""A conversation's dialog state: plain data stored with the conversation (JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.messages import Button


class StoredDocument(BaseModel):
    code: str
    sha256: str
    mime: str
    size: int
    storage_key: str
    ppa: bool = False  # sent in a PPA-sensitive turn: PPA roles only (dialogs.threads)


class DialogState(BaseModel):
    """Where the citizen is in the conversation. Every field has a safe default."""

    language: str = "id"
    flow: str | None = None
    service: str | None = None
    stage: str | None = None  # field | document | summary | edit
    index: int = 0
    answers: dict[str, str] = Field(default_factory=dict)
    displays: dict[str, str] = Field(default_factory=dict)
    documents: list[StoredDocument] = Field(default_factory=list)
    offered: list[Button] = Field(default_factory=list)
    page: int = 0
    agency: str | None = None
    candidate: str | None = None
    misunderstood: int = 0
    supply_case: str | None = None
    supply_items: list[str] = Field(default_factory=list)
    supply_documents: list[StoredDocument] = Field(default_factory=list)
    supply_notes: list[str] = Field(default_factory=list)
    kia_cases: list[str] = Field(default_factory=list)
    last_case: str | None = None
    handoff_request: str | None = None  # why the citizen should go to a person, set by the engine
    emergency_sync: bool = False  # the emergency report changed: the alert desk must act now
    incident_id: int | None = None
    duplicate_of: int | None = None  # an open incident this report may be the same as
    merge_answer: bool | None = None  # the citizen's answer to "is it the same incident?"
    survey_case: str | None = None  # the finished case the satisfaction survey is about
    thread: str | None = None  # the running intake's message thread (dialogs.threads)
    sensitive_turn: bool = False  # this turn's message was flagged (violence screen): PPA only

    def reset(self) -> None:
        """Leave any flow; only the language and this turn's sensitivity survive (the thread
        ends with the flow)."""
        fresh = DialogState(language=self.language, sensitive_turn=self.sensitive_turn)
        for name in type(self).model_fields:
            setattr(self, name, getattr(fresh, name))

    def documents_for(self, code: str) -> list[StoredDocument]:
        return [d for d in self.documents if d.code == code]
