"""store_media: content-checked, size-limited, stored once by sha256; media_path is safe."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backend.core.media import (
    TELEGRAM_MAX_BYTES,
    WHATSAPP_MAX_BYTES,
    MediaRejected,
    StoredMedia,
    media_path,
    store_media,
)
from backend.core.messages import MediaRef
from tests.bot.samples import TINY_JPEG, tiny_exe, tiny_pdf, tiny_png, tiny_webp, tiny_zip

LIMIT = 1024 * 1024


@pytest.mark.parametrize(("data", "mime"), [
    (TINY_JPEG, "image/jpeg"),
    (tiny_png(), "image/png"),
    (tiny_webp(), "image/webp"),
    (tiny_pdf(), "application/pdf"),
])
def test_accepts_images_and_pdf_by_content(tmp_path: Path, data: bytes, mime: str) -> None:
    stored = store_media(data, root=tmp_path, max_bytes=LIMIT)
    sha = hashlib.sha256(data).hexdigest()
    assert stored == StoredMedia(sha256=sha, mime=mime, size=len(data),
                                 storage_key=f"{sha[:2]}/{sha[2:4]}/{sha}")
    assert (tmp_path / sha[:2] / sha[2:4] / sha).read_bytes() == data
    assert media_path(tmp_path, stored.storage_key).read_bytes() == data


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    first = store_media(tiny_png(), root=tmp_path, max_bytes=LIMIT)
    path = media_path(tmp_path, first.storage_key)
    before = path.stat().st_mtime_ns
    second = store_media(tiny_png(), root=tmp_path, max_bytes=LIMIT)
    assert second == first
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in path.parent.iterdir()] == [first.sha256]  # no temp files left


def test_a_truncated_copy_is_replaced(tmp_path: Path) -> None:
    stored = store_media(tiny_pdf(), root=tmp_path, max_bytes=LIMIT)
    path = media_path(tmp_path, stored.storage_key)
    path.write_bytes(b"%PDF")
    store_media(tiny_pdf(), root=tmp_path, max_bytes=LIMIT)
    assert path.read_bytes() == tiny_pdf()


@pytest.mark.parametrize("data", [
    b"Halo, ini bukan foto",  # a text file named ktp.jpg
    tiny_exe(),
    tiny_zip(),
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",  # a real image type, but not one we accept
])
def test_rejects_other_content_whatever_its_name(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(MediaRejected) as caught:
        store_media(data, root=tmp_path, max_bytes=LIMIT)
    assert caught.value.reason == "unsupported_type"
    assert list(tmp_path.iterdir()) == []


def test_rejects_empty_and_oversized(tmp_path: Path) -> None:
    with pytest.raises(MediaRejected) as empty:
        store_media(b"", root=tmp_path, max_bytes=LIMIT)
    big = tiny_png() + b"\x00" * 200
    with pytest.raises(MediaRejected) as too_large:
        store_media(big, root=tmp_path, max_bytes=len(big) - 1)
    assert (empty.value.reason, too_large.value.reason) == ("empty", "too_large")
    assert list(tmp_path.iterdir()) == []


def test_allowed_types_can_be_narrowed(tmp_path: Path) -> None:
    with pytest.raises(MediaRejected):
        store_media(tiny_pdf(), root=tmp_path, max_bytes=LIMIT, allowed=("image/jpeg",))


def test_platform_limits() -> None:
    assert TELEGRAM_MAX_BYTES == 20 * 1024 * 1024
    assert WHATSAPP_MAX_BYTES == 16 * 1024 * 1024


@pytest.mark.parametrize("key", [
    "../../etc/passwd",
    "ab/cd/../../../etc/passwd",
    "/etc/passwd",
    "ab/cd/" + "0" * 64,  # prefix does not match the hash
    "AB/CD/" + "ab" * 32,
    "ab/cd/" + "ab" * 32 + "/..",
    "",
])
def test_media_path_refuses_anything_but_a_storage_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        media_path(tmp_path, key)


def test_stored_media_fills_the_reference(tmp_path: Path) -> None:
    stored = store_media(TINY_JPEG, root=tmp_path, max_bytes=LIMIT)
    ref = MediaRef(platform_ref="file-1", declared_mime="image/png", file_name="ktp.png")
    filled = stored.fill(ref)
    assert (filled.platform_ref, filled.file_name, filled.mime, filled.sha256,
            filled.storage_key) == ("file-1", "ktp.png", "image/jpeg", stored.sha256,
                                    stored.storage_key)
