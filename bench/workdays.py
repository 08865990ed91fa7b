"""Working-day engine throughput, as ratios against baselines measured in the same run.

(a) `WorkCalendar.add_working_days(d, 20)` against `chinese_calendar.find_workday(20, d)`,
    the library's own answer (same question, same data);
(b) a legal-clock replay of a typical FOI log (start, pause, resume, extend) against
    plain `add_working_days`, i.e. what the event log costs on top of the arithmetic.

Prints calls per second and the ratios; no assertion (machines here are noisy).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import chinese_calendar

from lantian.core.clock import ClockEvent, EventKind, LegalClock
from lantian.core.workdays import WorkCalendar

N = 20_000


def rate(fn: Callable[[date], object], days: list[date], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for d in days:
            fn(d)
        best = min(best, time.perf_counter() - start)
    return len(days) / best


def main() -> None:
    from chinese_calendar import constants

    cal = WorkCalendar.build(
        holidays=constants.holidays,
        makeup_workdays=constants.workdays,
        confirmed_years=range(2004, 2027),
    )
    rng = random.Random(2026)
    days = [date(2010, 1, 1) + timedelta(days=rng.randrange(5800)) for _ in range(N)]
    clock = LegalClock(calendar=cal, limit=20, max_extension=20)

    def ours(d: date) -> object:
        return cal.add_working_days(d, 20)

    def library(d: date) -> object:
        # find_workday counts the start day when it is a working day; same work per call.
        return chinese_calendar.find_workday(20, d)

    def replay(d: date) -> object:
        return clock.replay(
            [
                ClockEvent(EventKind.START, d),
                ClockEvent(EventKind.PAUSE, d + timedelta(days=5)),
                ClockEvent(EventKind.RESUME, d + timedelta(days=12)),
                ClockEvent(EventKind.EXTEND, d + timedelta(days=20), 20),
            ]
        )

    r_ours, r_lib, r_replay = rate(ours, days), rate(library, days), rate(replay, days)
    print(f"add_working_days(d, 20): {r_ours:,.0f}/s")
    print(f"chinese_calendar.find_workday(20, d) baseline: {r_lib:,.0f}/s")
    print(f"  ratio ours/library: {r_ours / r_lib:.2f}x")
    print(f"FOI clock replay (4 events): {r_replay:,.0f}/s")
    print(f"  ratio replay/add_working_days: {r_replay / r_ours:.2f}x")


if __name__ == "__main__":
    main()
