"""A person's name at "Siapa nama ...?": names as Indonesians write them pass; a reply or a
sentence typed instead is refused, with an example."""

from __future__ import annotations

import pytest

from dialogs.validators import Invalid, validate_name

NAMES = ["Siti Nur'aini", "M. Rizky", "I Gede Made", "Abdul Rahman bin Ahmad", "Nyoman",
         "Wayan", "Siti binti Ahmad", "Muhammad Al-Fatih", "Ni Luh Putu Ayu", "Hj. Siti Aminah",
         "dr. Rina Wati, Sp.A", "Rina Wati, S.Kep., Ns.", "Dewi, SKM", "Anak Agung Putri",
         "La Ode Ahmad", "Ma’ruf", "Citra Lestari", "Budi Santoso", "Dewi Anggraini",
         "Rudi Hartono", "Siti Aminah", "Dina Lestari, S.Farm, Apt", "Yanti, S.Kep, Ns",
         "Ahmad Yani (Alm)", "Siti Aminah/Budi Santoso", "PT Maju & Jaya", "Liem Yang",
         "Yang Mei Ling", "Tanya Larasati", "Ada Wulandari"]


@pytest.mark.parametrize("name", NAMES)
def test_names_as_they_are_written_pass(name: str) -> None:
    assert validate_name(f"  {name} ").value == name


@pytest.mark.parametrize(("answer", "name"), [
    ("nama saya Rahmat Hidayat", "Rahmat Hidayat"), ("Nama: Putri Ayu", "Putri Ayu"),
    ("saya Budi", "Budi"), ("sy Budi", "Budi"), ("namaku Sari", "Sari"),
    ("nama saya adalah Sari", "Sari"), ("Budi Santoso!", "Budi Santoso"),
    ("namanya Putri Ayu", "Putri Ayu"), ("nama anak saya Putri Ayu", "Putri Ayu"),
    ("nama lengkapnya Siti Aminah", "Siti Aminah"), ("Namira Putri", "Namira Putri"),
    ("Siti 🌸", "Siti"), ("ibu Sari Lestari", "Sari Lestari"), ("Pak Budi", "Budi"),
    ("👩\u200d👧 Putri Ayu ❤️", "Putri Ayu")])
def test_the_name_is_kept_without_its_introduction_or_emoji(answer: str, name: str) -> None:
    assert validate_name(answer).value == name


@pytest.mark.parametrize(("answer", "code"), [
    ("bukan, kebakaran baru", "name.sentence"), ("ya", "name.sentence"),
    ("iya betul", "name.sentence"), ("tidak ada", "name.sentence"),
    ("nggak tau", "name.sentence"), ("Budi, mau lapor", "name.sentence"),
    ("ada kebakaran di pasar", "name.sentence"), ("tolong cepat", "name.sentence"),
    ("sudah saya kirim", "name.sentence"), ("Budi, rumah terbakar", "name.sentence"),
    ("belum punya", "name.sentence"),
    ("yang mana?", "name.sentence"), ("Budi?", "name.sentence"),
    ("ada yang tanya", "name.sentence"), ("yang", "name.sentence"), ("ada api", "name.sentence"),
    ("🔥🔥", "name.empty"), ("Desa Sidomulyo kec candipuro", "name.sentence"),
    ("Jl. Mawar RT 02", "name.digits"), ("sakit tua", "name.sentence"),
    ("kemarin sore", "name.sentence"),
    ("Putri 2", "name.digits"), ("0812 3456 7890", "name.digits"), ("saya", "name.empty"),
    ("-", "name.empty"), ("x" * 101, "name.sentence")])
def test_a_reply_or_a_sentence_is_refused_with_an_example(answer: str, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        validate_name(answer)
    assert refused.value.code == code and refused.value.example == "Siti Aminah"
    assert refused.value.reason and refused.value.text("en") != refused.value.reason
