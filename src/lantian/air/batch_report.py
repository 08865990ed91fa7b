"""An ingestion batch's report for the back office: what was accepted, and each refused
row with its reasons in the reader's language and the values as received.

The report keeps the reasons as :mod:`lantian.air.ingest` wrote them (English, with the
file's column names); :func:`reason_text` gives each in the active language."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# ingest.py's reasons → their message; the named groups fill the message's placeholders.
REASONS: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"(?P<column>\w+): missing", _("%(column)s: missing")),
        (
            r"(?P<column>\w+): control characters or invalid Unicode",
            _("%(column)s: control characters or invalid Unicode"),
        ),
        (
            r"(?P<column>\w+): unknown station (?P<value>.*)",
            _("%(column)s: unknown station %(value)s"),
        ),
        (r"(?P<column>\w+): not on the hour", _("%(column)s: not on the hour")),
        (
            r"(?P<column>\w+): year (?P<year>\d+) outside (?P<first>\d+)–(?P<last>\d+)",
            _("%(column)s: year %(year)s outside %(first)s–%(last)s"),
        ),
        (r"(?P<column>\w+): UTC offset beyond ±14:00", _("%(column)s: UTC offset beyond ±14:00")),
        (
            r"(?P<column>\w+): not a date and time: (?P<value>.*)",
            _("%(column)s: not a date and time: %(value)s"),
        ),
        (
            r"(?P<column>\w+): negative or not a number: (?P<value>.*)",
            _("%(column)s: negative or not a number: %(value)s"),
        ),
        (r"(?P<column>\w+): not a number: (?P<value>.*)", _("%(column)s: not a number: %(value)s")),
        (
            r"(?P<column>\w+): impossible value (?P<value>\S+) \(above (?P<limit>[^)]+)\)",
            _("%(column)s: impossible value %(value)s (above %(limit)s)"),
        ),
        (
            r"(?P<column>\w+): unknown pollutant (?P<value>.*)",
            _("%(column)s: unknown pollutant %(value)s"),
        ),
        (r"no pollutant value", _("No pollutant value")),
        (
            r"duplicated hour: same station and hour as row (?P<row>\d+)",
            _("Duplicated hour: same station and hour as row %(row)s"),
        ),
    )
)


def reason_text(reason: str) -> str:
    """A stored reason in the active language (as stored when it is not one of ours)."""
    for pattern, message in REASONS:
        found = pattern.fullmatch(reason)
        if found:
            return str(message) % found.groupdict()
    return reason


def render(report: dict[str, Any]) -> SafeString:
    """The report as the inspect view shows it: counts, then a table of refused rows."""
    rejected = [
        {
            "row": entry.get("row"),
            "reasons": [reason_text(r) for r in entry.get("reasons", [])],
            "raw": list((entry.get("raw") or {}).items()),
        }
        for entry in report.get("rejected", [])
    ]
    aggregates = report.get("aggregates") or {}
    return render_to_string(
        "air/admin/batch_report.html",
        {
            "created": report.get("created", 0),
            "updated": report.get("updated", 0),
            "unchanged": report.get("unchanged", 0),
            "aggregates": [
                (_("Area hourly values"), aggregates.get("area_hours", 0)),
                (_("Station daily values"), aggregates.get("station_days", 0)),
                (_("Area daily values"), aggregates.get("area_days", 0)),
            ],
            "rejected": rejected,
        },
    )
