"""The statutory clock of an EIA project (no Django import).

Working days come from a calendar passed in (:class:`lantian.core.workdays.WorkCalendar`,
or anything with its ``add_working_days``/``working_days_between``), as in
:mod:`lantian.enforcement.deadlines`; the app passes ``lantian.core.calendar.work_calendar()``.

Periods (rules-sources.md §1–3):

- **Acceptance notice** (受理公示) of the bureau: at least 10 working days
  (《环境影响评价公众参与办法》, 生态环境部令第4号, Art. 23; "受理公示10日+拟批准公示5日",
  partly verified).
- **Proposed-approval notice** (拟作出审批决定公示): at least 5 working days (令第4号 Art. 24).
- **Decision** (审批决定) published within 7 working days of the decision (MEE procedure;
  《建设项目环境影响评价政府信息公开指南（试行）》). The decision notice itself has no
  minimum length.
- **Completion acceptance report** (竣工环境保护验收报告) shown at least 20 working days
  (《建设项目竣工环境保护验收暂行办法》, 国环规环评〔2017〕4号, Art. 11).
- **Statutory decision period** in calendar days from acceptance: 60 for a report book
  (报告书), 30 for a report form (报告表) (《中华人民共和国环境影响评价法》 Art. 22);
  expert review (技术评估/专家评审) and hearings (听证) are not counted
  (《中华人民共和国行政许可法》 Art. 45), nor is the time the builder takes to supplement
  its documents.
- **Registration form** (登记表): since the 2016 amendment of the EIA law (Art. 22 ¶3,
  "国家对环境影响登记表实行备案管理") a registration form is filed online (备案), not
  approved; the 15 days of the older text are no longer a decision period. Lantian records
  its filing date as the decision date but runs no decision clock for it: its due date is
  ``None`` and it is never late.

Counting follows the project's convention (:mod:`lantian.core.workdays`): a notice runs
from ``starts_on`` to ``ends_on``, both days included, so its length in working days is
the working days in ``(starts_on - 1 day, ends_on]``. The decision's publication counts the
working days in ``(decided_on, published_on]`` and is late when it took more than 7, as the
penalty publication does. A count that touches a year whose holiday calendar is not
confirmed is *provisional*.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from lantian.core.workdays import CountResult, DateResult


class WorkingDays(Protocol):
    """What this module needs of a calendar; :class:`WorkCalendar` provides it."""

    def add_working_days(self, start: date, n: int) -> DateResult: ...

    def working_days_between(self, start: date, end: date) -> CountResult: ...


class Kind(enum.StrEnum):
    """The project's public notices, in the order of its life."""

    ACCEPTANCE = "acceptance"
    PRE_APPROVAL = "pre_approval"
    DECISION = "decision"
    COMPLETION = "completion"


class Category(enum.StrEnum):
    REPORT_BOOK = "report_book"  # 环境影响报告书
    REPORT_FORM = "report_form"  # 环境影响报告表
    REGISTRATION_FORM = "registration_form"  # 环境影响登记表 (filed, not approved)


# The minimum length of each notice in working days (0: no minimum).
MINIMUM_WORKING_DAYS: dict[str, int] = {
    Kind.ACCEPTANCE: 10,
    Kind.PRE_APPROVAL: 5,
    Kind.DECISION: 0,
    Kind.COMPLETION: 20,
}
DECISION_PUBLICATION_WORKING_DAYS = 7
# 《建设项目竣工环境保护验收暂行办法》: the acceptance report is made public within 5 working
# days of its completion, and the acceptance is filed on the national platform within 5
# working days after its publicity ends.
COMPLETION_PUBLICATION_WORKING_DAYS = 5
ACCEPTANCE_FILING_WORKING_DAYS = 5
# Calendar days to decide after acceptance; a registration form has none (see above).
DECISION_DAYS: dict[str, int | None] = {
    Category.REPORT_BOOK: 60,
    Category.REPORT_FORM: 30,
    Category.REGISTRATION_FORM: None,
}


@dataclass(frozen=True)
class NoticeCheck:
    """A notice's length against its minimum, and (a decision notice) its publication."""

    kind: str
    starts_on: date
    ends_on: date
    working_days: int  # the notice's working days, both ends included
    minimum: int
    earliest_end: date  # the first end date that satisfies the minimum
    published_on: date | None
    late: bool  # a decision notice published more than 7 working days after the decision
    provisional: bool

    @property
    def short(self) -> bool:
        """Shorter than its minimum: refused."""
        return self.working_days < self.minimum


@dataclass(frozen=True)
class Pause:
    """Days the decision period does not count (expert review, hearing, supplement), both
    ends included; ``end`` None while the pause lasts."""

    start: date
    end: date | None


@dataclass(frozen=True)
class DecisionCheck:
    """The statutory decision period of a project accepted on ``accepted_on``."""

    accepted_on: date
    period_days: int | None  # None: a registration form (filed, no decision period)
    paused_days: int  # days of pauses inside the running period
    due: date | None  # None: no period, or the clock is paused with no end yet
    decided_on: date | None
    late: bool  # decided after the due date, or undecided and the due date has passed
    paused: bool  # a pause is open on ``today``


def notice_length(starts_on: date, ends_on: date, calendar: WorkingDays) -> CountResult:
    """Working days from ``starts_on`` to ``ends_on``, both included."""
    return calendar.working_days_between(starts_on - timedelta(days=1), ends_on)


def earliest_end(kind: str, starts_on: date, calendar: WorkingDays) -> DateResult:
    """The first end date that gives the notice its minimum length."""
    minimum = MINIMUM_WORKING_DAYS[kind]
    if minimum == 0:
        return DateResult(starts_on, False)
    return calendar.add_working_days(starts_on - timedelta(days=1), minimum)


def decision_publication_due(decided_on: date, calendar: WorkingDays) -> DateResult:
    """The 7th working day after the decision (the decision day not counted)."""
    return calendar.add_working_days(decided_on, DECISION_PUBLICATION_WORKING_DAYS)


def decision_published_late(
    decided_on: date, published_on: date, calendar: WorkingDays
) -> tuple[int, bool]:
    """(working days taken, late) of publishing the decision on ``published_on``."""
    taken = max(calendar.working_days_between(decided_on, published_on).value, 0)
    return taken, taken > DECISION_PUBLICATION_WORKING_DAYS


def completion_published_late(
    report_on: date, published_on: date, calendar: WorkingDays
) -> tuple[int, bool]:
    """(working days taken, late) of publishing the completion acceptance report made on
    ``report_on`` on ``published_on``."""
    taken = max(calendar.working_days_between(report_on, published_on).value, 0)
    return taken, taken > COMPLETION_PUBLICATION_WORKING_DAYS


def acceptance_filed_late(
    publicity_ends_on: date, filed_on: date, calendar: WorkingDays
) -> tuple[int, bool]:
    """(working days taken, late) of filing the acceptance on the national platform on
    ``filed_on`` after the completion notice ended on ``publicity_ends_on``."""
    taken = max(calendar.working_days_between(publicity_ends_on, filed_on).value, 0)
    return taken, taken > ACCEPTANCE_FILING_WORKING_DAYS


def check_notice(
    *,
    kind: str,
    starts_on: date,
    ends_on: date,
    calendar: WorkingDays,
    published_on: date | None = None,
    decided_on: date | None = None,
) -> NoticeCheck:
    """A notice's length in working days against its minimum and, for the decision
    notice with the decision's date, whether it was published late (its publication date,
    or its start when none is recorded). ValueError when the notice ends before it starts
    or the kind is unknown."""
    if kind not in MINIMUM_WORKING_DAYS:
        raise ValueError(f"kind: {kind!r} is not a notice kind")
    if ends_on < starts_on:
        raise ValueError(
            f"ends_on: {ends_on.isoformat()} is before starts_on ({starts_on.isoformat()})"
        )
    length = notice_length(starts_on, ends_on, calendar)
    earliest = earliest_end(kind, starts_on, calendar)
    late = False
    provisional = length.provisional or earliest.provisional
    if kind == Kind.DECISION and decided_on is not None:
        _taken, late = decision_published_late(decided_on, published_on or starts_on, calendar)
    return NoticeCheck(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        working_days=length.value,
        minimum=MINIMUM_WORKING_DAYS[kind],
        earliest_end=earliest.value,
        published_on=published_on,
        late=late,
        provisional=provisional,
    )


def _paused(day: date, pauses: Iterable[Pause]) -> bool:
    return any(p.start <= day and (p.end is None or day <= p.end) for p in pauses)


def decision_period(
    *,
    category: str,
    accepted_on: date,
    pauses: Iterable[Pause] = (),
    decided_on: date | None = None,
    today: date,
) -> DecisionCheck:
    """The decision's due date: ``period`` calendar days after acceptance (the day of
    acceptance not counted), the paused days not counted. An open pause stops the clock
    (no due date while it lasts). A registration form has no period and is never late."""
    pauses = list(pauses)
    days = DECISION_DAYS[category]
    open_pause = any(p.end is None for p in pauses)
    paused_now = any(p.start <= today and (p.end is None or today <= p.end) for p in pauses)
    if days is None:
        return DecisionCheck(accepted_on, None, 0, None, decided_on, False, paused_now)
    counted = paused_days = 0
    day = accepted_on
    # walk the days after acceptance until the period's days are counted; an open pause
    # reached on the way stops the walk (its end decides the due date)
    while counted < days:
        day += timedelta(days=1)
        if _paused(day, pauses):
            paused_days += 1
            if open_pause and not any(
                p.end is not None and p.start <= day <= p.end for p in pauses
            ):
                return DecisionCheck(
                    accepted_on, days, paused_days, None, decided_on, False, paused_now
                )
            continue
        counted += 1
    end = decided_on or today
    late = end > day
    return DecisionCheck(accepted_on, days, paused_days, day, decided_on, late, paused_now)
