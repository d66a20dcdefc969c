"""Reading threads: only the given threads of the chat, in sequence even within one second,
PPA messages masked for non-PPA readers."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy.orm import Session

from backend.core.models import InboundRecord, InboundStatus, OutboxMessage
from backend.core.thread_log import MASK, read_threads
from tests.support.app import at

NOW = at("2026-11-24 09:00")
IDS = itertools.count(1)


def _citizen(session: Session, chat: str, text: str, thread: str, *, ppa: bool = False,
             seconds: float = 0) -> int:
    row = InboundRecord(channel="telegram", platform_id=f"log-{next(IDS)}", sender=chat,
                        payload={"text": text}, status=InboundStatus.PROCESSED, thread=thread,
                        ppa=ppa, received_at=NOW + timedelta(seconds=seconds))
    session.add(row)
    session.flush()
    return row.id


def _bot(session: Session, chat: str, text: str, thread: str, *, answers: int | None = None,
         ppa: bool = False, seconds: float = 0, index: int = 0) -> None:
    key = f"in:{answers}:{index}" if answers is not None else f"log-{next(IDS)}"
    session.add(OutboxMessage(dedupe_key=key, channel="telegram", recipient=chat, kind="reply",
                              body=text, thread=thread, ppa=ppa,
                              created_at=NOW + timedelta(seconds=seconds)))
    session.flush()


def _texts(session: Session, chat: str, thread: str) -> list[str]:
    log = read_threads(session, channel="telegram", external_id=chat, threads=[thread],
                       sees_ppa=False)
    return [m.text for m in log.messages]


def test_one_threads_messages_in_sequence_within_the_same_second(session: Session) -> None:
    chat = f"log-chat-{next(IDS)}"
    first = _citizen(session, chat, "mau bikin KIA", "t-kia")
    second = _citizen(session, chat, "12-03-2023", "t-kia")  # sent before the first answer
    _bot(session, chat, "Tanggal lahir anak?", "t-kia", answers=first)
    _bot(session, chat, "Nama anak?", "t-kia", answers=second)
    _citizen(session, chat, "saya dipukuli", "t-ppa", ppa=True)
    _bot(session, chat, "Kami bantu.", "t-ppa", ppa=True, seconds=1)
    log = read_threads(session, channel="telegram", external_id=chat, threads=["t-kia"],
                       sees_ppa=False)
    assert [m.text for m in log.messages] == ["mau bikin KIA", "Tanggal lahir anak?",
                                              "12-03-2023", "Nama anak?"]
    assert not log.revealed and log.legacy == 0
    session.rollback()


def test_an_answer_stamped_before_its_question_still_follows_it(session: Session) -> None:
    """The web process (receipt) and the work process (answers) on two machines whose clocks
    are a little apart: the turn decides the order, not the timestamp."""
    chat = f"log-chat-{next(IDS)}"
    asked = _citizen(session, chat, "mau bikin KIA", "t-kia", seconds=0.8)
    _bot(session, chat, "Tanggal lahir anak?", "t-kia", answers=asked, seconds=0.3)
    _bot(session, chat, "(atau ketik NIK anak)", "t-kia", answers=asked, seconds=0.3, index=1)
    again = _citizen(session, chat, "12-03-2023", "t-kia", seconds=1.9)
    _bot(session, chat, "Nama anak?", "t-kia", answers=again, seconds=1.2)
    assert _texts(session, chat, "t-kia") == ["mau bikin KIA", "Tanggal lahir anak?",
                                              "(atau ketik NIK anak)", "12-03-2023",
                                              "Nama anak?"]
    session.rollback()


def test_a_notice_between_two_turns_of_one_second_stays_between_them(session: Session) -> None:
    chat = f"log-chat-{next(IDS)}"
    first = _citizen(session, chat, "cek status", "t-1")
    _bot(session, chat, "Kasus Anda diproses.", "t-1", answers=first)
    _bot(session, chat, "Langkah 2 selesai.", "t-1")  # a notice answering no message
    last = _citizen(session, chat, "terima kasih", "t-1")
    _bot(session, chat, "Sama-sama.", "t-1", answers=last)
    _citizen(session, chat, "👍", "t-1")  # nothing answered it
    assert _texts(session, chat, "t-1") == ["cek status", "Kasus Anda diproses.",
                                            "Langkah 2 selesai.", "terima kasih", "Sama-sama.",
                                            "👍"]
    session.rollback()


def test_ppa_messages_are_masked_for_others_and_revealed_to_ppa_roles(session: Session) -> None:
    chat = f"log-chat-{next(IDS)}"
    asked = _citizen(session, chat, "halo", "t-1")
    _bot(session, chat, "Menu utama", "t-1", answers=asked)
    _citizen(session, chat, "saya dipukuli", "t-1", ppa=True, seconds=2)
    _bot(session, chat, "Kami bantu.", "t-1", ppa=True, seconds=2)
    other = read_threads(session, channel="telegram", external_id=chat, threads=["t-1"],
                         sees_ppa=False)
    assert [m.text for m in other.messages] == ["halo", "Menu utama", MASK, MASK]
    assert [m.masked for m in other.messages] == [False, False, True, True]
    assert not other.revealed and all(not m.payload for m in other.messages if m.masked)
    ppa = read_threads(session, channel="telegram", external_id=chat, threads=["t-1"],
                       sees_ppa=True)
    assert [m.text for m in ppa.messages][2:] == ["saya dipukuli", "Kami bantu."]
    assert ppa.revealed
    session.rollback()


def test_untagged_messages_are_never_read_and_counted_for_old_cases(session: Session) -> None:
    chat = f"log-chat-{next(IDS)}"
    session.add(InboundRecord(channel="telegram", platform_id=f"log-{next(IDS)}", sender=chat,
                              payload={"text": "lama"}, status=InboundStatus.PROCESSED,
                              received_at=NOW))
    session.flush()
    log = read_threads(session, channel="telegram", external_id=chat, threads=["lama-1", None],
                       sees_ppa=True, legacy=True)
    assert log.messages == [] and log.legacy == 1
    session.rollback()
