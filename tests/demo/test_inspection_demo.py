"""The demo bureau keeps a well-kept site: loaded on any day, its catalogue passes the
self-inspection's column checks (国办秘函〔2019〕19号) on that day — dynamic columns updated
within 2 weeks, the others within their period, none empty, the home page fresh."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lantian.demo import disclosure
from lantian.disclosure.models import DisclosureItem
from lantian.reports import inspection
from tests.demo.conftest import DEMO_NOW

COLUMN_CHECKS = (
    inspection.check_home_updated,
    inspection.check_dynamic_columns,
    inspection.check_stale_columns,
    inspection.check_empty_columns,
)


@pytest.mark.parametrize(
    "today",
    [
        DEMO_NOW.date(),
        date(2026, 12, 28),  # a month after the story's last month
        date(2027, 9, 14),  # long after: only the routine upkeep is recent
    ],
)
def test_the_demo_passes_the_column_checks_on_its_loading_day(demo: Any, today: date) -> None:
    at = datetime.combine(today, time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(at, tick=False):
        disclosure.load(today=today)
        run = inspection.Inspection(today, outbound=False)
        results = [check(run) for check in COLUMN_CHECKS]
    failed = {r.check: (r.urls, r.detail) for r in results if r.status != inspection.PASS}
    assert failed == {}


def test_routine_upkeep_is_added_only_where_the_story_is_stale(demo: Any) -> None:
    today = DEMO_NOW.date()
    disclosure.load(today=today)
    upkeep = DisclosureItem.objects.filter(title__in=_upkeep_titles(today))
    # the story's monthly columns are fresh on its own last days: no upkeep there
    assert not upkeep.filter(category__code__in=("14", "05.01", "06.01", "09.01")).exists()
    assert upkeep.filter(category__code="04.03").exists()
    # recent, published before the loading day, and loaded once
    assert all(item.published_on <= today for item in upkeep)
    assert disclosure.load(today=today)["items"] == 0


def _upkeep_titles(today: date) -> list[str]:
    return [spec.title for spec, _published in disclosure._upkeep([], today)]
