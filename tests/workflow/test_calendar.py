"""Due times: office days in Asia/Jakarta, holidays and cuti bersama, wall clock for piket."""

from __future__ import annotations

from datetime import date

import pytest

from backend.core.catalog.timestd import parse_time_standard
from backend.core.config import WorkflowSettings
from backend.core.workflow.calendar import WorkingCalendar
from tests.support.app import at


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar(WorkflowSettings())


def due(calendar: WorkingCalendar, start: str, standard: str, piket: bool = False) -> str:
    moment = calendar.due(at(start), parse_time_standard(standard), around_the_clock=piket)
    assert moment is not None
    return moment.astimezone(calendar.zone).strftime("%Y-%m-%d %H:%M")


def test_weekend_is_skipped(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-27 10:00", "1 hari kerja") == "2026-11-30 10:00"  # Fri → Mon


def test_independence_day_is_skipped(calendar: WorkingCalendar) -> None:
    assert not calendar.is_working_day(date(2026, 8, 17))
    assert due(calendar, "2026-08-14 10:00", "1 Hari") == "2026-08-18 10:00"  # Fri → Tue


def test_eid_leave_is_skipped(calendar: WorkingCalendar) -> None:
    # 18–24 March 2026: Nyepi, Idul Fitri and cuti bersama, then a weekend.
    assert due(calendar, "2026-03-17 10:00", "1 hari kerja") == "2026-03-25 10:00"
    assert calendar.holiday_name(date(2026, 3, 23)) is not None


def test_two_weeks_are_ten_office_days(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-02 09:00", "2 minggu") == "2026-11-16 09:00"


def test_one_times_24_hours_is_wall_clock(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-27 10:00", "1 x 24 jam") == "2026-11-28 10:00"


def test_minutes_count_office_hours(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-26 10:00", "30 menit") == "2026-11-26 10:30"
    # Friday 15:50: ten minutes before closing, twenty on Monday morning.
    assert due(calendar, "2026-11-27 15:50", "30 menit") == "2026-11-30 08:20"
    # A Disdukcapil operator step started at 22:31 is due the next working morning.
    assert due(calendar, "2026-12-02 22:31", "10 menit") == "2026-12-03 08:10"
    assert due(calendar, "2026-12-02 14:00", "3 Jam") == "2026-12-03 09:00"


def test_x_24_jam_stays_wall_clock_at_night(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-12-02 22:31", "1 x 24 jam") == "2026-12-03 22:31"


def test_bare_days_of_an_urgent_service_are_24_hours(calendar: WorkingCalendar) -> None:
    standard = parse_time_standard("1 Hari")
    moment = calendar.due(at("2026-11-27 19:00"), standard, False, bare_days_wall=True)
    assert moment is not None
    assert moment.astimezone(calendar.zone).strftime("%Y-%m-%d %H:%M") == "2026-11-28 19:00"
    # "1 hari kerja" stays an office day even then.
    kerja = calendar.due(at("2026-11-27 19:00"), parse_time_standard("1 hari kerja"), False,
                         bare_days_wall=True)
    assert kerja is not None and kerja.astimezone(calendar.zone).day == 1


def test_after_hours_start_counts_from_next_opening(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-27 19:00", "1 hari kerja") == "2026-12-01 08:00"


def test_piket_service_at_three_in_the_morning(calendar: WorkingCalendar) -> None:
    assert due(calendar, "2026-11-29 03:00", "2 menit", piket=True) == "2026-11-29 03:02"
    # A Sunday night, a day standard: 24 hours later, not the next office day.
    assert due(calendar, "2026-11-29 03:00", "1 Hari", piket=True) == "2026-11-30 03:00"


def test_regency_overrides(calendar: WorkingCalendar) -> None:
    custom = WorkingCalendar(WorkflowSettings(extra_holidays=["2026-11-30"],
                                              extra_working_days=["2026-11-28"]))
    assert due(custom, "2026-11-27 10:00", "1 hari kerja") == "2026-11-28 10:00"
    assert due(custom, "2026-11-28 10:00", "1 hari kerja") == "2026-12-01 10:00"


def test_open_standard_has_no_due_time(calendar: WorkingCalendar) -> None:
    assert calendar.due(at("2026-11-27 10:00"), parse_time_standard("Menyesuaikan"), False) is None


def test_warm_up_loads_this_year_and_the_next_before_any_case_asks(
        calendar: WorkingCalendar) -> None:
    assert "_holidays" not in vars(calendar)
    calendar.warm_up(date(2026, 12, 4))
    assert {2026, 2027} <= vars(calendar)["_holidays"].years
    assert calendar.holiday_name(date(2027, 8, 17)) is not None  # Hari Kemerdekaan
