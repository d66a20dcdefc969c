"""Password hashing (argon2) and signed officer tokens (JWT, HS256)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class TokenClaims:
    """Who a valid token names, and the console session it lives no longer than (if any)."""

    officer_id: int
    session_id: str | None = None


def issue_token(*, officer_id: int, secret: str, minutes: int,
                session_id: str | None = None) -> str:
    """A signed token naming the officer, valid for ``minutes``; with ``session_id`` (a console
    session's id) it is refused as soon as that session ends."""
    now = datetime.now(UTC)
    claims: dict[str, object] = {"sub": str(officer_id), "iat": now,
                                 "exp": now + timedelta(minutes=minutes)}
    if session_id is not None:
        claims["sid"] = session_id
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token_claims(token: str, *, secret: str) -> TokenClaims | None:
    """The claims of a valid token, or None when it is forged, expired or malformed."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp"]})
        session_id = claims.get("sid")
        return TokenClaims(officer_id=int(claims["sub"]),
                           session_id=session_id if isinstance(session_id, str) else None)
    except (jwt.PyJWTError, KeyError, ValueError):
        return None


def read_token(token: str, *, secret: str) -> int | None:
    """The officer id in a valid token, or None when it is forged, expired or malformed."""
    claims = read_token_claims(token, secret=secret)
    return claims.officer_id if claims is not None else None
