"""Working time in Asia/Jakarta: office days and hours, Indonesian holidays and cuti bersama."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

from backend.core.catalog.timestd import TimeStandard
from backend.core.config import WorkflowSettings


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


class WorkingCalendar:
    """Office days and hours; adds time standards to a start time to get a due time.

    Working days ("hari", "hari kerja", weeks) count whole office days: a step started at
    10:00 with "1 hari kerja" is due at 10:00 on the next office day; one started outside office
    hours starts counting at the next opening. Minutes and hours count office hours too (10
    minutes from 22:31 end at 08:10 on the next office day); "x 24 jam" is wall-clock time.
    """

    def __init__(self, settings: WorkflowSettings) -> None:
        self.zone = ZoneInfo(settings.timezone)
        self.opening = _clock(settings.office_hours.start)
        self.closing = _clock(settings.office_hours.end)
        self.weekdays = frozenset(settings.office_hours.weekdays)
        self.extra_holidays = {date.fromisoformat(d) for d in settings.extra_holidays}
        self.extra_working_days = {date.fromisoformat(d) for d in settings.extra_working_days}

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("ID", categories=("public", "government"))

    def warm_up(self, today: date) -> None:
        """Load the holiday tables now (the library imports every country's module, a second
        or more): the first case opened would otherwise stall its process's loop on them."""
        for year in (today.year, today.year + 1):
            _ = date(year, 1, 1) in self._holidays  # each year is filled in when first asked

    def is_working_day(self, day: date) -> bool:
        """True for an office day: a weekday that is no holiday or cuti bersama."""
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays or day.weekday() not in self.weekdays:
            return False
        return day not in self._holidays

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name on ``day``, if any."""
        if day in self.extra_holidays:
            return "Libur daerah"
        return self._holidays.get(day)

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` if the office is open then, else when it next opens (Asia/Jakarta)."""
        return self._next_opening(moment.astimezone(self.zone))

    def is_open(self, moment: datetime) -> bool:
        """True inside office hours on an office day."""
        return self.next_opening(moment) == moment.astimezone(self.zone)

    def add_office_minutes(self, start: datetime, minutes: int) -> datetime:
        """``minutes`` of office hours after ``start``, carried over closing time and days off."""
        local = self._next_opening(start.astimezone(self.zone))
        left = timedelta(minutes=minutes)
        while True:
            closing = datetime.combine(local.date(), self.closing, self.zone)
            if local + left <= closing:
                return local + left
            left -= closing - local
            local = self._next_opening(closing)

    def _next_opening(self, local: datetime) -> datetime:
        """``local`` if inside office hours, else the next office opening."""
        day = local.date()
        if self.is_working_day(day) and self.opening <= local.time() < self.closing:
            return local
        if self.is_working_day(day) and local.time() < self.opening:
            return datetime.combine(day, self.opening, self.zone)
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return datetime.combine(day, self.opening, self.zone)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same office time ``days`` office days after ``start`` (counted from office hours)."""
        local = self._next_opening(start.astimezone(self.zone))
        day = local.date()
        for _ in range(days):
            day += timedelta(days=1)
            while not self.is_working_day(day):
                day += timedelta(days=1)
        return datetime.combine(day, local.timetz().replace(tzinfo=None), self.zone)

    def due(
        self,
        start: datetime,
        standard: TimeStandard,
        around_the_clock: bool,
        *,
        bare_days_wall: bool = False,
    ) -> datetime | None:
        """When a step started at ``start`` with ``standard`` is due (None: no deadline).

        ``around_the_clock`` (24-hour piket services) counts every day as 24 wall-clock hours.
        Otherwise days are office days and minutes office minutes; "x 24 jam" stays wall-clock,
        and ``bare_days_wall`` (urgent services) makes a "Hari" without "kerja" 24 hours.
        """
        if not standard.has_deadline:
            return None
        if around_the_clock:
            return (start + timedelta(minutes=standard.as_wall_minutes())).astimezone(UTC)
        wall_days = standard.bare_days if bare_days_wall else 0
        moment = start + timedelta(days=wall_days, minutes=standard.clock_minutes)
        if standard.working_days - wall_days:
            moment = self.add_working_days(moment, standard.working_days - wall_days)
        if standard.wall_minutes:
            moment = self.add_office_minutes(moment, standard.wall_minutes)
        return moment.astimezone(UTC)
