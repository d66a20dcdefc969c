"""Citizens' files: checked by content, stored once by sha256, found again safely."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import filetype

from bot.errors import MediaRejected
from bot.messages import MediaRef

__all__ = [
    "ALLOWED_MIMES",
    "TELEGRAM_MAX_BYTES",
    "WHATSAPP_MAX_BYTES",
    "MediaRejected",
    "StoredMedia",
    "detect_mime",
    "looks_complete",
    "media_path",
    "store_media",
]

MB = 1024 * 1024
TELEGRAM_MAX_BYTES = 20 * MB  # getFile refuses bigger files to bots
WHATSAPP_MAX_BYTES = 16 * MB  # WhatsApp media limit
ALLOWED_MIMES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
_STORAGE_KEY = re.compile(r"^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})$")


@dataclass(frozen=True)
class StoredMedia:
    """A file accepted and stored under the media root."""

    sha256: str
    mime: str
    size: int
    storage_key: str

    def fill(self, ref: MediaRef) -> MediaRef:
        """The citizen's media reference, completed with what was stored."""
        return ref.model_copy(update={
            "sha256": self.sha256, "mime": self.mime, "size": self.size,
            "storage_key": self.storage_key,
        })


def detect_mime(data: bytes) -> str | None:
    """The MIME type the content's magic bytes say, or None when unknown."""
    kind = filetype.guess(data)
    return kind.mime if kind is not None else None


def looks_complete(data: bytes, mime: str) -> bool:
    """Whether a file whose magic bytes say ``mime`` also ends like one: a PDF header followed
    by garbage, or a photo cut off in transfer, is not a document (cheap structural checks)."""
    if mime == "application/pdf":
        return b"%%EOF" in data[-2048:]
    if mime == "image/png":
        return data.rfind(b"IEND") > 8
    if mime == "image/jpeg":
        return data.rfind(b"\xff\xd9") > 2
    if mime == "image/webp":
        return len(data) >= 12 and int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True


def store_media(
    data: bytes,
    *,
    root: Path,
    max_bytes: int,
    allowed: Iterable[str] = ALLOWED_MIMES,
) -> StoredMedia:
    """Check ``data`` by its content and store it at ``root/sha[:2]/sha[2:4]/sha``.

    Raises MediaRejected("empty" | "too_large" | "unsupported_type", also for a file whose
    header claims an accepted type but whose body does not end like one). Storing the
    same content twice is harmless: the second call finds the file and returns the
    same StoredMedia.
    """
    if not data:
        raise MediaRejected("empty")
    if len(data) > max_bytes:
        raise MediaRejected("too_large")
    mime = detect_mime(data)
    if mime is None or mime not in set(allowed) or not looks_complete(data, mime):
        raise MediaRejected("unsupported_type")
    sha = hashlib.sha256(data).hexdigest()
    key = f"{sha[:2]}/{sha[2:4]}/{sha}"
    target = media_path(root, key)
    if not (target.is_file() and target.stat().st_size == len(data)):
        _write_atomically(target, data)
    return StoredMedia(sha256=sha, mime=mime, size=len(data), storage_key=key)


def media_path(root: Path, storage_key: str) -> Path:
    """The file for ``storage_key``; anything but a well-formed sha256 key is refused."""
    match = _STORAGE_KEY.match(storage_key)
    if match is None or not match.group(3).startswith(match.group(1) + match.group(2)):
        raise ValueError("invalid storage key")
    return Path(root) / match.group(1) / match.group(2) / match.group(3)


def stored_file(root: Path, storage_key: str | None) -> Path | None:
    """The stored file for ``storage_key`` if the key is well formed and the file exists."""
    if not storage_key:
        return None
    try:
        path = media_path(root, storage_key)
    except ValueError:
        return None
    return path if path.is_file() else None


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
