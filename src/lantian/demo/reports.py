"""Demo reports: the yearly environmental quality bulletin of the last full year,
generated and published (at once, as a system loader) as a disclosure item.

Kept apart from other demo reports (the annual disclosure report may join this module):
each has its own function, called from ``load_demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from lantian.disclosure import selectors as disclosure_selectors
from lantian.reports import bulletin_services, inspection_services, transparency_inputs
from lantian.reports.models import InspectionRun


def load_bulletin(
    *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Publish the last full year's bulletin unless it is published already. Skipped (with
    a line of progress) when the air data do not make the year an annual assessment."""
    today = today or timezone.localdate()
    year = today.year - 1
    title, _title_en = bulletin_services.item_titles(year)
    existing = disclosure_selectors.item_titled(bulletin_services.CATEGORY, title)
    if existing is not None and existing.live:
        return {"bulletins": 0}
    try:
        item = bulletin_services.publish(actor=None, year=year, today=today, review=False)
    except ValidationError as error:
        if progress:
            progress(f"bulletin {year} not published: {' '.join(error.messages)}")
        return {"bulletins": 0}
    if progress:
        progress(f"bulletin {year} published: {item.index_no}")
    return {"bulletins": 1}


def run_checks(
    *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Run the website self-inspection once (unless a run exists: a second load changes
    nothing) and report the last full year's transparency self-score, so the staff screens
    open on results rather than on an empty state."""
    today = today or timezone.localdate()
    ran = 0
    if not InspectionRun.objects.exists():
        run = inspection_services.run_inspection(
            trigger=InspectionRun.Trigger.COMMAND, today=today, outbound=False
        )
        ran = 1
        if progress:
            progress(
                f"website self-inspection: {run.vetoes} single-item vetoes failed, "
                f"{run.failures} checks failed"
            )
    for year in (today.year - 1, today.year):  # the last full year and this one so far
        score = transparency_inputs.year_score(year, today)
        if progress:
            total = "too little data" if score.total is None else f"{score.total:.1f}"
            progress(f"transparency self-score {year}: {total} of {score.maximum:.0f}")
    return {"inspections": ran}
