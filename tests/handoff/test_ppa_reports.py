"""PPA reports are never left in silence and never land in the general complaint intake: the
case opens with the first message, every message gets an answer while the report waits for an
agent (out of hours, nobody online), and violence described inside another intake moves into
the discreet PPA report. Telegram and WhatsApp protocol fakes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import CaseDocument
from backend.core.models.alerts import Incident
from backend.core.models.handoff import TicketStatus
from tests.bot.samples import tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, at
from tests.support.channels import tg
from tests.support.handoff import conversation, on_shift, post, ticket_of
from tests.support.ppa import (
    QUESTION,
    SIGNS,
    cases_of,
    fields_of,
    flagged,
    state_of,
    telegram_says,
    whatsapp_says,
)

STORY = "saya dipukuli suami saya setiap malam, saya takut pulang"


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-24 23:01"))  # out of the call-center hours (07:00-21:00)


def test_out_of_hours_with_nobody_online_every_message_is_answered_on_telegram(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    replies = telegram_says(client, telegram, chat, STORY)
    joined = "\n".join(replies)
    for needed in ("RAHASIA", "BERHENTI", "Hapus", "112", "129", "di luar jam layanan",
                   "piket PPA"):
        assert needed in joined, (needed, replies)
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "ppa-pengaduan"
    assert fields_of(client, case)["chronology"] == STORY
    assert fields_of(client, case)["in_danger"] == "ya"  # "takut pulang": danger now
    with client.app.state.sessions() as session:
        incident = session.scalar(select(Incident).where(Incident.case_id == case.id))
        assert incident is not None and incident.unit == "ppa"  # the on-call is alerted
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    assert ticket.ppa and ticket.status == TicketStatus.QUEUED and ticket.case_id == case.id
    # The name, an address, a phone, then more words, "batal" and "menu": all answered.
    for text in ("Mawar", "Desa Way Urang, Kalianda", "0812 3456 7890", "besok jam 10 telepon",
                 "lewati", "dia juga mengancam anak saya", "batal", "menu"):
        assert telegram_says(client, telegram, chat, text), text
    fields = fields_of(client, case)
    assert fields["reporter_name"] == "Mawar" and fields["reporter_phone"] == "+6281234567890"
    assert "mengancam anak" in fields["additional_notes"]
    assert len(cases_of(client, "telegram", str(chat))) == 1


def test_out_of_hours_report_over_whatsapp_answers_batal_and_menu(
        client: TestClient, twilio: FakeTwilio, phone: str) -> None:
    replies = whatsapp_says(client, twilio, phone, STORY)
    assert any("BERHENTI" in r for r in replies) and any("129" in r for r in replies)
    assert whatsapp_says(client, twilio, phone, "Melati")
    cancelled = whatsapp_says(client, twilio, phone, "batal")
    assert cancelled and "RAHASIA" in cancelled[-1]
    menu = whatsapp_says(client, twilio, phone, "menu")
    assert menu and "Menu utama" in menu[-1]
    (case,) = cases_of(client, "whatsapp", phone)
    assert fields_of(client, case)["reporter_name"] == "Melati"


def test_an_agent_taking_the_report_silences_the_bot_and_hand_back_ends_the_report(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent,  # type: ignore[no-untyped-def]
        clock: Clock) -> None:
    clock.now = at("2026-11-24 10:00")
    telegram_says(client, telegram, chat, STORY)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    agent = make_agent(agency="dp3a", roles=("call-center",))
    on_shift(client, agent)
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/take")
    assert telegram_says(client, telegram, chat, "Mawar") == []  # the agent answers now
    number = post(client, agent, f"/api/handoff/tickets/{ticket.id}/case",
                  json={"service_code": "ppa-pengaduan", "fields": {"origin": "Kalianda"}})
    (case,) = cases_of(client, "telegram", str(chat))
    assert number["number"] == case.number and fields_of(client, case)["origin"] == "Kalianda"
    post(client, agent, f"/api/handoff/tickets/{ticket.id}/hand-back")
    assert state_of(client, "telegram", str(chat)).flow is None


def test_a_complaint_describing_a_child_beaten_becomes_a_discreet_ppa_report(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    for text in ("saya mau mengadu", "Budi Santoso", "0812 3456 7000", "lewati",
                 "bapak tetangga saya"):
        telegram_says(client, telegram, chat, text)
    assert state_of(client, "telegram", str(chat)).service == "pengaduan-masyarakat"
    story = "anak tetangga saya tiap hari dipukuli bapaknya pakai kayu sampai berdarah"
    replies = telegram_says(client, telegram, chat, story)
    assert any("RAHASIA" in r for r in replies)
    (case,) = cases_of(client, "telegram", str(chat))  # no complaint case, the PPA report only
    assert case.service_code == "ppa-pengaduan" and fields_of(client, case)["chronology"] == story
    inspector = make_agent(agency="inspektorat", roles=("petugas",))
    assert client.get(f"/api/cases/{case.number}", headers=inspector.headers).status_code == 403


def test_a_plain_complaint_stays_a_complaint(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    for text in ("saya mau mengadu", "Budi Santoso", "0812 3456 7000", "lewati",
                 "kantor desa", "pungutan liar saat mengurus surat pindah di kantor desa",
                 "Kantor Desa Way Urang", "lewati", "tidak"):
        telegram_says(client, telegram, chat, text)
    state = state_of(client, "telegram", str(chat))
    assert state.service == "pengaduan-masyarakat" and state.pending_text is None
    assert state.answers["complaint_detail"].startswith("pungutan liar")


@pytest.mark.parametrize(("answer", "ends_in"), [("ya", "ppa-pengaduan"),
                                                  ("tidak", "pengaduan-masyarakat")])
def test_signs_of_violence_in_a_free_text_field_ask_one_discreet_question(
        client: TestClient, telegram: FakeTelegram, chat: int, answer: str,
        ends_in: str) -> None:
    for text in ("saya mau mengadu", "Budi Santoso", "0812 3456 7000", "lewati", "guru SD"):
        telegram_says(client, telegram, chat, text)
    words = "murid dimarahin terus sama gurunya"
    asked = telegram_says(client, telegram, chat, words)
    assert "anak atau perempuan" in asked[-1] and "kekerasan" in asked[-1]
    state = state_of(client, "telegram", str(chat))
    assert state.pending_text == words and "complaint_detail" not in state.answers
    telegram_says(client, telegram, chat, answer)
    state = state_of(client, "telegram", str(chat))
    if ends_in == "ppa-pengaduan":
        (case,) = cases_of(client, "telegram", str(chat))
        assert case.service_code == "ppa-pengaduan"
        assert fields_of(client, case)["chronology"] == words
        assert state.flow == "ppa_report" and not state.answers.get("complaint_detail")
    else:
        assert cases_of(client, "telegram", str(chat)) == []
        assert state.service == ends_in and state.answers["complaint_detail"] == words


def test_a_photo_captioned_with_violence_during_an_upload_becomes_the_reports_evidence(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    for text in ("mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
                 "Sari Lestari", "081234567890"):
        telegram_says(client, telegram, chat, text)
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    file_id = telegram.add_file(tiny_png(41), "image/png")
    caption = "ini bekas dipukuli suami semalam"
    assert tg(client, telegram.photo_update(chat, file_id, 120, caption=caption)) == 200
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "ppa-pengaduan" and fields_of(client, case)["chronology"] == caption
    with client.app.state.sessions() as session:
        documents = session.scalars(select(CaseDocument).where(
            CaseDocument.case_id == case.id)).all()
        assert [d.code for d in documents] == ["bukti"]
    assert state_of(client, "telegram", str(chat)).suspended["service"] == "kia-0-5"


@pytest.mark.parametrize("answer", ["ya", "tidak"])
def test_a_photo_captioned_with_signs_at_a_document_prompt_asks_first(
        client: TestClient, telegram: FakeTelegram, chat: int, answer: str) -> None:
    for text in ("mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
                 "Sari Lestari", "081234567890"):
        telegram_says(client, telegram, chat, text)
    assert tg(client, telegram.callback_update(chat, "choice:2")) == 200
    file_id = telegram.add_file(tiny_png(42), "image/png")
    assert tg(client, telegram.photo_update(chat, file_id, 120, caption=SIGNS)) == 200
    assert QUESTION in telegram_says(client, telegram, chat, "hmm")[-1]  # asked again
    assert flagged(client, SIGNS) and state_of(client, "telegram", str(chat)).documents == []
    telegram_says(client, telegram, chat, answer)
    state = state_of(client, "telegram", str(chat))
    if answer == "tidak":
        assert [d.code for d in state.documents] == ["akta_kelahiran"]
        assert state.service == "kia-0-5" and cases_of(client, "telegram", str(chat)) == []
        return
    (case,) = cases_of(client, "telegram", str(chat))
    assert case.service_code == "ppa-pengaduan" and fields_of(client, case)["chronology"] == SIGNS
    with client.app.state.sessions() as session:
        assert session.scalars(select(CaseDocument.code).where(
            CaseDocument.case_id == case.id)).all() == ["bukti"]


def test_the_safe_time_the_victim_gave_in_the_report_is_on_the_agents_ticket(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    telegram_says(client, telegram, chat, STORY)
    for text in ("Mawar", "Desa Way Urang, Kalianda", "0812 3456 7890", "besok jam 10 telepon"):
        telegram_says(client, telegram, chat, text)
    ticket = ticket_of(client, conversation(client, "telegram", str(chat)).id)
    agent = make_agent(agency="dp3a", roles=("call-center",))
    detail = client.get(f"/api/handoff/tickets/{ticket.id}", headers=agent.headers).json()
    assert detail["safe_contact"] == "besok jam 10 telepon"
    assert tg(client, telegram.text_update(chat, "AMAN lusa sore lewat chat")) == 200
    detail = client.get(f"/api/handoff/tickets/{ticket.id}", headers=agent.headers).json()
    assert detail["safe_contact"] == "lusa sore lewat chat"  # the latest word wins


def test_the_reports_later_answers_stay_in_the_ppa_cases_transcript(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    """A report written after some chatter (its case opened at once, the bot asking on):
    the report and every later answer are the case's messages, once each."""
    telegram_says(client, telegram, chat, "halo")
    telegram_says(client, telegram, chat, STORY)
    telegram_says(client, telegram, chat, "Mawar")
    telegram_says(client, telegram, chat, "Desa Way Urang, Kalianda")
    (case,) = cases_of(client, "telegram", str(chat))
    head = make_agent(agency="dp3a", roles=("manajer-kasus",))
    lines = client.get(f"/api/handoff/cases/{case.number}/transcript",
                       headers=head.headers).json()
    texts = [line["text"] for line in lines]
    for said in (STORY, "Mawar", "Desa Way Urang, Kalianda"):
        assert texts.count(said) == 1, (said, texts)


def test_a_reporter_who_declines_to_give_a_name_stays_anonymous(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    """"tidak" to "Boleh kami tahu nama Anda?" is a refusal the report respects, not a name."""
    telegram_says(client, telegram, chat, STORY)
    replies = telegram_says(client, telegram, chat, "tidak mau sebut nama")
    assert "tidak wajib" in replies[0], replies
    assert "tinggal di mana" in replies[-1], replies  # the next question
    (case,) = cases_of(client, "telegram", str(chat))
    assert fields_of(client, case)["reporter_name"] == "Tidak disebutkan (pelapor memilih anonim)"


def test_more_of_the_story_typed_at_the_name_question_joins_the_story_not_the_name(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    """Tried as a victim: "tadi malam dia mukul saya lagi, saya takut" at "Boleh kami tahu
    nama Anda?" was stored as her name. Her words join the report; no scolding; on to the
    next question."""
    telegram_says(client, telegram, chat, STORY)
    more = "tadi malam dia mukul saya lagi, saya takut"
    replies = telegram_says(client, telegram, chat, more)
    assert "tinggal di mana" in replies[-1] and "bukan nama" not in " ".join(replies), replies
    (case,) = cases_of(client, "telegram", str(chat))
    fields = fields_of(client, case)
    assert fields.get("reporter_name", "") == "" and more in fields["additional_notes"]


def test_danger_told_later_in_the_report_alerts_the_ppa_on_call(
        client: TestClient, telegram: FakeTelegram, chat: int) -> None:
    """A report that began without danger ("tidak" to the danger question) and later says
    "dia datang lagi bawa pisau": marked in danger now, the on-call alerted, the reporter told
    what to do now."""
    telegram_says(client, telegram, chat, "saya sering dipukul suami kalau dia mabuk")
    (case,) = cases_of(client, "telegram", str(chat))
    with client.app.state.sessions() as session:
        assert session.scalar(select(Incident).where(Incident.case_id == case.id)) is None
    for text in ("tidak", "Mawar", "lewati", "lewati", "lewati", "lewati", "lewati", "lewati"):
        telegram_says(client, telegram, chat, text)
    replies = telegram_says(client, telegram, chat, "dia datang lagi bawa pisau")
    assert any("piket PPA" in reply for reply in replies), replies
    assert fields_of(client, case)["in_danger"] == "ya"
    with client.app.state.sessions() as session:
        incident = session.scalar(select(Incident).where(Incident.case_id == case.id))
        assert incident is not None and incident.unit == "ppa"
