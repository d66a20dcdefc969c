"""Serve stored files behind short-lived signed links: ``GET /media/<token>/<name>``.

WhatsApp media (Twilio fetches the file from the link) and the dev chat's download links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse

from backend.core.media import detect_mime, media_path
from backend.core.media_links import media_link, safe_file_name, storage_key_of

router = APIRouter(tags=["media"])


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MediaLinks:
    """Mints and checks the links (the platforms fetch in real time: a wall clock)."""

    public_url: str
    secret: str
    ttl_seconds: int
    storage_root: Path
    now: Callable[[], datetime] = field(default=_utc_now)

    def link(self, storage_key: str, name: str | None) -> str:
        return media_link(self.public_url, self.secret, storage_key, name or "dokumen",
                          now=self.now(), ttl_seconds=self.ttl_seconds)

    def file(self, token: str) -> Path | None:
        """The stored file a valid link names, if it still exists."""
        key = storage_key_of(self.secret, token, now=self.now())
        if key is None:
            return None
        try:
            path = media_path(self.storage_root, key)
        except ValueError:
            return None
        return path if path.is_file() else None


@router.get("/media/{token}/{name}", include_in_schema=False)
def download(token: str, name: str, request: Request) -> FileResponse:
    """The file, while the link is valid; 404 otherwise (expired, forged or gone)."""
    links: MediaLinks = request.app.state.channels.links
    path = links.file(token)
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "tautan tidak berlaku")
    with path.open("rb") as handle:
        mime = detect_mime(handle.read(8192)) or "application/octet-stream"
    return FileResponse(path, media_type=mime, filename=safe_file_name(name),
                        headers={"Cache-Control": "no-store"})
