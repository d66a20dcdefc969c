"""Issue 18, no leak through another case: a citizen opens a KIA case, then reports violence in
the same chat (Telegram and WhatsApp, over the fakes). The Disdukcapil case page, the officer
API and the exports carry none of the PPA words; the KIA case shows its own messages; a PPA
role reads the PPA case's transcript and the read is logged; a non-PPA officer's attempts at
PPA files are refused and logged. A message the violence screen flags inside the KIA intake is
"[pesan dirahasiakan]" on the KIA case, its photo refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.console.dashboards import BUILDERS
from backend.core.demo import DEMO_PASSWORD
from backend.core.models import Case, InboundRecord
from backend.core.models.handoff import PpaAccessLog
from tests.bot.samples import tiny_pdf, tiny_png
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import bot_texts, kia_over_telegram, tg, wa
from tests.support.officers import bearer, log_in
from tests.support.screen import FLAGGED, MASK, Screen

VIOLENCE = "saya dipukuli suami saya setiap malam, saya takut pulang"
STORY = "Kejadiannya di rumah kami di Desa Way Urang, dia mabuk"
PPA_WORDS = ("dipukuli", "takut pulang", "Way Urang", "mabuk")
PPA_FIELDS = {"reporter_name": "Mawar", "origin": "Desa Way Urang, Kecamatan Kalianda",
              "marital_status": "Kawin", "reporter_phone": "081234567890",
              "chronology": STORY, "urgency": "Biasa"}


@dataclass
class Chat:
    """One citizen's chat on one channel, driven through the webhook fakes."""

    channel: str
    external_id: str
    say: Callable[[str], None]
    photo: Callable[[bytes, str | None], None]
    kia: Callable[[], str]  # a KIA intake to the end: the case number
    opening: str  # the KIA intake's first message


@pytest.fixture(params=["telegram", "whatsapp"])
def chat(request: pytest.FixtureRequest, client: TestClient, telegram: FakeTelegram,
         twilio: FakeTwilio, sender: int) -> Chat:
    if request.param == "telegram":
        def tg_photo(data: bytes, caption: str | None) -> None:
            file_id = telegram.add_file(data, "image/png")
            assert tg(client, telegram.photo_update(sender, file_id, 120, caption=caption)) == 200

        return Chat("telegram", str(sender),
                    lambda text: _ok(tg(client, telegram.text_update(sender, text))),
                    tg_photo, lambda: kia_over_telegram(client, telegram, sender),
                    "mau bikin KIA")
    phone = f"whatsapp:+62812{sender:08d}"

    def wa_photo(data: bytes, caption: str | None) -> None:
        url = twilio.add_media(data, "image/png")
        form = twilio.incoming_form(caption or "", from_=phone, media=[(url, "image/png")])
        assert wa(client, twilio, form) == 200

    return Chat("whatsapp", phone,
                lambda text: _ok(wa(client, twilio, twilio.incoming_form(text, from_=phone))),
                wa_photo, lambda: _kia_over_whatsapp(client, twilio, phone),
                "mau buat kia anak saya")


def _ok(status: int) -> None:
    assert status == 200


def _kia_over_whatsapp(client: TestClient, twilio: FakeTwilio, phone: str) -> str:
    for text in ("mau buat kia anak saya", "12 Maret 2023", "Bagas Saputra", "lewati",
                 "1801041203230007", "Siti Aminah", "0812 3456 7890", "3"):
        assert wa(client, twilio, twilio.incoming_form(text, from_=phone)) == 200
    for index in range(4):
        url = twilio.add_media(tiny_png(60 + index), "image/png")
        assert wa(client, twilio, twilio.incoming_form(from_=phone,
                                                       media=[(url, "image/png")])) == 200
    for text in ("selesai", "lewati", "1"):  # both parents' KTPs in, no guardianship paper
        assert wa(client, twilio, twilio.incoming_form(text, from_=phone)) == 200
    return _newest_case(client, "kia-0-5")


def _newest_case(client: TestClient, service: str) -> str:
    with client.app.state.sessions() as session:
        case = session.scalars(select(Case).where(Case.service_code == service)
                               .order_by(Case.id.desc())).first()
        assert case is not None
        return case.number


def _chat_section(page: str) -> str:
    start = page.index('id="h-chat"')
    return page[start:page.index("</section>", start)]


def _no_ppa_words(text: str) -> None:
    for word in PPA_WORDS:
        assert word not in text, word


def _access_log(client: TestClient) -> list[PpaAccessLog]:
    with client.app.state.sessions() as session:
        return list(session.scalars(select(PpaAccessLog).order_by(PpaAccessLog.id)))


def _citizen_file(client: TestClient, chat: Chat) -> int:
    """The id of the chat's latest message with a file."""
    with client.app.state.sessions() as session:
        rows = session.scalars(select(InboundRecord).where(
            InboundRecord.channel == chat.channel, InboundRecord.sender == chat.external_id)
            .order_by(InboundRecord.id.desc()))
        return next(r.id for r in rows if (r.payload or {}).get("media"))


def _report_to_ppa(client: TestClient, chat: Chat) -> tuple[int, str]:
    """The violence report reaches a PPA agent, who opens the PPA case: (ticket, number)."""
    ppa_agent = bearer(client, "dp3a.call-center")
    chat.say(VIOLENCE)
    assert client.post("/api/handoff/presence", json={"on_shift": True},
                       headers=ppa_agent).status_code == 200
    queue = client.get("/api/handoff/queue", headers=ppa_agent).json()
    ticket = next(t for t in queue if t["ppa"] and t["channel"] == chat.channel)["id"]
    assert client.post(f"/api/handoff/tickets/{ticket}/take", headers=ppa_agent
                       ).status_code == 200
    chat.say(STORY)
    chat.photo(tiny_png(77), None)
    opened = client.post(f"/api/handoff/tickets/{ticket}/case", headers=ppa_agent,
                         json={"service_code": "ppa-pengaduan", "fields": PPA_FIELDS})
    assert opened.status_code == 200, opened.text
    return ticket, opened.json()["number"]


def test_a_violence_report_after_a_kia_case_never_reaches_the_kia_case(
        client: TestClient, chat: Chat, clock: Clock) -> None:
    kia = chat.kia()
    clock.advance(minutes=2)
    chat.say(VIOLENCE)  # while the bot asks "another child?": the report opens at once
    chat.say("tidak")  # taken as the report's next answer
    ticket, ppa_case = _report_to_ppa(client, chat)

    # Disdukcapil's operator: the KIA case page shows the KIA messages, no PPA word.
    log_in(client, "disdukcapil.operator", DEMO_PASSWORD)
    page = client.get(f"/console/kasus/{kia}")
    assert page.status_code == 200
    transcript = _chat_section(page.text)
    assert chat.opening in transcript, transcript
    assert "HL-2026-" in transcript  # the bot's "case opened" message
    _no_ppa_words(page.text)
    assert MASK not in transcript  # the report is not this case's (not merely masked)

    # The officer API and the exports: nothing either.
    operator = bearer(client, "disdukcapil.operator")
    for path in (f"/api/cases/{kia}", f"/api/handoff/cases/{kia}/transcript",
                 "/api/cases?q=dipukuli", "/api/worklist"):
        answer = client.get(path, headers=operator)
        assert answer.status_code == 200, path
        _no_ppa_words(answer.text)
    api_lines = client.get(f"/api/handoff/cases/{kia}/transcript", headers=operator).json()
    assert chat.opening in [line["text"] for line in api_lines]
    for key in BUILDERS:
        export = client.get(f"/console/dasbor/{key}.csv")
        assert export.status_code == 200, key
        _no_ppa_words(export.text)
    for query in ("dipukuli", "Mawar"):  # the search box echoes the query
        found = client.get("/console/kerja", params={"q": query}).text.replace(query, "")
        _no_ppa_words(found)
        assert ppa_case not in found

    # The photo sent to the PPA agent: not through the KIA case, and the attempt is logged.
    photo = _citizen_file(client, chat)
    assert client.get(f"/console/kasus/{kia}/lampiran/{photo}/0").status_code == 404
    denied = [r for r in _access_log(client) if r.resource == "media_denied"]
    assert denied and denied[-1].detail["inbound_id"] == photo
    assert denied[-1].detail["case_number"] == kia

    # A PPA role reads the PPA case's transcript: the words are there and the read is logged.
    head = bearer(client, "dp3a.manajer-kasus")
    lines = client.get(f"/api/handoff/cases/{ppa_case}/transcript", headers=head).json()
    texts = [line["text"] for line in lines]
    assert VIOLENCE in texts and STORY in texts
    assert texts.count(VIOLENCE) == 2  # both said within the report, none on the KIA case
    agent = bearer(client, "dp3a.call-center")
    media = client.get(f"/api/handoff/tickets/{ticket}/media/{photo}/0", headers=agent)
    assert media.status_code == 200 and media.content == tiny_png(77)
    with client.app.state.sessions() as session:
        case_id = session.scalar(select(Case.id).where(Case.number == ppa_case))
    reads = {(r.resource, r.case_id, r.ticket_id) for r in _access_log(client)}
    assert ("transcript", case_id, None) in reads
    assert ("media", None, ticket) in reads


def test_a_flagged_message_inside_the_kia_intake_is_masked_and_its_photo_refused(
        client: TestClient, telegram: FakeTelegram, sender: int) -> None:
    client.app.state.workers.processor.engine = Screen()
    for text in ("mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
                 "Sari Lestari", "081234567890"):
        assert tg(client, telegram.text_update(sender, text)) == 200
    assert tg(client, telegram.callback_update(sender, "choice:2")) == 200
    pictures = [tiny_png(90 + index) for index in range(3)]
    captions = [f"ini foto {FLAGGED}", None, None]
    for data, caption in zip(pictures, captions, strict=True):
        file_id = telegram.add_file(data, "image/png")
        assert tg(client, telegram.photo_update(sender, file_id, 120, caption=caption)) == 200
    file_id = telegram.add_file(tiny_pdf(), "application/pdf")
    assert tg(client, telegram.document_update(sender, file_id, size=400)) == 200
    assert tg(client, telegram.callback_update(sender, "documents:done")) == 200
    assert tg(client, telegram.text_update(sender, "lewati")) == 200
    assert tg(client, telegram.callback_update(sender, "confirm:yes")) == 200
    assert any("HL-2026-" in text for text in bot_texts(telegram))
    kia = _newest_case(client, "kia-0-5")
    flagged = _citizen_file_with(client, str(sender), FLAGGED)

    log_in(client, "disdukcapil.operator", DEMO_PASSWORD)
    page = client.get(f"/console/kasus/{kia}").text
    _no_ppa_words(page)
    assert MASK in _chat_section(page) and "Citra Lestari" in _chat_section(page)
    assert "[dokumen dirahasiakan]" in page
    assert client.get(f"/console/kasus/{kia}/lampiran/{flagged}/0").status_code == 403
    with client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == kia))
        hidden = [d.id for d in case.documents if d.ppa]
        shown = [d.id for d in case.documents if not d.ppa]
    assert len(hidden) == 1 and len(shown) == 3
    assert client.get(f"/console/kasus/{kia}/dokumen/{hidden[0]}").status_code == 403
    assert client.get(f"/console/kasus/{kia}/dokumen/{shown[0]}").status_code == 200
    refused = {r.resource: r.detail for r in _access_log(client)
               if r.resource in ("media_denied", "document_denied")
               and (r.detail or {}).get("case_number") == kia}
    assert refused["media_denied"]["inbound_id"] == flagged
    assert refused["document_denied"]["document_id"] == hidden[0]
    operator = bearer(client, "disdukcapil.operator")
    lines = client.get(f"/api/handoff/cases/{kia}/transcript", headers=operator).json()
    hidden_lines = [line for line in lines if line["hidden"]]  # the photo and its replies
    assert {line["author"] for line in hidden_lines} == {"citizen", "bot"}
    assert all(line["text"] == MASK and not line["media"] for line in hidden_lines)
    _no_ppa_words(str(lines))


def _citizen_file_with(client: TestClient, sender: str, words: str) -> int:
    with client.app.state.sessions() as session:
        rows = session.scalars(select(InboundRecord).where(InboundRecord.sender == sender))
        return next(r.id for r in rows if words in ((r.payload or {}).get("text") or ""))
