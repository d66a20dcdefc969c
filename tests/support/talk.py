"""One citizen talking over the Telegram or the WhatsApp protocol fake, the same script for both:
typed text, a button (a WhatsApp citizen types its number), a photo, a shared pin."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Case, Conversation
from dialogs.state import DialogState
from tests.bot.samples import tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.channels import tg, wa

CHANNELS = ("telegram", "whatsapp")


@dataclass
class Talk:
    client: TestClient
    channel: str
    telegram: FakeTelegram
    twilio: FakeTwilio
    chat: int
    phone: str

    @property
    def sender(self) -> str:
        return str(self.chat) if self.channel == "telegram" else self.phone

    def sent(self) -> list[str]:
        """Everything the bot sent this citizen so far."""
        if self.channel == "telegram":
            return [c.params.get("text") or "" for c in self.telegram.sent("sendMessage")
                    if str(c.params.get("chat_id")) == str(self.chat)]
        return [c.params.get("Body") or "" for c in self.twilio.sent()
                if c.params.get("To") == self.phone]

    def _post(self, *, text: str = "", payload: str | None = None,
              location: tuple[float, float] | None = None, photo: int | None = None) -> None:
        if self.channel == "telegram":
            telegram, chat = self.telegram, self.chat
            if payload is not None:
                update = telegram.callback_update(chat, payload)
            elif location is not None:
                update = telegram.location_update(chat, *location)
            elif photo is not None:
                update = telegram.photo_update(
                    chat, telegram.add_file(tiny_png(photo), "image/png"), 120)
            else:
                update = telegram.text_update(chat, text)
            assert tg(self.client, update) == 200
            return
        if payload is not None:
            text = str(self._button_number(payload))
        form = self.twilio.incoming_form(
            text, from_=self.phone,
            latitude=location[0] if location else None,
            longitude=location[1] if location else None,
            media=[(self.twilio.add_media(tiny_png(photo), "image/png"), "image/png")]
            if photo is not None else ())
        assert wa(self.client, self.twilio, form) == 200

    def _button_number(self, payload: str) -> int:
        offered = [b.payload for b in self.state().offered]
        assert payload in offered, (payload, offered)
        return offered.index(payload) + 1

    def _replies(self, act: dict[str, object]) -> list[str]:
        before = len(self.sent())
        self._post(**act)  # type: ignore[arg-type]
        return self.sent()[before:]

    def say(self, *texts: str) -> list[str]:
        """Type each text; the bot's replies to all of them."""
        replies: list[str] = []
        for text in texts:
            replies += self._replies({"text": text})
        return replies

    def press(self, payload: str) -> list[str]:
        return self._replies({"payload": payload})

    def photo(self, seed: int = 1) -> list[str]:
        return self._replies({"photo": seed})

    def pin(self, latitude: float, longitude: float) -> list[str]:
        return self._replies({"location": (latitude, longitude)})

    def state(self) -> DialogState:
        with self.client.app.state.sessions() as session:
            conversation = self._conversation(session)
            return DialogState.model_validate(conversation.state or {})

    def cases(self) -> list[Case]:
        with self.client.app.state.sessions() as session:
            conversation = self._conversation(session)
            return list(session.scalars(select(Case).where(
                Case.citizen_id == conversation.citizen_id).order_by(Case.id)))

    def _conversation(self, session) -> Conversation:  # type: ignore[no-untyped-def]
        conversation = session.scalar(select(Conversation).where(
            Conversation.channel == self.channel, Conversation.external_id == self.sender))
        assert conversation is not None
        return conversation
