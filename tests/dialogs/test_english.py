"""English free text: recognised by its words, never by a thank-you or an English word in an
Indonesian sentence."""

from __future__ import annotations

import pytest

from dialogs.english import is_english, is_indonesian


@pytest.mark.parametrize("text", [
    "Hello, how can I get an ID card for my child?", "I want to report a fire",
    "how long does it take?", "where is my application?", "please help me",
    "Can I apply for a birth certificate here?"])
def test_english_sentences_are_recognised(text: str) -> None:
    assert is_english(text)


@pytest.mark.parametrize("text", [
    "thank you very much", "good morning sir", "ok thank you sir", "hello", "ok thanks min",
    "mau bikin KIA for my child", "Nama saya Budi", "Budi Santoso", "makasih ya kak",
    "kebakaran di pasar", "how", "cek status"])
def test_indonesian_and_pleasantries_are_not(text: str) -> None:
    assert not is_english(text)


@pytest.mark.parametrize(("text", "indonesian"), [
    ("mau bikin kia anak saya", True), ("cara urus surat pindah gimana", True),
    ("ok thanks min", False), ("I want to apply for my child", False), ("menu", False)])
def test_indonesian_again_is_recognised(text: str, indonesian: bool) -> None:
    assert is_indonesian(text) is indonesian
