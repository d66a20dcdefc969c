"""SQLAlchemy models. Alembic (backend/migrations) owns the schema."""

from backend.models.base import Base
from backend.models.cases import (
    Case,
    CaseCounter,
    CaseDocument,
    CaseEvent,
    CaseField,
    CaseStatus,
    ServiceRecord,
    StepInstance,
    StepStatus,
)
from backend.models.conversations import (
    Conversation,
    ConversationMode,
    EventCursor,
    InboundRecord,
    InboundStatus,
)
from backend.models.outbox import OutboxMessage, OutboxStatus
from backend.models.people import ChannelIdentity, Citizen, Officer, OfficerRole

__all__ = [
    "Base",
    "Case",
    "CaseCounter",
    "CaseDocument",
    "CaseEvent",
    "CaseField",
    "CaseStatus",
    "ChannelIdentity",
    "Conversation",
    "ConversationMode",
    "EventCursor",
    "InboundRecord",
    "InboundStatus",
    "Citizen",
    "Officer",
    "OfficerRole",
    "OutboxMessage",
    "OutboxStatus",
    "ServiceRecord",
    "StepInstance",
    "StepStatus",
]
