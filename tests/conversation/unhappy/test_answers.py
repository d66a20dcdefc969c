"""Answers as people give them, on Telegram and WhatsApp: several fields in one message,
corrections in words at a later prompt, and yes/no in everyday words."""

from __future__ import annotations

import pytest

from tests.conversation.unhappy.scripts import (
    CHILD_NIK,
    complaint_to_identity_question,
    kia_to_summary,
)
from tests.support.talk import Talk


def test_several_fields_at_the_first_kia_question_fill_them_all(talk: Talk) -> None:
    talk.say("mau bikin KIA")
    replies = talk.say(f"nama anak Putri Ayu, lahir 12 Maret 2023, NIK {CHILD_NIK}")
    answers = talk.state().answers
    assert answers["child_name"] == "Putri Ayu" and answers["child_nik"] == CHILD_NIK
    assert answers["child_birth_date"] == "2023-03-12" and talk.state().service == "kia-0-5"
    assert any("Kami catat" in r and "Putri Ayu" in r for r in replies), replies
    assert "nomor Kartu Keluarga" in replies[-1]  # name and NIK are not asked again


def test_several_fields_mid_intake_skip_their_prompts(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati")
    replies = talk.say(f"no KK {CHILD_NIK}, nama saya Sari Lestari, hp 0812-3456-7890")
    answers = talk.state().answers
    assert answers["kk_number"] == CHILD_NIK and answers["applicant_name"] == "Sari Lestari"
    assert answers["applicant_phone"] and answers["child_name"] == "Citra Lestari"
    assert "diterima dengan cara apa" in replies[-1], replies


def test_a_name_correction_at_a_later_prompt_returns_there(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    replies = talk.say("eh nama anaknya salah, Putri Ayu Lestari")
    assert any("Putri Ayu Lestari" in r and "ubah" in r for r in replies), replies
    assert "NIK anak" in replies[-1]  # back where the citizen was
    assert talk.state().answers["child_name"] == "Putri Ayu Lestari"


def test_a_date_correction_at_the_summary_keeps_the_year(talk: Talk) -> None:
    kia_to_summary(talk)
    replies = talk.say("eh tanggal lahirnya salah, 13 Maret")
    assert talk.state().answers["child_birth_date"] == "2023-03-13"
    assert "Mohon periksa data Anda" in replies[-1] and "13 Maret 2023" in replies[-1]


def test_a_correction_without_the_new_value_asks_for_it(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    replies = talk.say("nama anaknya salah")
    assert any("Nama anak" in r and "yang benar" in r for r in replies), replies
    assert talk.state().answers["child_name"] == "Putri Ayu"  # unchanged until told


@pytest.mark.parametrize(("word", "asks_again"), [("nanti aja", False), ("ya dong", True),
                                                  ("gak", False), ("iya", True)])
def test_everyday_yes_and_no_at_a_yes_no_prompt(talk: Talk, word: str, asks_again: bool) -> None:
    complaint_to_identity_question(talk)
    talk.say(word)
    expected = "ya" if asks_again else "tidak"
    assert talk.state().answers["keep_identity_secret"] == expected


def test_an_unclear_yes_no_answer_offers_the_buttons_and_the_way_out(talk: Talk) -> None:
    complaint_to_identity_question(talk)
    replies = talk.say("hmm entahlah")
    assert any("*Ya* atau *Tidak*" in r and "*menu*" in r and "*batal*" in r for r in replies)
    assert "keep_identity_secret" not in talk.state().answers
    assert [b.payload for b in talk.state().offered] == ["yes", "no"]


def test_an_answer_written_after_its_label_keeps_only_the_value(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023")
    talk.say("nama anak Putri Ayu")
    assert talk.state().answers["child_name"] == "Putri Ayu"
    replies = talk.say("lewati", f"No KK: {CHILD_NIK}")
    assert talk.state().answers["kk_number"] == CHILD_NIK
    assert "nama Anda" in replies[-1], replies


def test_a_corrected_birth_date_outside_the_age_band_is_not_stored(talk: Talk) -> None:
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu")
    replies = talk.say("eh tanggal lahirnya salah, 12 Maret 2015")
    assert talk.state().answers["child_birth_date"] == "2023-03-12"
    assert any("Belum kami ubah" in r and "0-5" in r for r in replies), replies
    assert "NIK anak" in replies[-1]
