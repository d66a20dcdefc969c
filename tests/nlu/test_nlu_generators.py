"""The generators of the committed lookup files."""

from __future__ import annotations

from pathlib import Path

from nlu import make_locations, make_services


def test_place_spellings() -> None:
    spellings = {"way galih", "waygalih", "wai galih", "waigalih"}
    assert make_locations.variants("Way Galih") == spellings
    table = make_locations.spellings(["Rajabasa", "Raja Basa"])
    assert table["rajabasa"] == "Rajabasa"
    assert table["raja basa"] == "Raja Basa"


def test_village_names_that_are_everyday_words_are_left_out(tmp_path: Path) -> None:
    csv = tmp_path / "wilayah.csv"
    csv.write_text(
        "kode,nama,tingkat,kecamatan\n18.01,Kabupaten Lampung Selatan,kabupaten,\n"
        "18.01.06,Kalianda,kecamatan,\n18.01.16.2001,Sumur,desa,Ketapang\n",
        encoding="utf-8",
    )
    assert make_locations.read_names(csv) == ["Kalianda"]


def test_service_synonyms_only_for_phrases_naming_one_service() -> None:
    owners = {"kia": {"kia-0-5", "kia-5-17"}, "sewa beko": {"sewa-alat-berat"},
              "lapor": {"pengaduan-masyarakat"}, "sedot wc": {"sedot-tinja"}}
    text = make_services.render(owners, taken={"sedot wc"})
    assert "- synonym: sewa-alat-berat\n  examples: |\n    - sewa beko\n" in text
    assert "kia" not in text and "lapor" not in text and "sedot wc" not in text


def test_service_features_are_the_synonyms_of_services_without_an_intent_of_their_own() -> None:
    table = {
        "sewa beko": "sewa-alat-berat", "kia": "kia-0-5", "sampah": "pengaduan-lingkungan-hidup",
    }
    text = make_services.render_features(table)
    assert "- lookup: kw_service\n  examples: |\n    - sewa beko\n" in text
    assert "- lookup: kw_complaint_topic\n  examples: |\n    - sampah\n" in text
    assert "kia" not in text


def test_committed_service_features_are_fresh() -> None:
    data = make_services.DATA_DIR
    table = make_services.synonym_table(data / "synonyms.yml", make_services.OUTPUT)
    written = make_services.FEATURES.read_text(encoding="utf-8")
    assert written == make_services.render_features(table), "run python -m nlu.make_services"
