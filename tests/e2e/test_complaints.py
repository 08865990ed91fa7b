"""Public interaction in a real browser: file a complaint with a point set by clicking the
district map (latitude, longitude and district follow, and agree with the server's own
district look-up), read the codes, follow the case with them; axe-core on the form,
the tracking, replies and statistics pages; no sideways scroll at 375 and 1366 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from lantian.complaints.forms import district_at, location_map
from lantian.complaints.models import Complaint
from lantian.complaints.tracking import STATUS_LABELS
from tests.complaints.public import DONGCHENG, districts
from tests.e2e.conftest import axe_violations, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
TO_SCREEN = """([x, y]) => {
  const svg = document.querySelector('[data-testid=location-map]');
  const point = svg.createSVGPoint();
  point.x = x; point.y = y;
  const screen = point.matrixTransform(svg.getScreenCTM());
  return [screen.x, screen.y];
}"""


@pytest.fixture
def url(site: str, settings: Any) -> str:
    cache.clear()  # rate-limit windows of earlier tests
    # a person types slower than a script; the browser here does not
    settings.COMPLAINTS_FORM_MIN_SECONDS = 0
    districts()
    return site


def type_into(page: Any, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def file_a_complaint(page: Any, url: str) -> tuple[str, str]:
    page.goto(url + "/interaction/complaints/new/")
    page.locator("[data-location-map]").wait_for()  # shown by the script
    drawn = location_map()
    assert drawn is not None
    x, y = drawn.point(*DONGCHENG)
    page.locator("[data-location-map]").scroll_into_view_if_needed()
    screen_x, screen_y = page.evaluate(TO_SCREEN, [x, y])
    page.mouse.click(screen_x, screen_y)
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert latitude == pytest.approx(DONGCHENG[0], abs=0.005)
    assert longitude == pytest.approx(DONGCHENG[1], abs=0.005)
    chosen = page.input_value("#id_district")
    assert chosen == str(districts()["东城区"].pk)
    assert page.locator("[data-pin]").is_visible()
    type_into(page, "#id_title", "化工厂夜间排放刺鼻气体")
    type_into(page, "#id_description", "每天夜里十点以后，园区东侧化工厂排放刺鼻气体。")
    type_into(page, "#id_name", "王小明")
    type_into(page, "#id_phone", "13912345678")
    page.check("#id_privacy_acknowledged")
    page.click("form[data-complaint-form] button[type=submit]")
    page.wait_for_url("**/interaction/submitted/")
    case_no = page.get_by_test_id("case-no").inner_text().strip()
    code = page.get_by_test_id("verification-code").inner_text().strip()
    return case_no, code


def test_file_a_complaint_on_the_map_and_follow_it(url: str, page: Any) -> None:
    case_no, code = file_a_complaint(page, url)
    assert case_no.startswith("TS") and len(code) == 8 and code not in page.url
    complaint = Complaint.objects.get(case_no=case_no)
    # the district the script chose is the one the server finds for the point
    assert complaint.district.name == district_at(complaint.latitude, complaint.longitude)
    assert complaint.district.name == "东城区"

    with translation.override("zh-hans"):
        follow = gettext("Follow your case")
        received = str(STATUS_LABELS[Complaint.State.RECEIVED])
    page.get_by_role("link", name=follow).first.click()
    type_into(page, "#id_case_no", case_no)
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/interaction/track/case/")
    assert page.get_by_test_id("status").inner_text() == received
    assert page.get_by_test_id("complainant").inner_text() == "王**"
    assert "13912345678" not in page.content()


def test_typed_coordinates_move_the_pin(url: str, page: Any) -> None:
    page.goto(url + "/interaction/complaints/new/")
    pin = page.locator("[data-pin]")
    assert pin.is_hidden()
    page.fill("#id_latitude", str(DONGCHENG[0]))
    page.fill("#id_longitude", str(DONGCHENG[1]))
    page.locator("#id_longitude").dispatch_event("change")
    assert pin.is_visible()


def test_the_pages_pass_axe(url: str, page: Any) -> None:
    page.goto(url + "/interaction/complaints/new/")
    assert axe_violations(page) == [], "form"
    page.click("form[data-complaint-form] button[type=submit]")
    page.locator(".error-summary").wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == [], "form with errors"
    page.goto(url + "/interaction/mailbox/new/")
    assert axe_violations(page) == [], "mailbox"
    case_no, code = file_a_complaint(page, url)
    assert axe_violations(page) == [], "confirmation"
    page.goto(url + "/interaction/track/")
    assert axe_violations(page) == [], "tracking"
    type_into(page, "#id_case_no", case_no)
    type_into(page, "#id_verification_code", code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/interaction/track/case/")
    assert axe_violations(page) == [], "case"
    for path in (
        "/interaction/replies/",
        "/interaction/statistics/",
        "/interaction/typical-cases/",
        "/interaction/hot-topics/",
        "/interaction/",
    ):
        page.goto(url + path)
        assert axe_violations(page) == [], path
    page.goto(url + "/interaction/statistics/")
    page.locator("#chart-channel canvas").wait_for()  # ECharts drew the chart


@pytest.mark.parametrize("width", [375, 1366])
def test_no_sideways_scroll(url: str, browser: Any, width: int) -> None:
    context = new_context(browser, url, width=width, is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    try:
        case_no, code = file_a_complaint(page, url)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), "confirmation"
        for path in (
            "/interaction/complaints/new/",
            "/interaction/mailbox/new/",
            "/interaction/track/",
            "/interaction/replies/",
            "/interaction/statistics/",
        ):
            page.goto(url + path)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (width, path)
        page.goto(url + "/interaction/track/")
        type_into(page, "#id_case_no", case_no)
        type_into(page, "#id_verification_code", code)
        page.keyboard.press("Enter")
        page.wait_for_url("**/interaction/track/case/")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), (width, "case")
    finally:
        context.close()
