import pytest

from backend.core.catalog.timestd import TimeStandardError, parse_time_standard


@pytest.mark.parametrize(("raw", "days", "minutes"), [
    ("10 menit", 0, 10),
    ("1 Jam", 0, 60),
    ("1 x 24 jam", 0, 1440),
    ("1 hari kerja", 1, 0),
    ("14 Hari Kerja", 14, 0),
    ("2 minggu", 10, 0),
    ("14 s d 30 Hari", 30, 0),
    ("14 s/d 30 hari", 30, 0),
    ("4 Hari 1 Jam 18 Menit", 4, 78),
    ("4 Hari 1 Jam 18 Menit (5 Hari)", 4, 78),
    ("Hari ke H 5 - 15 menit", 0, 15),
    ("2 menit /d disesuaikan", 0, 2),
    ("2 menit s/d disesuaikan", 0, 2),
    ("7 Hari Pemeriksaan", 7, 0),
])
def test_parses_every_seed_form(raw: str, days: int, minutes: int) -> None:
    standard = parse_time_standard(raw)
    assert (standard.working_days, standard.wall_minutes + standard.clock_minutes) == (
        days, minutes)
    assert standard.has_deadline


@pytest.mark.parametrize("raw", [
    "Menyesuaikan", "Tidak Dapat Ditentukan", "Tidak Ditetapkan", "Sesuai dengan SPK", "-", "",
    None, "menyesuaikan waktu layanan",
])
def test_open_forms_have_no_deadline(raw: str | None) -> None:
    assert not parse_time_standard(raw).has_deadline


@pytest.mark.parametrize("raw", ["segera", "cepat sekali", "abc"])
def test_gibberish_is_an_error(raw: str) -> None:
    with pytest.raises(TimeStandardError):
        parse_time_standard(raw)


def test_describes_in_indonesian() -> None:
    described = parse_time_standard("4 Hari 1 Jam 18 Menit").describe_id()
    assert described == "4 hari kerja 1 jam 18 menit"
    assert parse_time_standard("-").describe_id() == "tidak ditetapkan"


@pytest.mark.parametrize(("raw", "office", "clock", "bare"), [
    ("1 x 24 jam", 0, 1440, 0),
    ("2 x 24 jam 25 menit", 25, 2880, 0),
    ("24 jam", 1440, 0, 0),  # a sum of office hours (konsultasi-bansos), not "1 x 24 jam"
    ("10 menit", 10, 0, 0),
    ("3 Jam", 180, 0, 0),
    ("1 Hari", 0, 0, 1),
    ("14 Hari Kerja", 0, 0, 0),
])
def test_x_24_jam_is_clock_time_minutes_are_office_time(
        raw: str, office: int, clock: int, bare: int) -> None:
    standard = parse_time_standard(raw)
    assert (standard.wall_minutes, standard.clock_minutes, standard.bare_days) == (
        office, clock, bare)
