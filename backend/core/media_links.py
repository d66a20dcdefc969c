"""Short-lived signed links to stored files (WhatsApp media, the dev chat's downloads).

A link names a media storage key and a file name, signed with the app's secret (HS256 JWT with
an expiry and its own audience, so an officer token is never a media link and back).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import quote

import jwt

AUDIENCE = "halo-media"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """``LHU-00001-2026.pdf`` from a number-like name: letters, digits, dot, dash, underscore."""
    cleaned = _SAFE_NAME.sub("-", name).strip("-.")
    return cleaned[:80] or "dokumen"


def media_token(secret: str, storage_key: str, *, now: datetime, ttl_seconds: int) -> str:
    """A token for ``storage_key`` valid for ``ttl_seconds`` from ``now``."""
    claims = {"aud": AUDIENCE, "k": storage_key, "exp": now + timedelta(seconds=ttl_seconds)}
    return jwt.encode(claims, secret, algorithm="HS256")


def media_link(public_url: str, secret: str, storage_key: str, name: str, *, now: datetime,
               ttl_seconds: int) -> str:
    """The absolute URL the app serves the file at until the token expires."""
    token = media_token(secret, storage_key, now=now, ttl_seconds=ttl_seconds)
    return f"{public_url.rstrip('/')}/media/{token}/{quote(safe_file_name(name))}"


def storage_key_of(secret: str, token: str, *, now: datetime) -> str | None:
    """The storage key a valid, unexpired token names; None otherwise."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience=AUDIENCE,
                            options={"verify_exp": False, "require": ["exp", "aud", "k"]})
    except jwt.PyJWTError:
        return None
    key = claims.get("k")
    if not isinstance(key, str) or now.timestamp() >= float(claims["exp"]):
        return None
    return key
