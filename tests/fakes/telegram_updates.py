"""Webhook update JSON as Telegram posts it, for tests and the fake's getUpdates."""

from __future__ import annotations

import itertools
import time
from typing import Any

BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Halo Lamsel",
            "username": "halo_lamsel_bot"}


# Shared by every builder in the process: a database kept across tests (and fakes) never
# sees the same update_id twice, just as one bot never does.
_UPDATE_IDS = itertools.count(500_000)
_CALLBACK_IDS = itertools.count(9_000_000_000)


class UpdateBuilder:
    """Webhook update JSON like Telegram posts it, with increasing update_ids."""

    def __init__(self) -> None:
        self._update_ids = _UPDATE_IDS
        self._message_ids = itertools.count(1)
        self._callback_ids = _CALLBACK_IDS

    def text_update(self, chat_id: int, text: str, **user: str) -> dict[str, Any]:
        return self._message_update(chat_id, user, text=text)

    def photo_update(self, chat_id: int, file_id: str, size: int,
                     caption: str | None = None, **user: str) -> dict[str, Any]:
        photo = [
            {"file_id": f"{file_id}-thumb", "file_unique_id": f"{file_id[:8]}t",
             "width": 90, "height": 68, "file_size": min(size, 1500)},
            {"file_id": file_id, "file_unique_id": f"{file_id[:8]}b",
             "width": 1280, "height": 960, "file_size": size},
        ]
        return self._message_update(chat_id, user, photo=photo, caption=caption)

    def document_update(self, chat_id: int, file_id: str, *, size: int,
                        file_name: str = "dokumen.pdf", mime_type: str = "application/pdf",
                        caption: str | None = None, **user: str) -> dict[str, Any]:
        document = {"file_id": file_id, "file_unique_id": f"{file_id[:8]}d",
                    "file_name": file_name, "mime_type": mime_type, "file_size": size}
        return self._message_update(chat_id, user, document=document, caption=caption)

    def location_update(self, chat_id: int, latitude: float, longitude: float,
                        **user: str) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return self._message_update(chat_id, user, location=location)

    def callback_update(self, chat_id: int, data: str, message_id: int = 1,
                        **user: str) -> dict[str, Any]:
        query = {
            "id": str(next(self._callback_ids)),
            "from": _user(chat_id, user),
            "message": {"message_id": message_id, "from": BOT_USER, "date": int(time.time()),
                        "chat": _chat(chat_id, user), "text": "Pilih layanan:"},
            "chat_instance": f"-{chat_id}",
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def _message_update(self, chat_id: int, user: dict[str, str],
                        **content: Any) -> dict[str, Any]:
        message = {"message_id": next(self._message_ids), "from": _user(chat_id, user),
                   "chat": _chat(chat_id, user), "date": int(time.time()),
                   **{k: v for k, v in content.items() if v is not None}}
        return {"update_id": next(self._update_ids), "message": message}


def _user(chat_id: int, user: dict[str, str]) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": user.get("first_name", "Siti"),
            "last_name": user.get("last_name", "Aminah"), "language_code": "id"}


def _chat(chat_id: int, user: dict[str, str]) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": user.get("first_name", "Siti"),
            "last_name": user.get("last_name", "Aminah")}
