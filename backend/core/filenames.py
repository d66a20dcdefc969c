"""File names of citizens' uploads: the name they sent, cleaned, and download names whose
extension follows the content type sniffed at upload (a PNG named "foto.jpg" downloads as
"foto.png")."""

from __future__ import annotations

import mimetypes
import re
import unicodedata

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp",
              "application/pdf": ".pdf"}
KINDS = {"image/jpeg": "Foto", "image/png": "Foto", "image/webp": "Foto",
         "application/pdf": "PDF"}
MAX_NAME = 120
_UNSAFE = re.compile(r'["\\/:*?<>|]+')


def extension(mime: str | None) -> str:
    """The usual extension of ``mime`` (with its dot), or "" when unknown."""
    if not mime:
        return ""
    return EXTENSIONS.get(mime) or mimetypes.guess_extension(mime, strict=False) or ""


def clean_name(name: str | None) -> str | None:
    """The name a citizen's app gave a file, without folders, control or path characters;
    None when nothing is left."""
    if not name:
        return None
    base = re.split(r"[\\/]", name)[-1]
    printable = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    cleaned = _UNSAFE.sub("_", printable).strip(" .")
    return cleaned[:MAX_NAME] or None


def _stem(name: str) -> str:
    head, dot, tail = name.rpartition(".")
    return head if dot and head and len(tail) <= 5 else name


def download_name(original: str | None, mime: str | None, fallback: str) -> str:
    """The original name's stem (else ``fallback``) with the extension of ``mime``."""
    cleaned = clean_name(original)
    return (_stem(cleaned) if cleaned else fallback) + extension(mime)


def shown_name(original: str | None, mime: str | None, number: int) -> str:
    """What an officer reads for a file: its original name, else e.g. "Foto 2 (.png)"."""
    cleaned = clean_name(original)
    if cleaned:
        return cleaned
    kind = KINDS.get(mime or "", "Berkas")
    suffix = extension(mime)
    return f"{kind} {number} ({suffix})" if suffix else f"{kind} {number}"
