"""The receipt date of an application by channel (条例 Art. 31), with no Django import.

| channel          | receipt date (Art. 31)                          | set by                |
|------------------|-------------------------------------------------|-----------------------|
| in person        | the day it is handed in                         | registration          |
| registered post  | the day the bureau signs for the letter         | registration          |
| ordinary post    | the day staff confirm receipt with the applicant | ``confirm_receipt``  |
| online, fax, email | the day both parties confirm                  | ``confirm_receipt``  |

Decisions (rules-foi §1, marked [U] there; to be confirmed by the bureau's legal office):

* The confirmation is an act of staff, recorded with its date; nothing is confirmed
  automatically. Staff can only confirm on a working day in office hours, so an online
  (or fax, e-mail) submission that arrives on a non-working day or after
  :data:`OFFICE_CLOSES` cannot be confirmed earlier than the next working day:
  :func:`earliest_receipt_date` is the lower bound ``confirm_receipt`` enforces.
* The receipt day itself is not counted (:data:`START_DAY_COUNTED`): the 20 working
  days run from the next working day, which is how :mod:`lantian.core.clock` counts
  from a ``START`` event on the receipt date.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from lantian.core.workdays import WorkCalendar

# "自收到申请之日起20个工作日内": common practice (procedural-law rule) does not count the
# day of receipt; the core clock's START event implements exactly this.
START_DAY_COUNTED = False

# After this local time a submission is treated as arriving the next working day.
OFFICE_CLOSES = time(17, 0)

IN_PERSON = "in_person"
REGISTERED_POST = "registered_post"
ORDINARY_POST = "ordinary_post"
ONLINE = "online"
FAX = "fax"
EMAIL = "email"

# Channels whose receipt date is known when the application is registered.
RECEIVED_ON_REGISTRATION = frozenset({IN_PERSON, REGISTERED_POST})
# Channels whose receipt date is the day staff confirm with the applicant.
NEEDS_CONFIRMATION = frozenset({ORDINARY_POST, ONLINE, FAX, EMAIL})
CHANNELS = RECEIVED_ON_REGISTRATION | NEEDS_CONFIRMATION


def _check(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel: {channel!r}")


def needs_confirmation(channel: str) -> bool:
    _check(channel)
    return channel in NEEDS_CONFIRMATION


def receipt_on_registration(channel: str, submitted_at: datetime) -> date | None:
    """The receipt date known at registration: the day handed in (in person) or signed
    for (registered post, registered on the day it is signed for); ``None`` for the
    channels that wait for a confirmation. ``submitted_at`` is local time."""
    _check(channel)
    return submitted_at.date() if channel in RECEIVED_ON_REGISTRATION else None


def earliest_receipt_date(channel: str, submitted_at: datetime, calendar: WorkCalendar) -> date:
    """The earliest date a receipt may carry for a submission at local time ``submitted_at``.

    In person and registered post: the day itself. Confirmed channels: the day itself if
    it is a working day and the submission came before :data:`OFFICE_CLOSES`, otherwise
    the next working day.
    """
    _check(channel)
    day = submitted_at.date()
    if channel in RECEIVED_ON_REGISTRATION:
        return day
    if calendar.is_working_day(day).is_working and submitted_at.time() < OFFICE_CLOSES:
        return day
    day += timedelta(days=1)
    while not calendar.is_working_day(day).is_working:
        day += timedelta(days=1)
    return day


def check_receipt_date(
    channel: str, submitted_at: datetime, received_on: date, calendar: WorkCalendar
) -> str | None:
    """Why ``received_on`` cannot be the receipt date, or ``None`` when it can."""
    earliest = earliest_receipt_date(channel, submitted_at, calendar)
    if received_on < earliest:
        if channel in RECEIVED_ON_REGISTRATION:
            return f"the receipt date cannot be before the submission ({earliest.isoformat()})"
        return (
            "a confirmed receipt cannot be dated before the first working day in office "
            f"hours after the submission ({earliest.isoformat()})"
        )
    return None
