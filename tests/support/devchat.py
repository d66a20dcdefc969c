"""The dev web chat as a citizen's browser uses it."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.support.app import drain


class Citizen:
    """A browser session of the dev chat."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.session = uuid.uuid4().hex
        self.after = 0

    def say(self, text: str | None = None, payload: str | None = None) -> list[dict]:
        response = self.client.post("/dev/chat/api/messages",
                                    json={"session": self.session, "text": text,
                                          "payload": payload})
        assert response.status_code == 200, response.text
        return self.replies()

    def send_file(self, data: bytes, name: str) -> list[dict]:
        response = self.client.post("/dev/chat/api/upload", data={"session": self.session},
                                    files={"file": (name, data)})
        assert response.status_code == 200, response.text
        return self.replies()

    def replies(self) -> list[dict]:
        drain(self.client)
        rows = self.client.get("/dev/chat/api/messages",
                               params={"session": self.session, "after": self.after}).json()
        if rows:
            self.after = rows[-1]["id"]
        return rows

    @staticmethod
    def text(rows: list[dict]) -> str:
        return "\n".join(r["text"] for r in rows)
