"""The station map in a real browser: the districts with their names, markers that never
overlap at the size they are drawn, the station table as its text alternative, and no
request leaving the site (no tiles unless configured)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CST = ZoneInfo("Asia/Shanghai")
MAP_NOW = datetime(2026, 11, 30, 10, 0, tzinfo=CST)

MARKERS = """() => [...document.querySelectorAll('.air-map__marker')].map((c) => {
  const box = c.getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2, box.width / 2];
})"""


@pytest.fixture
def city(site: str) -> Iterator[str]:
    """The demo city's 14 stations with the last hours of data."""
    from lantian.demo import air

    with time_machine.travel(MAP_NOW, tick=True):
        air.load(first=MAP_NOW.replace(hour=0), last=MAP_NOW)
        yield site


@pytest.mark.parametrize(("width", "language"), [(375, "zh-hans"), (1366, "en")])
def test_the_map_of_the_districts_with_markers_apart(
    city: str, browser: Any, width: int, language: str
) -> None:
    from lantian.demo.air import STATIONS

    context = new_context(browser, city, width=width, language=language)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        with time_machine.travel(MAP_NOW, tick=True):
            page.goto(city + "/environment/air/")
            page.wait_for_load_state("networkidle")
            svg = page.locator("svg.air-map__svg")
            districts = {s.district for s in STATIONS}
            assert svg.locator("path.air-map__district").count() == len(districts)
            labels = svg.locator("text.air-map__district-label").evaluate_all(
                "(texts) => texts.map((t) => t.textContent)"
            )
            names = svg.locator("path.air-map__district").evaluate_all(
                "(paths) => paths.map((p) => p.dataset.district)"
            )
            assert sorted(labels) == sorted(names) and len(set(labels)) == len(districts)
            if language == "zh-hans":
                assert set(labels) == districts

            circles = page.evaluate(MARKERS)
            assert len(circles) == len(STATIONS)
            for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(circles, 2):
                assert math.dist((x1, y1), (x2, y2)) >= r1 + r2, (x1, y1, x2, y2)

            # the text alternative: a link from the caption to the station table
            link = page.locator("#air-map-caption a.air-map__table-link")
            target = link.get_attribute("href")
            assert target == "#table-stations"
            assert page.locator(f"{target} tbody tr").count() == len(STATIONS)
            assert svg.get_attribute("aria-labelledby") == "air-map-caption"
            assert axe_violations(page) == []
    finally:
        context.close()
    assert requests and all(url.startswith(city + "/") for url in requests), [
        url for url in requests if not url.startswith(city + "/")
    ]
