"""SQLAlchemy models. Alembic (backend/migrations) owns the schema."""

from backend.core.models.base import Base
from backend.core.models.cases import (
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
from backend.core.models.console import ConsoleSession, LoginAttempt, SurveyResponse
from backend.core.models.conversations import (
    Conversation,
    ConversationMode,
    EventCursor,
    InboundRecord,
    InboundStatus,
)
from backend.core.models.handoff import (  # noqa: E402 - the handoff tables, so Alembic sees them
    AgentNote,
    AgentPresence,
    HandoffEvent,
    HandoffTicket,
    PpaAccessLog,
)
from backend.core.models.outbox import OutboxMessage, OutboxStatus
from backend.core.models.people import ChannelIdentity, Citizen, Officer, OfficerRole

__all__ = [
    "AgentNote",
    "AgentPresence",
    "Base",
    "Case",
    "CaseCounter",
    "CaseDocument",
    "CaseEvent",
    "CaseField",
    "CaseStatus",
    "ChannelIdentity",
    "ConsoleSession",
    "Conversation",
    "ConversationMode",
    "EventCursor",
    "HandoffEvent",
    "HandoffTicket",
    "InboundRecord",
    "InboundStatus",
    "LoginAttempt",
    "Citizen",
    "Officer",
    "OfficerRole",
    "OutboxMessage",
    "OutboxStatus",
    "PpaAccessLog",
    "ServiceRecord",
    "StepInstance",
    "StepStatus",
    "SurveyResponse",
]

# Imported for their side effect: Alembic and relationships see every table.
from backend.core.models import alerts as _alert_models  # noqa: E402, F401
from backend.core.models import documents as _document_models  # noqa: E402, F401
from backend.core.models import payments as _payment_models  # noqa: E402, F401
