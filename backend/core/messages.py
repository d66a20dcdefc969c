"""Neutral messages: what every channel adapter turns platform traffic into, and back.

The dialog engine only ever sees these; it never imports aiogram or twilio.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    WEB = "web"  # the dev web chat
    SMS = "sms"  # Twilio SMS (alert escalation)
    VOICE = "voice"  # Twilio voice call reading the text aloud (alert escalation)
    CONSOLE = "console"  # officers' console notifications


class MediaRef(BaseModel):
    """A file the citizen sent, before or after it is downloaded and stored."""

    platform_ref: str = Field(description="Telegram file_id, or Twilio MediaUrlN")
    declared_mime: str | None = None
    declared_size: int | None = None
    file_name: str | None = None
    # Filled once the file is downloaded, checked by content, and stored by sha256:
    sha256: str | None = None
    mime: str | None = None
    size: int | None = None
    storage_key: str | None = None


class Location(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    address: str | None = None
    label: str | None = None


class InboundMessage(BaseModel):
    """One message from a citizen, whatever the platform."""

    channel: Channel
    platform_id: str = Field(description="Unique per channel: Telegram update_id, MessageSid")
    sender: str = Field(description="Chat id / WhatsApp number (whatsapp:+62...)")
    sender_name: str | None = None
    text: str | None = None
    payload: str | None = Field(default=None, description="Button payload (callback data)")
    media: list[MediaRef] = Field(default_factory=list)
    location: Location | None = None
    callback_id: str | None = Field(default=None, description="Telegram callback query id")
    user_id: str | None = Field(default=None, description="Who pressed/wrote, in a group chat")


class Button(BaseModel):
    """A choice: an inline button on Telegram, a numbered line on WhatsApp."""

    label: str = Field(max_length=64)
    payload: str = Field(max_length=64)


class OutboundMessage(BaseModel):
    """One message to a citizen (or an officer chat), whatever the platform."""

    channel: Channel
    recipient: str
    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    request_location: bool = False
    media_storage_key: str | None = None
    media_mime: str | None = None
    media_name: str | None = Field(default=None, description="File name shown to the citizen")
    location: Location | None = None
    template: bool = Field(default=False, description="Sent as an approved WhatsApp template")
    edit_of: int | None = Field(default=None, description="Outbox id of a message to edit")
    edit_message_id: str | None = Field(default=None, description="Platform id to edit (set "
                                        "by the outbox once the original was sent)")
