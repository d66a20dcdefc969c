"""parse_form, signature_ok and render_text: Twilio's WhatsApp webhook side."""

from __future__ import annotations

import pytest

from backend.core.messages import (
    Button,
    Channel,
    InboundMessage,
    Location,
    MediaRef,
    OutboundMessage,
)
from bot.whatsapp import LOCATION_HINT, parse_form, render_text, signature_ok
from tests.fakes.twilio import AUTH_TOKEN, FormBuilder, signed_post_params

URL = "https://halo.example.id/webhooks/twilio/whatsapp"
CITIZEN = "whatsapp:+6281234567890"


@pytest.fixture
def forms() -> FormBuilder:
    return FormBuilder()


def test_text(forms: FormBuilder) -> None:
    form = forms.incoming_form("cek status", from_=CITIZEN, profile_name="Siti")
    assert parse_form(form) == InboundMessage(
        channel=Channel.WHATSAPP, platform_id=form["MessageSid"], sender=CITIZEN,
        sender_name="Siti", text="cek status")


def test_media_keeps_every_item(forms: FormBuilder) -> None:
    form = forms.incoming_form("KK dan akta", media=[
        ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", "image/jpeg"),
        ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2",
         "application/pdf")])
    msg = parse_form(form)
    assert msg.text == "KK dan akta"
    assert msg.media == [
        MediaRef(platform_ref=form["MediaUrl0"], declared_mime="image/jpeg"),
        MediaRef(platform_ref=form["MediaUrl1"], declared_mime="application/pdf")]


def test_location(forms: FormBuilder) -> None:
    form = forms.incoming_form(latitude=-5.7256, longitude=105.5931,
                               address="Jl. Raya Kalianda", label="Pasar Inpres")
    msg = parse_form(form)
    assert msg.text is None
    assert msg.location == Location(latitude=-5.7256, longitude=105.5931,
                                    address="Jl. Raya Kalianda", label="Pasar Inpres")


def test_impossible_location_is_dropped(forms: FormBuilder) -> None:
    form = forms.incoming_form(latitude=-5.7, longitude=105.5)
    form["Latitude"] = "95"
    assert parse_form(form).location is None


def test_button_payload(forms: FormBuilder) -> None:
    msg = parse_form(forms.incoming_form("Ya, benar", button_payload="confirm:yes"))
    assert (msg.payload, msg.text) == ("confirm:yes", "Ya, benar")


def test_not_a_message_form() -> None:
    with pytest.raises(ValueError):
        parse_form({"From": CITIZEN, "Body": "x"})
    with pytest.raises(ValueError):
        parse_form({"MessageSid": "SM1", "Body": "x"})


def test_signature_valid(forms: FormBuilder) -> None:
    params, headers = signed_post_params(URL, forms.incoming_form("halo"), AUTH_TOKEN)
    assert signature_ok(URL, params, headers["X-Twilio-Signature"], AUTH_TOKEN)


def test_signature_refused_when_anything_differs(forms: FormBuilder) -> None:
    params, headers = signed_post_params(URL, forms.incoming_form("halo"), AUTH_TOKEN)
    signature = headers["X-Twilio-Signature"]
    tampered = params | {"Body": "halo, kirim ke nomor lain"}
    assert not signature_ok(URL, tampered, signature, AUTH_TOKEN)
    assert not signature_ok(URL + "?x=1", params, signature, AUTH_TOKEN)
    assert not signature_ok(URL, params, signature, "another_token")
    assert not signature_ok(URL, params, "bm90IGEgc2lnbmF0dXJl", AUTH_TOKEN)
    assert not signature_ok(URL, params, None, AUTH_TOKEN)
    assert not signature_ok(URL, params, signature, "")


def test_render_text_numbers_choices() -> None:
    msg = OutboundMessage(channel=Channel.WHATSAPP, recipient=CITIZEN, text="Pilih layanan:",
                          buttons=[Button(label="KIA", payload="svc:kia"),
                                   Button(label="Cek tagihan PBB", payload="svc:pbb")])
    assert render_text(msg) == "Pilih layanan:\n\n1. KIA\n2. Cek tagihan PBB"


def test_render_text_location_hint() -> None:
    msg = OutboundMessage(channel=Channel.WHATSAPP, recipient=CITIZEN,
                          text="Kirim lokasi kejadian.", request_location=True)
    assert render_text(msg) == f"Kirim lokasi kejadian.\n\n{LOCATION_HINT}"
    assert "📎" in LOCATION_HINT and len(LOCATION_HINT) < 80
    plain = OutboundMessage(channel=Channel.WHATSAPP, recipient=CITIZEN, text="Terima kasih.")
    assert render_text(plain) == "Terima kasih."
