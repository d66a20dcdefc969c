"""Console login: password check with lockout, and server-side sessions behind a cookie."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.core.models import ConsoleSession, LoginAttempt, Officer
from backend.core.security import hash_password, verify_password

MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
KEEP_ATTEMPTS = timedelta(days=1)
_DUMMY_HASH = hash_password(secrets.token_hex(16))


class LoginRefused(Exception):
    """Why a login did not succeed."""

    def __init__(self, reason: Literal["credentials", "locked", "demo"]) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SignedIn:
    """A session that was just opened: the raw cookie token and its CSRF token."""

    token: str
    csrf: str
    officer: Officer


def session_id(token: str) -> str:
    """The id a console session is stored under: a digest of its cookie, never the cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


def lockout_rule() -> str:
    """The lockout rule in the officer's words, from MAX_FAILURES and LOCK_WINDOW."""
    minutes = int(LOCK_WINDOW.total_seconds() // 60)
    return (f"Setelah {MAX_FAILURES} kali gagal masuk dalam {minutes} menit, akun dikunci "
            f"sementara, paling lama {minutes} menit.")


def is_locked(session: Session, *, username: str, now: datetime) -> bool:
    """True after MAX_FAILURES failures within LOCK_WINDOW and no success since."""
    since = now - LOCK_WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at))
        .where(LoginAttempt.username == username, LoginAttempt.succeeded.is_(True))
    )
    start = max(since, last_success) if last_success else since
    failures = session.scalar(
        select(func.count()).select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.succeeded.is_(False))
        .where(LoginAttempt.at > start)
    )
    return (failures or 0) >= MAX_FAILURES


def authenticate(session: Session, *, username: str, password: str, now: datetime,
                 allow_demo: bool) -> Officer:
    """The officer for these credentials; LoginRefused (recorded) otherwise."""
    username = username.strip()[:64]
    if is_locked(session, username=username, now=now):
        raise LoginRefused("locked")
    officer = session.scalar(select(Officer).where(Officer.username == username))
    valid = verify_password(officer.password_hash if officer else _DUMMY_HASH, password)
    succeeded = bool(officer and officer.active and valid)
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
    session.add(LoginAttempt(username=username, at=now, succeeded=succeeded))
    if not succeeded or officer is None:
        raise LoginRefused("credentials")
    if officer.demo and not allow_demo:
        raise LoginRefused("demo")
    return officer


def open_session(session: Session, *, officer: Officer, now: datetime,
                 minutes: int) -> SignedIn:
    """Store a new session for ``officer``; expired sessions are cleared on the way."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(ConsoleSession(token_sha256=session_id(token), officer_id=officer.id,
                               csrf_token=csrf, created_at=now,
                               expires_at=now + timedelta(minutes=minutes)))
    return SignedIn(token=token, csrf=csrf, officer=officer)


def find_session(session: Session, *, token: str, now: datetime) -> SignedIn | None:
    """The live session for a cookie token, with an active officer; None otherwise."""
    row = session.get(ConsoleSession, session_id(token))
    if row is None or row.expires_at <= now:
        return None
    officer = session.get(Officer, row.officer_id)
    if officer is None or not officer.active:
        return None
    return SignedIn(token=token, csrf=row.csrf_token, officer=officer)


def close_session(session: Session, *, token: str) -> None:
    """Forget the session (logout)."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_sha256 == session_id(token)))
