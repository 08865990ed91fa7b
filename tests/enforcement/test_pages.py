"""Public enforcement pages under /sources/: penalty decisions (filters, the weekly list,
late marks, downloads, one page per decision, feeds), credit ratings by year with each
rating's inputs, and the enterprises' disclosure reports. An individual's name never
appears on a page, in a file or in a feed; bad parameters are form errors, never 500s."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from tests.enforcement.conftest import Plants
from tests.enforcement.records import INDIVIDUAL_NAME, INDIVIDUAL_PHONE, Record, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(plants: Plants) -> Record:
    return make_record(plants)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        yield


def english() -> Client:
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    return client


def get(path: str, client: Client | None = None, **params: str) -> str:
    response = (client or Client()).get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.content.decode("utf-8-sig") if response.content else ""


def no_personal_data(text: str) -> None:
    assert INDIVIDUAL_NAME not in text
    assert INDIVIDUAL_PHONE not in text
    assert "13900001111" not in text


def test_the_penalty_list_marks_late_decisions_and_masks_individuals(record: Record) -> None:
    html = get("/sources/penalties/")
    for number in (
        "示环罚〔2026〕11号",
        "示环罚〔2026〕12号",
        "示环罚〔2026〕13号",
        "示环罚〔2025〕90号",
    ):
        assert number in html
    assert "示环罚〔2026〕14号" not in html  # not published
    assert "张**" in html
    no_personal_data(html)
    assert html.count('class="mark-late"') == 1  # the waste-water plant's, 10 working days
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "/sources/enterprises/91320500MA1XAB1265/" in html
    english_html = get("/sources/penalties/", english())
    assert ">late<" in english_html and "Administrative penalty decisions" in english_html
    assert 'lang="zh-Hans"' in english_html


def test_the_penalty_filters_and_the_weekly_list(record: Record) -> None:
    only_2025 = get("/sources/penalties/", year="2025")
    assert "示环罚〔2025〕90号" in only_2025 and "示环罚〔2026〕11号" not in only_2025
    by_name = get("/sources/penalties/", q="热电")
    assert "示环罚〔2026〕11号" in by_name and "示环罚〔2026〕12号" not in by_name
    by_code = get("/sources/penalties/", q="91320505ma1xcd3419")
    assert "示环罚〔2026〕12号" in by_code and "示环罚〔2026〕11号" not in by_code
    # published on 2026-03-05 (week 10) and 2026-03-10 (week 11)
    week_10 = get("/sources/penalties/", year="2026", week="10")
    assert "示环罚〔2026〕11号" in week_10 and "示环罚〔2026〕13号" not in week_10
    # a search by an individual's name finds nothing (it would tell the name)
    assert "empty-state" in get("/sources/penalties/", q=INDIVIDUAL_NAME)


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "1066"},
        {"week": "12"},  # no year
        {"year": "2025", "week": "53"},  # 2025 has 52 ISO weeks
        {"year": "2026", "week": "-1"},
        {"q": "x" * 500},
        {"page": "zzz"},
        {"page": "99999"},
        {"format": "pdf"},
    ],
)
def test_bad_parameters_are_never_a_500(record: Record, params: dict[str, str]) -> None:
    for path in ("/sources/penalties/", "/sources/credit-ratings/", "/sources/disclosure-reports/"):
        response = Client().get(path, params)
        assert response.status_code == 200, (path, params)
        no_personal_data(response.content.decode())


def test_the_downloads_never_hold_an_individuals_name(record: Record) -> None:
    client = Client()
    table = client.get("/sources/penalties/", {"format": "csv"})
    assert table["Content-Type"].startswith("text/csv")
    text = table.content.decode("utf-8-sig")
    no_personal_data(text)
    rows = list(csv.reader(io.StringIO(text)))
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["示环罚〔2026〕13号"][1] == "张**"
    assert by_number["示环罚〔2026〕12号"][9] == "10"
    workbook = load_workbook(io.BytesIO(client.get("/sources/penalties/?format=xlsx").content))
    cells = " ".join(str(c) for row in workbook.active.iter_rows(values_only=True) for c in row)
    no_personal_data(cells)
    assert "张**" in cells
    for path in ("/sources/credit-ratings/", "/sources/disclosure-reports/"):
        for fmt in ("csv", "xlsx"):
            response = client.get(path, {"year": "2025", "format": fmt})
            assert response.status_code == 200 and response.content
    feed = get("/sources/penalties/feed/rss.xml") + get("/sources/penalties/feed/atom.xml")
    no_personal_data(feed)
    assert "张**" in feed and "示环罚〔2026〕11号" in feed


def test_one_decision_shows_its_masked_text_and_links_the_enterprise(record: Record) -> None:
    html = get(f"/sources/penalties/{record.person.pk}/")
    no_personal_data(html)
    assert "张**" in html and "行政处罚决定书" in html and "138****5678" in html
    plant = get(f"/sources/penalties/{record.on_time.pk}/")
    assert "/sources/enterprises/91320500MA1XAB1265/" in plant
    revoked = get(f"/sources/penalties/{record.revoked.pk}/")
    assert "行政复议决定撤销" in revoked
    late = get(f"/sources/penalties/{record.late.pk}/")
    assert 'class="mark-late"' in late
    assert Client().get(f"/sources/penalties/{record.unpublished.pk}/").status_code == 404
    assert Client().get("/sources/penalties/999999/").status_code == 404
    assert Client().get("/sources/penalties/abc/").status_code == 404


def test_ratings_by_year_show_colour_and_words(record: Record) -> None:
    html = get("/sources/credit-ratings/")  # the latest year, 2025
    assert "示范热电有限公司" in html and "示范化工有限公司" in html
    assert "#1B873F" in html and "绿牌" in html and "环保诚信企业" in html
    assert "红牌" in html  # the chemical works holds red after its repair …
    english_html = get("/sources/credit-ratings/", english())
    assert "green" in english_html and "Environmentally trustworthy enterprise" in english_html
    assert "empty-state" in get("/sources/credit-ratings/", year="2019")


def test_a_rating_shows_its_inputs_veto_objection_and_repair(record: Record) -> None:
    html = get(f"/sources/credit-ratings/{record.black.pk}/")
    for text in (
        "黑",
        "通过私设暗管",
        "大气及水污染物达标排放",
        "对暗管认定有异议",
        "拆除暗管",
        "红牌",
    ):
        assert text in html, text
    green = get(f"/sources/credit-ratings/{record.green.pk}/", english())
    assert "98.0" in green and "Air and water pollutants discharged within limits" in green
    assert Client().get("/sources/credit-ratings/999999/").status_code == 404


def test_disclosure_reports_by_year_and_one_report(record: Record) -> None:
    html = get("/sources/disclosure-reports/", year="2025")
    assert "示范热电有限公司" in html and "示范市城东污水处理厂" in html
    assert 'class="mark-late"' in html  # the waste-water plant's report is missing
    assert f"/sources/disclosure-reports/{record.annual.pk}/" in html
    adhoc = get("/sources/disclosure-reports/", year="2026")
    assert "示环罚〔2026〕11号" in adhoc  # ad-hoc reports the penalties opened
    report = get(f"/sources/disclosure-reports/{record.annual.pk}/")
    assert "企业基本信息" in report and "法律法规规定的其他环境信息" in report
    no_personal_data(report)
    assert "139****1111" in report
    missing = record.annual.__class__.objects.get(enterprise=record.late.enterprise, year=2025)
    assert Client().get(f"/sources/disclosure-reports/{missing.pk}/").status_code == 404


def test_empty_pages_say_so(plants: Plants) -> None:
    for path in ("/sources/penalties/", "/sources/credit-ratings/", "/sources/disclosure-reports/"):
        assert "empty-state" in get(path)
    with translation.override("en"):
        assert "No published penalty decision" in get("/sources/penalties/", english())


def test_the_section_links_the_pages(record: Record) -> None:
    html = get("/sources/enterprises/")
    for path in ("/sources/penalties/", "/sources/credit-ratings/", "/sources/disclosure-reports/"):
        assert f'href="{path}"' in html
