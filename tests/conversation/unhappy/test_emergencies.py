"""Emergencies mid-intake on both channels, and the place typed in a fire report's first words
kept (only a pin or a confirmation asked)."""

from __future__ import annotations

from sqlalchemy import select

from backend.core.models.alerts import Incident
from tests.conversation.unhappy.scripts import kia_to_summary
from tests.support.talk import Talk

PLACE_QUESTION = "Di mana lokasi kebakarannya"


def incident_of(talk: Talk) -> Incident:
    case = talk.cases()[-1]
    with talk.client.app.state.sessions() as session:
        incident = session.scalar(select(Incident).where(Incident.case_id == case.id))
        assert incident is not None
        return incident


def answers(replies: list[str]) -> list[str]:
    """The turn's replies without the delivery notice ("SUDAH diteruskan"), which the alert
    desk sends whenever the alert got through: before, between or after them."""
    return [reply for reply in replies if "SUDAH diteruskan" not in reply]


def place_for(talk: Talk, place: str) -> str:
    """The place of this channel's report (the same place twice would be one incident)."""
    return f"{place} {talk.channel}"


def test_a_fire_with_its_place_at_a_typed_prompt_keeps_the_place(talk: Talk) -> None:
    place = place_for(talk, "pasar inpres kalianda")
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    replies = talk.say(f"kebakaran di {place}")
    assert any("113" in r for r in replies), replies
    assert place in answers(replies)[-1] and PLACE_QUESTION not in answers(replies)[-1]
    state = talk.state()
    assert state.flow == "emergency" and (state.suspended or {}).get("service") == "kia-0-5"
    assert incident_of(talk).place == place
    # Telegram shows the button on the location keyboard: pressing it types its label.
    confirmed = talk.say("✅ Sudah benar") if talk.channel == "telegram" else talk.press("yes")
    assert "nama Anda" in confirmed[-1]  # on to the next question
    assert talk.state().answers["incident_location"] == place


def test_a_shared_pin_after_the_typed_place_joins_it(talk: Talk) -> None:
    talk.say(f"tolong kebakaran di {place_for(talk, 'gudang dekat terminal')}")
    talk.pin(-5.7261, 105.5929)
    incident = incident_of(talk)
    assert incident.latitude is not None and abs(incident.latitude + 5.7261) < 1e-4
    assert (incident.place or "").startswith("gudang")


def test_a_fire_without_a_place_asks_where(talk: Talk) -> None:
    replies = talk.say("tolong ada kebakaran!!")
    assert PLACE_QUESTION in answers(replies)[-1], replies


def test_a_rescue_at_the_summary_keeps_the_application_for_afterwards(talk: Talk) -> None:
    kia_to_summary(talk)
    replies = talk.say("ada ular kobra masuk ke dapur")
    assert any("damkar" in r.lower() for r in replies), replies
    assert talk.cases()[-1].service_code == "damkar-evakuasi"
    assert (talk.state().suspended or {}).get("stage") == "summary"
    while talk.state().flow == "emergency":  # the crew's questions, answered or skipped
        last = talk.say("lewati")
    assert "Lanjutkan" in last[-1] or "Kartu Identitas Anak" in last[-1], last
    talk.press("resume:yes")
    assert talk.state().stage == "summary" and "Mohon periksa data Anda" in talk.sent()[-1]
