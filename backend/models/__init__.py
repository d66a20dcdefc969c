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
from backend.models.console import ConsoleSession, LoginAttempt, SurveyResponse
from backend.models.conversations import (
    Conversation,
    ConversationMode,
    EventCursor,
    InboundRecord,
    InboundStatus,
)
from backend.models.outbox import OutboxMessage, OutboxStatus
from backend.models.people import ChannelIdentity, Citizen, Officer, OfficerRole
from handoff.models import (  # noqa: E402 - the handoff tables, so Alembic sees them
    AgentNote,
    AgentPresence,
    HandoffEvent,
    HandoffTicket,
    PpaAccessLog,
)

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
from backend.alerts import models as _alert_models  # noqa: E402, F401
from backend.documents import models as _document_models  # noqa: E402, F401
