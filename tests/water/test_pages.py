"""Public water-quality pages: the sites' classes this month (coloured and written), the
map, the drinking-water sources' compliance with exceeding items, the rates for the month
and the year to date; a site's 24 months with the months not sampled marked; empty
states. Dates are fixed: the data are of 2025."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from lantian.water import selectors

from . import months
from .conftest import Sites
from .months import CLEAN, add, english

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(sites: Sites) -> Sites:
    return months.load(sites)


def test_the_months_and_a_month_mean() -> None:
    assert selectors.data_months() == []


def test_the_overview_shows_the_latest_month(water: Sites) -> None:
    html = english().get("/environment/water/").content.decode()
    assert selectors.data_months()[0] == date(2025, 6, 1)
    assert "June 2025" in html
    # the lake is Class II in June (written and coloured), the river not sampled
    assert 'water-class--2">Class II</span>' in html
    assert "Not sampled this month" in html
    # the source exceeds in June: NH3-N with its multiple 0.50
    assert "Not compliant (不达标)" in html
    assert "Ammonia nitrogen (NH3-N) 1.5 mg/L (exceeds by 0.50 times)" in html
    # June: 0 of 1 evaluated (groundwater not evaluated); Jan–June: 1 of 2
    assert "0.0%" in html and "50.0%" in html
    assert "0 of 1 evaluated source-months compliant" in html
    assert "1 of 2 evaluated source-months compliant" in html
    # volume rate to date: 300 of 610
    assert f"{300 / 610 * 100:.1f}%" in html
    # the map: the river has a location, its marker links to its page
    assert 'class="air-map__svg"' in html and "/environment/water/sites/W01/" in html


def test_the_overview_in_chinese_names_the_classes(water: Sites) -> None:
    html = Client().get("/environment/water/").content.decode()
    assert "water-class--2" in html and "water-class--none" in html


def test_a_site_page_shows_its_months_and_the_gaps(water: Sites) -> None:
    response = english().get("/environment/water/sites/W02/")
    html = response.content.decode()
    rows = response.context["trend_rows"]
    assert len(rows) == 24 and rows[-1]["month"] == date(2025, 6, 1)
    assert rows[0]["month"] == date(2023, 7, 1) and not rows[0]["sampled"]
    assert [r["class_text"] for r in rows[-2:]] == ["Class IV", "Class II"]
    assert html.count('class="water-unsampled"') == 22
    charts = json.loads(
        html.split('id="water-charts-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [c["id"] for c in charts] == ["water-class", "water-codmn", "water-nh3_n", "water-tp"]
    assert charts[0]["y"][-2:] == [4, 2] and charts[0]["y"][0] is None
    assert charts[2]["limit"] == 0.5  # Class II target: NH3-N 0.5 mg/L
    assert "Not sampled: 2023-07" in charts[0]["summary"]
    assert "<script>" not in html.replace('<script id="water-charts-data"', "")


def test_a_month_with_several_samples_is_their_mean(water: Sites) -> None:
    add(water.river, date(2025, 6, 20), {"nh3_n": 1.0})
    add(water.river, date(2025, 6, 27), {"nh3_n": 2.0})
    (river,) = [c for c in selectors.month_classes(date(2025, 6, 1)) if c.site.code == "W01"]
    assert river.sample.values == {"nh3_n": 1.5} and river.site_class == "IV"


def test_empty_states() -> None:
    client = english()
    assert (
        "No water-quality data has been published yet."
        in client.get("/environment/water/").content.decode()
    )
    assert "No report yet" in client.get("/environment/water/report/").content.decode()
    assert client.get("/environment/water/sites/NOPE/").status_code == 404


def test_a_site_without_samples_says_so(sites: Sites) -> None:
    add(sites.river, date(2025, 6, 4), CLEAN)
    html = english().get("/environment/water/sites/W02/").content.decode()
    assert "This site has no sample in the last 24 months." in html


def test_the_environment_section_links_the_water_pages(demo) -> None:
    html = Client().get("/environment/").content.decode()
    assert "/environment/water/" in html and "/environment/water/report/" in html
