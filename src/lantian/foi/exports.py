"""Spreadsheet export of the staff case list (CSV and XLSX).

The export holds what the list shows, filtered the same way, and never more: the
applicant's ID number is masked, and no phone, e-mail or address is written. The files
themselves come from :mod:`lantian.core.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.core import spreadsheets
from lantian.core.privacy import mask_id_number
from lantian.foi.models import Application


@dataclass(frozen=True)
class ClockFacts:
    """What a row shows of a case's clock."""

    due: date | None = None
    days_left: int | None = None
    status: str = ""  # a word, never a colour: 已超期 / 即将到期 / 暂停 / …


@dataclass(frozen=True)
class ExportColumn:
    key: str
    heading: Any
    value: Callable[[Application, ClockFacts], Any]


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _user(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("tracking_code", _("Tracking code"), lambda a, c: a.tracking_code),
    ExportColumn("received_on", _("Date of receipt"), lambda a, c: a.received_on),
    ExportColumn("channel", _("Channel"), lambda a, c: a.get_channel_display()),
    ExportColumn(
        "applicant_type", _("Applicant type"), lambda a, c: a.get_applicant_type_display()
    ),
    ExportColumn("name", _("Applicant"), lambda a, c: a.name),
    ExportColumn("id_number", _("ID number (masked)"), lambda a, c: mask_id_number(a.id_number)),
    ExportColumn("description", _("Information sought"), lambda a, c: _excerpt(a.description, 200)),
    ExportColumn("department", _("Handling department"), lambda a, c: str(a.department or "")),
    ExportColumn("handler", _("Handler"), lambda a, c: _user(a.handler)),
    ExportColumn("state", _("State"), lambda a, c: a.get_state_display()),
    ExportColumn("due", _("Statutory due date"), lambda a, c: c.due),
    ExportColumn("days_left", _("Working days left"), lambda a, c: c.days_left),
    ExportColumn("clock_status", pgettext_lazy("clock", "Deadline"), lambda a, c: c.status),
    ExportColumn("reply_type", _("Reply type"), lambda a, c: a.get_reply_type_display()),
    ExportColumn("replied_on", _("Date of reply"), lambda a, c: a.replied_on),
)


def rows(
    applications: Iterable[Application], clock_of: Callable[[Application], ClockFacts]
) -> Iterable[list[Any]]:
    for application in applications:
        facts = clock_of(application)
        yield [column.value(application, facts) for column in COLUMNS]


def headings() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def response(data: Iterable[list[Any]], fmt: str, filename: str) -> HttpResponse:
    """The export as a download; ``fmt`` is ``csv`` or ``xlsx``."""
    return spreadsheets.attachment(fmt, filename, [("FOI", headings(), data)])
