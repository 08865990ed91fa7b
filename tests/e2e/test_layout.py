"""Every public page holds on a phone (375 px) and a laptop (1366 px), in Chinese and in
English: the page never scrolls sideways, tables scroll inside their own box with the
first column in view, no table cell is narrower than two characters, and no English
word is broken across two lines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.e2e.conftest import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CST = ZoneInfo("Asia/Shanghai")
# The demo as of a fixed hour: November 2026 complete (ranking, report), a day's forecast.
LAYOUT_NOW = datetime(2026, 12, 1, 10, 0, tzinfo=CST)
WIDTHS = (375, 1366)
LANGUAGES = ("zh-hans", "en")

# What a page must hold, measured in the browser: the page's own width; each table cell
# against twice its font size; each English word's line boxes; each table's scroll box.
MEASURE = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) problems.push(`page ${root.scrollWidth}px wide`);
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.getClientRects().length || cell.closest('.visually-hidden')) continue;
    const style = getComputedStyle(cell);
    const size = parseFloat(style.fontSize);
    // the content box: a one-character column with padding is still one character wide
    // (collapsed borders lie half inside the cell)
    const collapsed = getComputedStyle(cell.closest('table')).borderCollapse === 'collapse';
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    const width = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - (collapsed ? borders / 2 : borders);
    if (width < 2 * size - 0.5) {
      problems.push(`cell "${cell.innerText.trim().slice(0, 20)}" ${width.toFixed(1)}px`);
    }
  }
  for (const table of document.querySelectorAll('main table')) {
    const box = table.closest('.table-scroll');
    if (box === null) {
      if (table.getBoundingClientRect().right > root.clientWidth) {
        problems.push(`table "${table.caption?.innerText ?? ''}" overflows the page`);
      }
      continue;
    }
    if (getComputedStyle(box).overflowX !== 'auto') problems.push('a table box does not scroll');
    const first = table.querySelector('tbody tr > :first-child');
    if (first && getComputedStyle(first).position !== 'sticky') {
      problems.push(`first column of "${table.caption?.innerText ?? ''}" is not kept in view`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    const skip = 'script, style, .visually-hidden, a[href^="http"], .url';
    if (!parent || parent.closest(skip)) continue;
    for (const word of node.data.matchAll(/[A-Za-z']{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
      );
      if (lines.size > 1) problems.push(`"${word[0]}" broken across lines`);
    }
  }
  return problems;
}"""


# Items of every kind, with the longest titles and department names of the demo bureau.
ITEMS = (
    ("02.01", "policy", "关于印发《示范市重点排污单位自动监控设施运行管理办法》的通知", "legal"),
    ("03.01", "interpretation", "《示范市重点排污单位自动监控设施运行管理办法》政策解读", "legal"),
    (
        "06.01",
        "document",
        "关于示范市北山化工有限公司生物医药产业园一期项目环境影响报告书的批复（示环审〔2026〕17号）",
        "eia",
    ),
    ("05.02", "document", "示范市2026年10月集中式饮用水水源地水质状况", "water"),
    ("14", "news", "高新区入河排污口排查整治工作通过市级验收（11月30日）", "enforcement"),
    ("15", "notice", "关于开展2026年度排污许可证执行报告抽查工作的通知", "eia"),
    ("16", "press", "示范市生态环境局2026年第7场新闻发布会：重污染天气应急应对", "office"),
)


@pytest.fixture
def demo(site: str) -> Iterator[dict[str, Any]]:
    """The demo bureau with November 2026 of air data and an item of every kind."""
    from lantian.core.models import Department
    from lantian.demo import air
    from lantian.disclosure import services
    from lantian.disclosure.models import Category
    from lantian.portal.models import SectionPage

    with time_machine.travel(LAYOUT_NOW, tick=True):
        services.ensure_catalogue(actor=None)
        air.load(first=datetime(2026, 11, 1, tzinfo=CST), last=LAYOUT_NOW)
        policy = None
        for n, (code, kind, title, department) in enumerate(ITEMS):
            extra: dict[str, Any] = {}
            if kind == "interpretation":
                extra["interprets"] = policy
            if kind == "press":
                extra["held_at"] = LAYOUT_NOW.replace(day=20)
            item = services.save_item(
                actor=None,
                kind=kind,
                title=title,
                category=Category.objects.get(code=code),
                department=Department.objects.get(code=department),
                formed_on=LAYOUT_NOW.date().replace(day=1 + n),
                summary=f"{title}。全市12个国考断面水质优良比例为91.7%，同比持平。",
                body="<p>2026年10月，全市12个国考断面中，Ⅰ～Ⅲ类水质断面11个，水质总体优良。</p>",
                keywords="水质,监测",
                **extra,
            )
            item = services.publish_item(actor=None, item=item)
            policy = policy or item
        sections = [p.url for p in SectionPage.objects.live().order_by("path")]
        yield {"url": site, "item": item.index_no, "sections": sections}


def public_pages(demo: dict[str, Any]) -> list[str]:
    return [
        "/",
        *demo["sections"],
        "/environment/air/",
        f"/environment/air/stations/{air_station()}/",
        "/environment/air/calendar/",
        "/environment/air/forecast/",
        "/environment/air/ranking/",
        "/environment/air/report/",
        "/environment/air/report/2026-11/",
        "/disclosure/guide/",
        "/disclosure/catalogue/",
        f"/disclosure/items/{demo['item']}/",
        "/disclosure/news/",
        "/disclosure/notices/",
        "/disclosure/press/",
        "/disclosure/interpretations/",
        "/services/foi/apply/",
        "/services/foi/track/",
        "/interaction/complaints/new/",
        "/interaction/mailbox/new/",
        "/interaction/track/",
        "/interaction/replies/",
        "/interaction/typical-cases/",
        "/interaction/hot-topics/",
        "/interaction/statistics/",
        "/search/?q=" + quote("水质"),
    ]


def air_station() -> str:
    from lantian.demo.air import STATIONS

    return STATIONS[0].code


def test_every_public_page_holds_on_a_phone_and_a_laptop(
    demo: dict[str, Any], browser: Any
) -> None:
    pages = public_pages(demo)
    assert len(demo["sections"]) >= 5
    # each language at each width, and the narrowest case again with large text (125 %)
    views = [(language, width, False) for language in LANGUAGES for width in WIDTHS]
    views.append(("zh-hans", min(WIDTHS), True))
    problems: list[str] = []
    with time_machine.travel(LAYOUT_NOW, tick=True):
        for language, width, large in views:
            context = new_context(
                browser,
                demo["url"],
                width=width,
                language=language,
                is_mobile=width < 600,
                has_touch=width < 600,
            )
            if large:
                context.add_cookies(
                    [{"name": "lantian_text", "value": "large", "url": demo["url"]}]
                )
            page = context.new_page()
            try:
                for path in pages:
                    response = page.goto(demo["url"] + path)
                    assert response is not None and response.status == 200, path
                    assert (page.locator("html").get_attribute("lang") or "").lower() == language
                    where = f"{language} {width}px{' large text' if large else ''} {path}"
                    problems += [f"{where}: {p}" for p in page.evaluate(MEASURE)]
            finally:
                context.close()
    assert problems == []


def test_the_measure_catches_a_squeezed_table(site: str, page: Any) -> None:
    """The check itself: a table squeezed into a narrow box without a scroll box fails,
    and so does an English word broken by ``word-break: break-all``."""
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(site + "/services/foi/track/")
    page.evaluate(
        """() => {
          // outside main, which the site's own rules keep readable
          document.body.insertAdjacentHTML('beforeend',
            '<table style="width: 100%"><tr>' + '<td>站</td>'.repeat(30) + '</tr></table>' +
            '<p style="width: 5em; word-break: break-all">Environmental information</p>');
        }"""
    )
    problems = page.evaluate(MEASURE)
    assert any(p.startswith('cell "站"') for p in problems)
    assert any("broken across lines" in p for p in problems)


# How many lines an element's text takes.
LINES = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_tracking_codes_stay_on_one_line_in_the_back_office(
    site: str, browser: Any, width: int
) -> None:
    from tests.e2e.test_foi import apply_with_the_keyboard

    context = new_context(browser, site, width=width)
    page = context.new_page()
    try:
        tracking, _code = apply_with_the_keyboard(page, site)
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "e2e-password-not-secret")
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        page.goto(site + "/admin/foi/cases/")
        link = page.locator("td.title a", has_text=tracking)
        assert link.evaluate(LINES) == 1
        link.click()
        code = page.locator("dd.foi-code")
        assert code.inner_text() == tracking
        assert code.evaluate(LINES) == 1
    finally:
        context.close()
