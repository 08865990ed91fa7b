"""Deadlines of penalty publication and enterprise disclosure (no Django import).

Working days come from a calendar passed in (:class:`lantian.core.workdays.WorkCalendar`,
or anything with its ``add_working_days``/``working_days_between``), so this module
stays pure; the app passes ``lantian.core.calendar.work_calendar()``.

Time limits (rules-sources.md §1, §4, §5, §9):

- **Penalty decision published** within 7 working days of the decision: 双公示,
  "自作出行政决定之日起七个工作日内" (credit.shiyan.gov.cn; the same 7 WD in local
  practice). Whether 《生态环境行政处罚办法》 (部令第30号) Art. 65 says the same is unverified.
- **Enterprise annual disclosure report** by 15 March for the previous calendar year
  (《企业环境信息依法披露管理办法》, 部令第24号: "每年3月15日前").
- **Enterprise ad-hoc (临时) report** within 5 working days of receiving the legal
  document that triggers it (部令第24号 Arts. 17–18).
- **Key pollutant-discharging unit list** (重点排污单位名录 / list of disclosing
  enterprises) published by the districted-city bureau by the end of March (31 March).

Counting working days follows the project's convention (:mod:`lantian.core.workdays`,
as the FOI clock and proactive-disclosure timeliness count): the day of the decision
(or of receipt) is not counted; the days taken are the working days in
``(decided_on, published_on]``, and the due date is the 7th (5th) working day after the
decision. A publication is late when it took *more* working days than the limit. As in
the FOI and disclosure apps, a publication on a non-working day right after the due date
(the Saturday after a Friday due date) has still taken only the limit and is on time.
A count that touches a year whose holiday calendar is not confirmed is *provisional*.

Fixed calendar dates (15 March, 31 March) do not move when they fall on a weekend or a
holiday: the rules name a date, not a period in days, and filing is online. 15 March
itself is on time ("3月15日前" read as "by 15 March", as the annual report's wording is
commonly applied; whether 前 excludes the 15th is unverified).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from lantian.core.workdays import CountResult, DateResult

PENALTY_PUBLICATION_WORKING_DAYS = 7
ADHOC_REPORT_WORKING_DAYS = 5
ANNUAL_REPORT_DUE = (3, 15)  # month, day of the year after the report year
KEY_UNIT_LIST_DUE = (3, 31)  # month, day of the list's own year


class WorkingDays(Protocol):
    """What this module needs of a calendar; :class:`WorkCalendar` provides it."""

    def add_working_days(self, start: date, n: int) -> DateResult: ...

    def working_days_between(self, start: date, end: date) -> CountResult: ...


class Status(enum.StrEnum):
    PENDING = "pending"  # not done yet, not yet due
    ON_TIME = "on_time"  # done within the limit
    LATE = "late"  # done after the limit
    MISSING = "missing"  # not done, and the limit has passed


@dataclass(frozen=True)
class PublicationCheck:
    """A penalty decision's publication against the 7-working-day limit."""

    decided_on: date
    published_on: date | None
    due: date  # the last working day within the limit
    limit: int  # working days
    working_days_taken: int  # (decided_on, published_on], or to today while unpublished
    late: bool  # published late, or still unpublished after the limit
    provisional: bool
    status: Status

    @property
    def published(self) -> bool:
        return self.published_on is not None


@dataclass(frozen=True)
class FilingCheck:
    """A report or list against its due date."""

    due: date
    submitted_on: date | None
    status: Status
    days_late: int  # calendar days after ``due`` (to submission, or to today); 0 if not late
    provisional: bool = False  # a working-day due date in an unconfirmed year

    @property
    def late(self) -> bool:
        return self.status in (Status.LATE, Status.MISSING)

    @property
    def missing(self) -> bool:
        return self.status is Status.MISSING


# --------------------------------------------------------------------------- penalties


def penalty_publication_due(decided_on: date, calendar: WorkingDays) -> DateResult:
    """The 7th working day after the decision (the decision day not counted)."""
    return calendar.add_working_days(decided_on, PENALTY_PUBLICATION_WORKING_DAYS)


def penalty_publication(
    decided_on: date, published_on: date | None, calendar: WorkingDays, today: date
) -> PublicationCheck:
    """Was (or is) the penalty decision published within 7 working days?

    Unpublished decisions are measured to ``today``. Raises ValueError when the
    publication date is before the decision date.
    """
    if published_on is not None and published_on < decided_on:
        raise ValueError(
            f"published_on: {published_on.isoformat()} is before the decision "
            f"({decided_on.isoformat()})"
        )
    due = penalty_publication_due(decided_on, calendar)
    end = published_on if published_on is not None else today
    taken = calendar.working_days_between(decided_on, end)
    days = max(taken.value, 0)
    late = days > PENALTY_PUBLICATION_WORKING_DAYS
    if published_on is not None:
        status = Status.LATE if late else Status.ON_TIME
    else:
        status = Status.MISSING if late else Status.PENDING
    return PublicationCheck(
        decided_on=decided_on,
        published_on=published_on,
        due=due.value,
        limit=PENALTY_PUBLICATION_WORKING_DAYS,
        working_days_taken=days,
        late=late,
        provisional=due.provisional or taken.provisional,
        status=status,
    )


# --------------------------------------------------------------------------- enterprises


def annual_report_due(report_year: int) -> date:
    """15 March of the year after the report year (the report covers 1 Jan–31 Dec)."""
    month, day = ANNUAL_REPORT_DUE
    return date(report_year + 1, month, day)


def annual_report_check(report_year: int, submitted_on: date | None, today: date) -> FilingCheck:
    """The enterprise's annual disclosure report for ``report_year``."""
    return _fixed_date(annual_report_due(report_year), submitted_on, today)


def adhoc_report_due(received_on: date, calendar: WorkingDays) -> DateResult:
    """The 5th working day after the enterprise received the triggering document."""
    return calendar.add_working_days(received_on, ADHOC_REPORT_WORKING_DAYS)


def adhoc_report_check(
    received_on: date, submitted_on: date | None, calendar: WorkingDays, today: date
) -> FilingCheck:
    """An ad-hoc (临时) report: within 5 working days of receiving the document, counted
    as the penalty publication is (receipt day not counted; late when more than 5)."""
    if submitted_on is not None and submitted_on < received_on:
        raise ValueError(
            f"submitted_on: {submitted_on.isoformat()} is before the document was received "
            f"({received_on.isoformat()})"
        )
    due = adhoc_report_due(received_on, calendar)
    end = submitted_on if submitted_on is not None else today
    taken = calendar.working_days_between(received_on, end)
    late = taken.value > ADHOC_REPORT_WORKING_DAYS
    if submitted_on is not None:
        status = Status.LATE if late else Status.ON_TIME
    else:
        status = Status.MISSING if late else Status.PENDING
    return FilingCheck(
        due=due.value,
        submitted_on=submitted_on,
        status=status,
        days_late=(end - due.value).days if late else 0,
        provisional=due.provisional or taken.provisional,
    )


def key_unit_list_due(list_year: int) -> date:
    """31 March of the list's year: the city bureau publishes that year's list."""
    month, day = KEY_UNIT_LIST_DUE
    return date(list_year, month, day)


def key_unit_list_check(list_year: int, published_on: date | None, today: date) -> FilingCheck:
    """The bureau's own key-unit list for ``list_year``."""
    return _fixed_date(key_unit_list_due(list_year), published_on, today)


def _fixed_date(due: date, done_on: date | None, today: date) -> FilingCheck:
    end = done_on if done_on is not None else today
    late = end > due
    if done_on is not None:
        status = Status.LATE if late else Status.ON_TIME
    else:
        status = Status.MISSING if late else Status.PENDING
    return FilingCheck(
        due=due,
        submitted_on=done_on,
        status=status,
        days_late=(end - due).days if late else 0,
    )
