"""parse_update and secret_ok: Telegram webhook updates as neutral messages."""

from __future__ import annotations

from typing import Any

import pytest

from backend.core.messages import Channel, InboundMessage, Location, MediaRef
from bot.telegram import parse_update, secret_ok
from tests.fakes.telegram_updates import UpdateBuilder

CHAT = 7_012_345_678


@pytest.fixture
def updates() -> UpdateBuilder:
    return UpdateBuilder()


def test_text_message(updates: UpdateBuilder) -> None:
    update = updates.text_update(CHAT, "Saya mau buat KIA", first_name="Siti",
                                 last_name="Aminah")
    assert parse_update(update) == InboundMessage(
        channel=Channel.TELEGRAM, platform_id=str(update["update_id"]), sender=str(CHAT),
        sender_name="Siti Aminah", text="Saya mau buat KIA")


def test_update_ids_increase(updates: UpdateBuilder) -> None:
    ids = [int(parse_update(updates.text_update(CHAT, "x")).platform_id) for _ in range(3)]
    assert ids == sorted(set(ids))


def test_photo_takes_the_largest_size_and_the_caption(updates: UpdateBuilder) -> None:
    msg = parse_update(updates.photo_update(CHAT, "AgACphoto", 250_000, caption="KK saya"))
    assert msg is not None
    assert msg.text == "KK saya"
    assert msg.media == [MediaRef(platform_ref="AgACphoto", declared_mime="image/jpeg",
                                  declared_size=250_000)]


def test_document(updates: UpdateBuilder) -> None:
    update = updates.document_update(CHAT, "BQACdoc", size=80_000, file_name="akta.pdf")
    msg = parse_update(update)
    assert msg is not None and msg.text is None
    assert msg.media == [MediaRef(platform_ref="BQACdoc", declared_mime="application/pdf",
                                  declared_size=80_000, file_name="akta.pdf")]


def test_location(updates: UpdateBuilder) -> None:
    msg = parse_update(updates.location_update(CHAT, -5.7256, 105.5931))
    assert msg is not None
    assert msg.location == Location(latitude=-5.7256, longitude=105.5931)


def test_venue_keeps_title_and_address(updates: UpdateBuilder) -> None:
    update = updates.location_update(CHAT, -5.7256, 105.5931)
    update["message"]["venue"] = {
        "location": {"latitude": -5.7256, "longitude": 105.5931},
        "title": "Kantor Bupati", "address": "Jl. Lintas Sumatera, Kalianda"}
    msg = parse_update(update)
    assert msg is not None
    assert msg.location == Location(latitude=-5.7256, longitude=105.5931,
                                    address="Jl. Lintas Sumatera, Kalianda",
                                    label="Kantor Bupati")


def test_callback_query(updates: UpdateBuilder) -> None:
    update = updates.callback_update(CHAT, "svc:kia-0-5", first_name="Budi", last_name="")
    msg = parse_update(update)
    assert msg == InboundMessage(
        channel=Channel.TELEGRAM, platform_id=str(update["update_id"]), sender=str(CHAT),
        sender_name="Budi", payload="svc:kia-0-5",
        callback_id=update["callback_query"]["id"],
        user_id=str(update["callback_query"]["from"]["id"]))  # who pressed (group alerts)


def test_callback_without_message_uses_the_user(updates: UpdateBuilder) -> None:
    update = updates.callback_update(CHAT, "ok")
    del update["callback_query"]["message"]
    msg = parse_update(update)
    assert msg is not None and msg.sender == str(CHAT)


def test_unhandled_content_gives_an_empty_message(updates: UpdateBuilder) -> None:
    update = updates.text_update(CHAT, "x")
    del update["message"]["text"]
    update["message"]["sticker"] = {"file_id": "CAAC", "file_unique_id": "u", "type":
                                    "regular", "width": 512, "height": 512,
                                    "is_animated": False, "is_video": False}
    msg = parse_update(update)
    assert msg is not None
    assert (msg.text, msg.media, msg.location, msg.payload) == (None, [], None, None)


@pytest.mark.parametrize("update", [
    {"update_id": 1, "edited_message": {"message_id": 1, "date": 0, "text": "x",
                                        "chat": {"id": CHAT, "type": "private"}}},
    {"update_id": 2, "my_chat_member": {
        "chat": {"id": CHAT, "type": "private"},
        "from": {"id": CHAT, "is_bot": False, "first_name": "S"}, "date": 0,
        "old_chat_member": {"status": "member",
                            "user": {"id": 1, "is_bot": True, "first_name": "B"}},
        "new_chat_member": {"status": "kicked", "until_date": 0,
                            "user": {"id": 1, "is_bot": True, "first_name": "B"}}}},
    {"update_id": 3, "message": {"message_id": 1}},  # malformed: no chat, no date
    {"no": "update_id"},
])
def test_other_updates_are_not_messages(update: dict[str, Any]) -> None:
    assert parse_update(update) is None


def test_secret_ok() -> None:
    assert secret_ok("s3cret_TOKEN-1", "s3cret_TOKEN-1")
    assert not secret_ok("wrong", "s3cret_TOKEN-1")
    assert not secret_ok(None, "s3cret_TOKEN-1")
    assert not secret_ok("", "s3cret_TOKEN-1")
    assert secret_ok(None, "")  # an empty secret matches only when the caller allows it
