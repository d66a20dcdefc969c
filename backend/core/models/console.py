"""Console tables: officer sessions, login attempts (for lockout), satisfaction surveys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.models.base import Base, UTCDateTime, utcnow


class ConsoleSession(Base):
    """A logged-in browser; the cookie holds a random token, the table only its sha256."""

    __tablename__ = "console_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id", ondelete="CASCADE"),
                                            index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginAttempt(Base):
    """One console login try; recent failures per username lock the account for a while."""

    __tablename__ = "console_login_attempts"
    __table_args__ = (Index("ix_console_login_attempts_user_at", "username", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    succeeded: Mapped[bool] = mapped_column(default=False)


class SurveyResponse(Base):
    """A citizen's IKM answers for one finished case (PermenPANRB 14/2017, 1-4 per element)."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         unique=True)
    service_code: Mapped[str] = mapped_column(String(64), index=True)
    agency: Mapped[str] = mapped_column(String(64), index=True)
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
