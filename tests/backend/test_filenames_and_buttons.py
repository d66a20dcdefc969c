"""Upload names cleaned and given the sniffed type's extension; button codes in words."""

from __future__ import annotations

from backend.core.button_labels import Prompts, readable
from backend.core.filenames import clean_name, download_name, shown_name


def test_names_lose_folders_and_control_characters() -> None:
    assert clean_name("C:\\Users\\sari\\KTP ibu.jpg") == "KTP ibu.jpg"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name('akta"\r\n.pdf') == "akta_.pdf"
    assert clean_name(" .. ") is None and clean_name(None) is None


def test_downloads_take_the_extension_of_the_content() -> None:
    assert download_name("foto.jpg", "image/png", "HL-1-akta") == "foto.png"
    assert download_name("surat.v2.final", "application/pdf", "x") == "surat.v2.pdf"
    assert download_name(None, "image/webp", "HL-1-lampiran-3-1") == "HL-1-lampiran-3-1.webp"


def test_unnamed_files_are_shown_by_kind_and_number() -> None:
    assert shown_name(None, "image/jpeg", 2) == "Foto 2 (.jpg)"
    assert shown_name("", "application/pdf", 1) == "PDF 1 (.pdf)"
    assert shown_name("kk.pdf", "application/pdf", 1) == "kk.pdf"


def test_codes_read_in_indonesian_when_no_prompt_offered_them() -> None:
    assert readable("choice:2") == "Pilihan ke-3"
    assert readable("confirm:cancel") == "Batal"
    assert readable("svc:kia-0-5") == "Layanan kia-0-5"
    assert readable("xyz") == "Tombol xyz"


def test_the_latest_prompt_offering_a_code_names_it() -> None:
    prompts = Prompts()
    prompts.saw({"buttons": [{"label": "✅ Ya", "payload": "yes"}]})
    prompts.saw({"buttons": [{"label": "Ya, lanjutkan", "payload": "yes"},
                             {"label": "Tidak", "payload": "no"}]})
    prompts.saw({"text": "tanpa tombol"})
    assert prompts.label("yes") == "Ya, lanjutkan"
    assert prompts.label("choice:0") == "Pilihan ke-1"
