"""WhatsAppChannel against FakeTwilio: the real twilio client and aiohttp over loopback."""

from __future__ import annotations

import json
import socket

import pytest

from backend.core.messages import Button, Channel, Location, OutboundMessage
from bot.errors import DownloadError, SendError
from bot.whatsapp import WhatsAppChannel, parse_form
from tests.bot.samples import TINY_JPEG, tiny_pdf
from tests.fakes.twilio import FakeTwilio
from tests.support.channels import TEMPLATE_SID

CITIZEN = "whatsapp:+6281234567890"


def out(text: str = "Halo!", **fields: object) -> OutboundMessage:
    return OutboundMessage(channel=Channel.WHATSAPP, recipient=CITIZEN, text=text,
                           **fields)  # type: ignore[arg-type]


async def test_send_with_numbered_choices(whatsapp: WhatsAppChannel,
                                          fake_twilio: FakeTwilio) -> None:
    sid = await whatsapp.send(out("Pilih layanan:", buttons=[
        Button(label="KIA", payload="svc:kia"), Button(label="Cek PBB", payload="svc:pbb")]))
    [call] = fake_twilio.sent()
    assert sid.startswith("SM") and len(sid) == 34
    assert call.params == {"To": CITIZEN, "From": fake_twilio.whatsapp_from,
                           "Body": "Pilih layanan:\n\n1. KIA\n2. Cek PBB"}


async def test_recipient_without_prefix_gets_one(whatsapp: WhatsAppChannel,
                                                 fake_twilio: FakeTwilio) -> None:
    await whatsapp.send(OutboundMessage(channel=Channel.WHATSAPP, recipient="+628111",
                                        text="x"))
    assert fake_twilio.sent()[0].params["To"] == "whatsapp:+628111"


async def test_media_and_location(whatsapp: WhatsAppChannel, fake_twilio: FakeTwilio) -> None:
    media_url = "https://halo.example.id/media/signed/abc"
    await whatsapp.send(out("Bukti pendaftaran"), media_url=media_url)
    await whatsapp.send(out("Lokasi kantor", location=Location(
        latitude=-5.7256, longitude=105.5931, label="Disdukcapil")))
    media, place = fake_twilio.sent()
    assert media.params["MediaUrl"] == [media_url]
    assert place.params["PersistentAction"] == ["geo:-5.7256,105.5931|Disdukcapil"]
    assert place.params["Body"] == "Lokasi kantor"


async def test_template_sends_content_sid_instead_of_body(
        whatsapp: WhatsAppChannel, fake_twilio: FakeTwilio) -> None:
    await whatsapp.send(out("Permohonan KIA 2026-000123 selesai.", template=True))
    [call] = fake_twilio.sent()
    assert "Body" not in call.params
    assert call.params["ContentSid"] == TEMPLATE_SID
    assert json.loads(call.params["ContentVariables"]) == {
        "1": "Permohonan KIA 2026-000123 selesai."}


async def test_template_without_configuration_is_permanent(fake_twilio: FakeTwilio) -> None:
    channel = WhatsAppChannel(fake_twilio.account_sid, fake_twilio.auth_token,
                              fake_twilio.whatsapp_from, fake_twilio.api_base, "")
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(out(template=True))
    finally:
        await channel.close()
    assert caught.value.permanent and fake_twilio.calls() == []


async def test_outside_the_24_hour_window(whatsapp: WhatsAppChannel,
                                          fake_twilio: FakeTwilio) -> None:
    fake_twilio.close_window(CITIZEN)
    with pytest.raises(SendError) as caught:
        await whatsapp.send(out("Status permohonan Anda berubah."))
    assert (caught.value.permanent, caught.value.code) == (True, "63016")
    assert CITIZEN.removeprefix("whatsapp:") not in str(caught.value)
    assert await whatsapp.send(out("Status permohonan Anda berubah.", template=True))


async def test_429_is_transient_with_retry_after(whatsapp: WhatsAppChannel,
                                                 fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_next("messages", status=429, retry_after=7)
    with pytest.raises(SendError) as caught:
        await whatsapp.send(out())
    assert (caught.value.permanent, caught.value.retry_after, caught.value.code) == (
        False, 7.0, "20429")
    assert await whatsapp.send(out())


async def test_500_is_transient(whatsapp: WhatsAppChannel, fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_next("messages", status=500)
    with pytest.raises(SendError) as caught:
        await whatsapp.send(out())
    assert (caught.value.permanent, caught.value.retry_after) == (False, None)


async def test_wrong_credentials_are_permanent(fake_twilio: FakeTwilio) -> None:
    channel = WhatsAppChannel(fake_twilio.account_sid, "not-the-token",
                              fake_twilio.whatsapp_from, fake_twilio.api_base, "")
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(out())
    finally:
        await channel.close()
    assert (caught.value.permanent, caught.value.code) == (True, "20003")
    assert fake_twilio.calls("messages")[0].status == 401


async def test_unreachable_api_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = WhatsAppChannel("AC1", "t", "+1415", f"http://127.0.0.1:{port}", "")
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(out())
    finally:
        await channel.close()
    assert not caught.value.permanent


@pytest.mark.parametrize("redirect", [False, True])
async def test_authenticated_media_download(whatsapp: WhatsAppChannel,
                                            fake_twilio: FakeTwilio, redirect: bool) -> None:
    url = fake_twilio.add_media(TINY_JPEG, "image/jpeg", redirect=redirect)
    msg = parse_form(fake_twilio.incoming_form(media=[(url, "image/jpeg")]))
    assert await whatsapp.download(msg.media[0].platform_ref, max_bytes=1024) == TINY_JPEG
    assert [c.status for c in fake_twilio.calls("media")] == [307 if redirect else 200]


async def test_media_needs_the_account_credentials(fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(TINY_JPEG, "image/jpeg")
    channel = WhatsAppChannel(fake_twilio.account_sid, "not-the-token",
                              fake_twilio.whatsapp_from, fake_twilio.api_base, "")
    try:
        with pytest.raises(DownloadError) as caught:
            await channel.download(url)
    finally:
        await channel.close()
    assert caught.value.permanent
    assert fake_twilio.calls("media")[0].status == 401


async def test_credentials_are_not_sent_to_other_hosts(whatsapp: WhatsAppChannel) -> None:
    with FakeTwilio() as elsewhere:  # same credentials, but another origin
        url = elsewhere.add_media(TINY_JPEG, "image/jpeg")
        with pytest.raises(DownloadError):
            await whatsapp.download(url)
        assert elsewhere.calls("media")[0].status == 401


async def test_media_size_limits(whatsapp: WhatsAppChannel, fake_twilio: FakeTwilio) -> None:
    big = tiny_pdf() + b"\x00" * 200_000
    declared = fake_twilio.add_media(big, "application/pdf")
    counted = fake_twilio.add_media(big, "application/pdf", chunked=True)
    for url in (declared, counted):
        with pytest.raises(DownloadError) as caught:
            await whatsapp.download(url, max_bytes=100_000)
        assert caught.value.too_large
    assert await whatsapp.download(counted, max_bytes=len(big)) == big


async def test_media_server_error_is_retryable(whatsapp: WhatsAppChannel,
                                               fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(TINY_JPEG, "image/jpeg")
    fake_twilio.fail_next("media", status=500)
    with pytest.raises(DownloadError) as caught:
        await whatsapp.download(url)
    assert not caught.value.permanent
    assert await whatsapp.download(url) == TINY_JPEG
