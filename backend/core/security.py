"""Password hashing (argon2) and signed officer tokens (JWT, HS256)."""

from __future__ import annotations

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


def issue_token(*, officer_id: int, secret: str, minutes: int) -> str:
    """A signed token naming the officer, valid for ``minutes``."""
    now = datetime.now(UTC)
    claims = {"sub": str(officer_id), "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, *, secret: str) -> int | None:
    """The officer id in a valid token, or None when it is forged, expired or malformed."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp"]})
        return int(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
