"""The configured channels: who sends each neutral message and fetches each citizen file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backend.core.config import Settings
from backend.core.media import MAX_BYTES, media_path
from backend.core.messages import Channel, MediaRef, OutboundMessage
from bot.errors import DownloadError
from bot.media_links import MediaLinks
from bot.outbox import Sender
from bot.telegram import TelegramChannel
from bot.twilio_alerts import TwilioAlerts
from bot.whatsapp import WhatsAppChannel


async def _kept_for_reader(_message: OutboundMessage) -> str | None:
    """Web chat and console messages are read from the outbox by their pages."""
    return None


@dataclass
class Channels:
    storage_root: Path
    links: MediaLinks
    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    phone: TwilioAlerts | None = None
    extra_senders: dict[Channel, Sender] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        """Channels for every platform whose credentials are set."""
        telegram = (TelegramChannel(settings.telegram.token, settings.telegram.api_base)
                    if settings.telegram.token else None)
        twilio = settings.twilio
        whatsapp = (WhatsAppChannel(twilio.account_sid, twilio.auth_token, twilio.whatsapp_from,
                                    twilio.api_base, settings.public_url,
                                    template_content_sid=twilio.template_content_sid)
                    if twilio.account_sid and twilio.auth_token else None)
        phone = (TwilioAlerts(twilio.account_sid, twilio.auth_token, settings.alerts.twilio_from,
                              twilio.api_base)
                 if twilio.account_sid and twilio.auth_token and settings.alerts.twilio_from
                 else None)
        root = settings.resolved_path(settings.storage.root)
        links = MediaLinks(settings.public_url, settings.auth.secret_key,
                           settings.storage.link_ttl_seconds, root)
        return cls(storage_root=root, links=links, telegram=telegram, whatsapp=whatsapp,
                   phone=phone)

    def senders(self) -> dict[Channel, Sender]:
        """A send function per channel."""
        senders: dict[Channel, Sender] = {Channel.WEB: _kept_for_reader,
                                          Channel.CONSOLE: _kept_for_reader}
        if self.telegram is not None:
            senders[Channel.TELEGRAM] = self._send_telegram
        if self.whatsapp is not None:
            senders[Channel.WHATSAPP] = self._send_whatsapp
        if self.phone is not None:
            senders[Channel.SMS] = self.phone.send_sms
            senders[Channel.VOICE] = self.phone.send_call
        senders.update(self.extra_senders)
        return senders

    async def _send_telegram(self, message: OutboundMessage) -> str:
        assert self.telegram is not None
        if message.edit_message_id:
            await self.telegram.edit_text(message.recipient, message.edit_message_id,
                                          message.text, message.buttons)
            return message.edit_message_id
        path = (media_path(self.storage_root, message.media_storage_key)
                if message.media_storage_key else None)
        return await self.telegram.send(message, media_path=path)

    async def _send_whatsapp(self, message: OutboundMessage) -> str:
        """Twilio fetches an attachment from a short-lived signed link to the app."""
        assert self.whatsapp is not None
        url = (self.links.link(message.media_storage_key, message.media_name)
               if message.media_storage_key else None)
        return await self.whatsapp.send(message, media_url=url)

    async def fetch(self, channel: Channel, ref: MediaRef) -> bytes:
        """Download a citizen's file from its platform (size-limited)."""
        if channel is Channel.TELEGRAM and self.telegram is not None:
            return await self.telegram.download(ref.platform_ref, MAX_BYTES[channel])
        if channel is Channel.WHATSAPP and self.whatsapp is not None:
            return await self.whatsapp.download(ref.platform_ref, MAX_BYTES[channel])
        raise DownloadError(f"no downloader for {channel}", permanent=True)

    async def close(self) -> None:
        for client in (self.telegram, self.whatsapp):
            if client is not None:
                await client.close()
