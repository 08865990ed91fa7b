"""Working-day arithmetic on China's official calendar (no Django import).

A :class:`WorkCalendar` knows, per confirmed year, the public holidays and the make-up
working weekends (调休) announced by the State Council. For a year that is not
confirmed it falls back to "Monday to Friday" and flags every result that touched such
a year as *provisional*: a legal deadline is never silently guessed.

Counting convention (rules-foi.md §1 and §10): the start day is not counted, so
``add_working_days(d, n)`` is the n-th working day *after* ``d`` and
``working_days_between(a, b)`` counts the working days in ``(a, b]``; the two are
inverse: ``working_days_between(a, add_working_days(a, n)) == n``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


class DayKind(enum.StrEnum):
    WORKING = "working"
    HOLIDAY = "holiday"
    WEEKEND = "weekend"


@dataclass(frozen=True)
class DayAnswer:
    kind: DayKind
    provisional: bool
    name: str = ""

    @property
    def is_working(self) -> bool:
        return self.kind is DayKind.WORKING


@dataclass(frozen=True)
class DateResult:
    value: date
    provisional: bool


@dataclass(frozen=True)
class CountResult:
    value: int
    provisional: bool


@dataclass(frozen=True)
class WorkCalendar:
    """An immutable calendar: holidays and make-up working days of the confirmed years."""

    holidays: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[date, str] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        holidays: Mapping[date, str] | Iterable[date],
        makeup_workdays: Mapping[date, str] | Iterable[date],
        confirmed_years: Iterable[int],
    ) -> WorkCalendar:
        def as_map(days: Mapping[date, str] | Iterable[date]) -> dict[date, str]:
            return dict(days) if isinstance(days, Mapping) else dict.fromkeys(days, "")

        hol, work = as_map(holidays), as_map(makeup_workdays)
        overlap = hol.keys() & work.keys()
        if overlap:
            raise ValueError(f"days both holiday and working day: {sorted(overlap)}")
        return cls(hol, work, frozenset(confirmed_years))

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def day(self, d: date) -> DayAnswer:
        provisional = not self.is_confirmed(d.year)
        if d in self.makeup_workdays:
            return DayAnswer(DayKind.WORKING, provisional, self.makeup_workdays[d])
        if d in self.holidays:
            return DayAnswer(DayKind.HOLIDAY, provisional, self.holidays[d])
        if d.weekday() >= 5:
            return DayAnswer(DayKind.WEEKEND, provisional)
        return DayAnswer(DayKind.WORKING, provisional)

    def _is_working(self, d: date) -> bool:
        if d in self.makeup_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def is_working_day(self, d: date) -> DayAnswer:
        return self.day(d)

    def add_working_days(self, start: date, n: int) -> DateResult:
        """The n-th working day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("the number of working days must not be negative")
        current, remaining = start, n
        while remaining:
            current += timedelta(days=1)
            if self._is_working(current):
                remaining -= 1
        return DateResult(current, self._touches_unconfirmed(start, current))

    def working_days_between(self, start: date, end: date) -> CountResult:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
        if end < start:
            count = self.working_days_between(end, start)
            return CountResult(-count.value, count.provisional)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self._is_working(current):
                count += 1
        return CountResult(count, self._touches_unconfirmed(start, end))

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first one after it."""
        while not self._is_working(d):
            d += timedelta(days=1)
        return d

    def _touches_unconfirmed(self, a: date, b: date) -> bool:
        lo, hi = min(a, b), max(a, b)
        return any(not self.is_confirmed(y) for y in range(lo.year, hi.year + 1))
