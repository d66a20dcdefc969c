"""TelegramChannel against FakeTelegram: the real aiogram client over loopback HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.core.messages import Button, Channel, Location, OutboundMessage
from bot.errors import DownloadError, SendError
from bot.telegram import LOCATION_BUTTON, TelegramChannel, parse_update
from tests.bot.samples import TINY_JPEG, tiny_pdf, tiny_png
from tests.fakes.telegram import FakeTelegram

CHAT = 7_012_345_678


def out(text: str = "Halo!", **fields: object) -> OutboundMessage:
    return OutboundMessage(channel=Channel.TELEGRAM, recipient=str(CHAT), text=text,
                           **fields)  # type: ignore[arg-type]


async def test_text_with_buttons_becomes_an_inline_keyboard(
        telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    buttons = [Button(label="KIA anak 0–5 tahun", payload="svc:kia-0-5"),
               Button(label="Cek tagihan PBB", payload="svc:pbb")]
    message_id = await telegram.send(out("Pilih layanan:", buttons=buttons))
    [call] = fake_telegram.sent("sendMessage")
    assert call.params["chat_id"] == str(CHAT)
    assert call.params["text"] == "Pilih layanan:"
    assert call.params["reply_markup"] == {"inline_keyboard": [
        [{"text": "KIA anak 0–5 tahun", "callback_data": "svc:kia-0-5"}],
        [{"text": "Cek tagihan PBB", "callback_data": "svc:pbb"}]]}
    assert fake_telegram.message(CHAT, int(message_id))["text"] == "Pilih layanan:"


async def test_plain_text_has_no_keyboard(telegram: TelegramChannel,
                                          fake_telegram: FakeTelegram) -> None:
    await telegram.send(out("Terima kasih."))
    [call] = fake_telegram.sent("sendMessage")
    assert "reply_markup" not in call.params


async def test_request_location_uses_a_one_time_reply_keyboard(
        telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    await telegram.send(out("Di mana lokasinya?", request_location=True,
                            buttons=[Button(label="Lewati", payload="skip")]))
    [call] = fake_telegram.sent("sendMessage")
    markup = call.params["reply_markup"]
    assert markup["keyboard"] == [[{"text": LOCATION_BUTTON, "request_location": True}],
                                  [{"text": "Lewati"}]]
    assert markup["one_time_keyboard"] is True


async def test_photo_and_pdf_are_uploaded_with_the_caption(
        telegram: TelegramChannel, fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    photo, pdf = tmp_path / "photo", tmp_path / "doc"
    photo.write_bytes(tiny_png())
    pdf.write_bytes(tiny_pdf())
    await telegram.send(out("Bukti pendaftaran", media_mime="image/png"), media_path=photo)
    await telegram.send(out("Surat keterangan"), media_path=pdf)  # mime sniffed from content
    [sent_photo] = fake_telegram.sent("sendPhoto")
    [sent_doc] = fake_telegram.sent("sendDocument")
    assert sent_photo.params["photo"].data == tiny_png()
    assert sent_photo.params["caption"] == "Bukti pendaftaran"
    assert (sent_doc.params["document"].filename, sent_doc.params["document"].data,
            sent_doc.params["caption"]) == ("dokumen.pdf", tiny_pdf(), "Surat keterangan")


async def test_missing_media_file_is_a_permanent_error(telegram: TelegramChannel,
                                                       tmp_path: Path) -> None:
    with pytest.raises(SendError) as caught:
        await telegram.send(out(), media_path=tmp_path / "gone")
    assert caught.value.permanent


async def test_location_and_venue(telegram: TelegramChannel,
                                  fake_telegram: FakeTelegram) -> None:
    place = Location(latitude=-5.7256, longitude=105.5931)
    await telegram.send(out("", location=place))
    await telegram.send(out("Kebakaran dilaporkan di sini", location=place))
    [location] = fake_telegram.sent("sendLocation")
    [venue] = fake_telegram.sent("sendVenue")
    assert (float(location.params["latitude"]), float(location.params["longitude"])) == (
        -5.7256, 105.5931)
    assert venue.params["title"] == "Kebakaran dilaporkan di sini"
    assert venue.params["address"] == "-5.72560, 105.59310"


async def test_empty_message_is_refused(telegram: TelegramChannel) -> None:
    with pytest.raises(SendError) as caught:
        await telegram.send(out("  "))
    assert caught.value.permanent


async def test_429_carries_retry_after(telegram: TelegramChannel,
                                       fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(SendError) as caught:
        await telegram.send(out())
    assert (caught.value.retry_after, caught.value.permanent, caught.value.code) == (
        3.0, False, "429")
    assert str(CHAT) not in str(caught.value)  # no chat ids in error texts
    assert await telegram.send(out())  # the next attempt goes through
    assert [c.status for c in fake_telegram.calls("sendMessage")] == [429, 200]


async def test_server_error_is_transient(telegram: TelegramChannel,
                                         fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=500)
    with pytest.raises(SendError) as caught:
        await telegram.send(out())
    assert (caught.value.retry_after, caught.value.permanent) == (None, False)


async def test_timeout_is_transient(fake_telegram: FakeTelegram) -> None:
    channel = TelegramChannel(fake_telegram.token, fake_telegram.api_base, timeout=0.2)
    fake_telegram.stall_next("sendMessage", 0.6)
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(out())
    finally:
        await channel.close()
    assert not caught.value.permanent


@pytest.mark.parametrize(("status", "code"), [(400, "400"), (403, "403")])
async def test_client_errors_are_permanent(telegram: TelegramChannel,
                                           fake_telegram: FakeTelegram,
                                           status: int, code: str) -> None:
    fake_telegram.fail_next("sendMessage", status=status)
    with pytest.raises(SendError) as caught:
        await telegram.send(out())
    assert (caught.value.permanent, caught.value.code) == (True, code)


async def test_blocked_bot_is_permanent(telegram: TelegramChannel,
                                        fake_telegram: FakeTelegram) -> None:
    fake_telegram.block_chat(CHAT)
    with pytest.raises(SendError) as caught:
        await telegram.send(out())
    assert caught.value.permanent and "blocked" in str(caught.value)


async def test_wrong_token_is_permanent(fake_telegram: FakeTelegram) -> None:
    channel = TelegramChannel("42:WrongToken", fake_telegram.api_base)
    try:
        with pytest.raises(SendError) as caught:
            await channel.send(out())
    finally:
        await channel.close()
    assert (caught.value.permanent, caught.value.code) == (True, "401")
    assert fake_telegram.calls("sendMessage")[0].status == 401


async def test_download_by_file_id(telegram: TelegramChannel,
                                   fake_telegram: FakeTelegram) -> None:
    file_id = fake_telegram.add_file(TINY_JPEG, "image/jpeg")
    update = fake_telegram.photo_update(CHAT, file_id, len(TINY_JPEG))
    msg = parse_update(update)
    assert msg is not None
    data = await telegram.download(msg.media[0].platform_ref, max_bytes=1024)
    assert data == TINY_JPEG
    assert [c.endpoint for c in fake_telegram.calls()] == ["getFile", "file"]


async def test_download_refuses_declared_oversize_before_fetching(
        telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    file_id = fake_telegram.add_file(tiny_pdf(), "application/pdf")
    with pytest.raises(DownloadError) as caught:
        await telegram.download(file_id, max_bytes=100)
    assert caught.value.too_large and caught.value.permanent
    assert fake_telegram.calls("file") == []


async def test_download_counts_bytes_when_the_size_lies(
        telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    file_id = fake_telegram.add_file(b"\xff\xd8\xff" + b"\x00" * 300_000, declared_size=10)
    with pytest.raises(DownloadError) as caught:
        await telegram.download(file_id, max_bytes=200_000)
    assert caught.value.too_large


async def test_download_of_a_file_telegram_will_not_serve(
        telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    huge = fake_telegram.add_file(TINY_JPEG, declared_size=25 * 1024 * 1024)
    with pytest.raises(DownloadError) as too_big:
        await telegram.download(huge)
    with pytest.raises(DownloadError) as unknown:
        await telegram.download("no-such-file")
    assert too_big.value.too_large
    assert unknown.value.permanent and not unknown.value.too_large


async def test_download_failure_is_retryable(telegram: TelegramChannel,
                                             fake_telegram: FakeTelegram) -> None:
    file_id = fake_telegram.add_file(TINY_JPEG)
    fake_telegram.fail_next("getFile", status=500)
    with pytest.raises(DownloadError) as caught:
        await telegram.download(file_id)
    assert not caught.value.permanent
    assert await telegram.download(file_id) == TINY_JPEG


async def test_answer_callback(telegram: TelegramChannel,
                               fake_telegram: FakeTelegram) -> None:
    update = fake_telegram.callback_update(CHAT, "svc:pbb")
    msg = parse_update(update)
    assert msg is not None and msg.callback_id
    await telegram.answer_callback(msg.callback_id, "Dipilih")
    [call] = fake_telegram.sent("answerCallbackQuery")
    assert call.params == {"callback_query_id": msg.callback_id, "text": "Dipilih"}


async def test_edit_text_in_place_is_idempotent(telegram: TelegramChannel,
                                                fake_telegram: FakeTelegram) -> None:
    ack = [Button(label="Terima", payload="ack:1")]
    message_id = await telegram.send(out("🚒 Kebakaran di Kalianda", buttons=ack))
    await telegram.edit_text(CHAT, message_id, "🚒 Kebakaran di Kalianda — diterima Regu A")
    await telegram.edit_text(CHAT, message_id, "🚒 Kebakaran di Kalianda — diterima Regu A")
    edited = fake_telegram.message(CHAT, int(message_id))
    assert edited["text"].endswith("diterima Regu A") and "reply_markup" not in edited
    assert [c.status for c in fake_telegram.calls("editMessageText")] == [200, 400]
    with pytest.raises(SendError) as caught:
        await telegram.edit_text(CHAT, 999_999, "x")
    assert caught.value.permanent


async def test_typing(telegram: TelegramChannel, fake_telegram: FakeTelegram) -> None:
    await telegram.typing(CHAT)
    assert fake_telegram.sent("sendChatAction")[0].params["action"] == "typing"


async def test_webhook_and_polling(telegram: TelegramChannel,
                                   fake_telegram: FakeTelegram) -> None:
    await telegram.set_webhook("https://halo.example.id/webhooks/telegram", "s3cret_1")
    assert fake_telegram.webhook == {"url": "https://halo.example.id/webhooks/telegram",
                                     "secret_token": "s3cret_1"}
    with pytest.raises(SendError):  # Telegram refuses getUpdates while a webhook is set
        await telegram.get_updates(timeout=0)
    await telegram.delete_webhook()
    first = fake_telegram.text_update(CHAT, "halo")
    fake_telegram.push_update(first)
    fake_telegram.push_update(fake_telegram.callback_update(CHAT, "svc:pbb"))
    updates = await telegram.get_updates(timeout=1)
    assert [u["update_id"] for u in updates] == [first["update_id"], first["update_id"] + 1]
    assert parse_update(updates[0]) == parse_update(first)
    assert parse_update(updates[1]).payload == "svc:pbb"
    assert await telegram.get_updates(offset=first["update_id"] + 2, timeout=0) == []


async def test_wait_for_helpers(telegram: TelegramChannel,
                                fake_telegram: FakeTelegram) -> None:
    await telegram.send(out("satu"))
    await telegram.send(out("dua"))
    calls = await fake_telegram.wait_for_async("sendMessage", count=2, timeout=1)
    assert [c.params["text"] for c in calls] == ["satu", "dua"]
    assert len(fake_telegram.wait_for("sendMessage", count=2, timeout=1)) == 2
    with pytest.raises(TimeoutError):
        await fake_telegram.wait_for_async("sendPhoto", timeout=0.05)
