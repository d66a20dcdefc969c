"""A durable local spool for inbound messages that arrive while the database is down.

Twilio does not redeliver a WhatsApp webhook by default, so a message that cannot be stored is
written here (one JSON file, fsync'd, renamed into place) before the webhook is acknowledged,
and replayed into the inbox once the database answers again. Replays are safe to repeat: the
inbox stores each platform id once. Several processes may share the folder: a file is taken
under an exclusive ``flock`` and removed only after its message was committed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from backend.core.messages import InboundMessage

SUFFIX = ".json"


class Spool:
    """Files of one folder, one message each, replayed oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, message: InboundMessage) -> Path:
        """Write ``message`` durably (the same platform id twice is one file)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(f"{message.channel.value}:{message.platform_id}".encode())
        target = self.folder / f"{message.channel.value}-{digest.hexdigest()[:32]}{SUFFIX}"
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(message.model_dump_json())
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
        directory = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return target

    def pending(self) -> list[Path]:
        """Spooled files, oldest first."""
        if not self.folder.is_dir():
            return []
        files = [path for path in self.folder.iterdir() if path.name.endswith(SUFFIX)
                 and not path.name.startswith(".")]
        return sorted(files, key=lambda path: path.stat().st_mtime_ns)

    def replay(self, store: Callable[[InboundMessage], object], limit: int = 200) -> int:
        """Hand each spooled message to ``store`` (which commits it) and remove the file; a
        failing ``store`` leaves the file for the next round. Returns how many were replayed."""
        replayed = 0
        for path in self.pending()[:limit]:
            try:
                file = path.open("r+", encoding="utf-8")
            except FileNotFoundError:
                continue  # another process replayed it meanwhile
            with file:
                try:
                    fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                if not path.exists():
                    continue
                try:
                    message = InboundMessage.model_validate(json.loads(file.read()))
                except ValueError:
                    path.rename(path.with_suffix(".unreadable"))  # kept for a person to look at
                    continue
                store(message)
                path.unlink(missing_ok=True)
                replayed += 1
        return replayed
