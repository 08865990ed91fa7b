"""The monthly drinking-water-source report: the page, the PDF and the DOCX carry the
sources, their verdicts, the exceeding items with multiples and the rates, in Chinese
with the CJK font; a month without samples says it is not evaluated and has no rate."""

from __future__ import annotations

import contextlib
import re
import zlib
from datetime import date
from io import BytesIO

import docx
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from lantian.core.roles import Role
from lantian.water import documents

from . import months
from .conftest import Sites
from .months import CLEAN, add, english

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(sites: Sites) -> Sites:
    return months.load(sites)


TITLE_JUNE = "示范市集中式生活饮用水水源水质状况报告（2025年6月）"


def pdf_streams(content: bytes) -> bytes:
    """Every stream of the PDF inflated (WeasyPrint compresses pages, the metadata and
    the fonts' ToUnicode maps)."""
    found = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(match.group(1)))
    return b"\n".join(found)


def pdf_title_has(content: bytes, text: str) -> bool:
    return text.encode("utf-16-be").hex().encode() in pdf_streams(content)


def pdf_maps_characters(content: bytes, text: str) -> bool:
    """Every character of ``text`` is drawn with a glyph whose ToUnicode entry names it."""
    streams = pdf_streams(content).lower()
    return all(f"<{ord(c):04x}>".encode() in streams for c in set(text))


def docx_text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_report_context_of_a_month(water: Sites) -> None:
    with translation.override("en"):
        c = documents.report_context(2025, 6)
    assert c["official_title"] == TITLE_JUNE
    source, ground = c["sources"]
    assert (source.code, source.compliant, source.compliance) == (
        "S01",
        False,
        "Not compliant (不达标)",
    )
    assert source.exceeding == "Ammonia nitrogen (NH3-N) 1.5 mg/L (exceeds by 0.50 times)"
    assert ground.compliant is None and ground.compliance.startswith("Not evaluated")
    assert (c["month_rates"].source_rate, c["year_rates"].source_rate) == ("0.0%", "50.0%")
    assert c["year_rates"].volume_rate == f"{300 / 610 * 100:.1f}%"
    assert "Not compliant: 青山水库水源地." in c["summary"]


def test_the_page_lists_the_months_and_shows_a_month(water: Sites) -> None:
    client = english()
    index = client.get("/environment/water/report/").content.decode()
    assert "/environment/water/report/2025-6/" in index
    assert "/environment/water/report/2025-5.pdf" in index
    html = client.get("/environment/water/report/2025-6/").content.decode()
    assert "Compliance of each source" in html and "Not compliant (不达标)" in html
    assert client.get("/environment/water/report/2025-13/").status_code == 404
    assert client.get("/environment/water/report/2024-12/").status_code == 404  # before the data


def test_the_pdf_and_docx_are_in_chinese(water: Sites) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    pdf = client.get("/environment/water/report/2025-6.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="drinking-water-report-2025-06.pdf"' in pdf["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF")
    assert pdf_title_has(pdf.content, TITLE_JUNE)
    assert pdf_maps_characters(pdf.content, "青山水库水源地不达标氨氮")
    from tests.fonthelpers import embedded_fonts, is_cjk

    assert any(is_cjk(name) for name in embedded_fonts(pdf_streams(pdf.content)))
    response = client.get("/environment/water/report/2025-6.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    assert TITLE_JUNE in text and "青山水库水源地" in text and "东郊地下水水源地" in text
    assert "示范市生态环境局" in text  # the bureau, from the site settings
    document = docx.Document(BytesIO(response.content))
    assert document.styles["Normal"].font.name == "Noto Sans CJK SC"


def test_a_month_without_samples_is_not_evaluated(water: Sites) -> None:
    """May and June have samples; a sample in August leaves July without any."""
    add(water.river, date(2025, 8, 5), CLEAN)
    with translation.override("en"):
        c = documents.report_context(2025, 7)
        assert c["no_samples"] and c["month_rates"].source_rate == "—"
        assert all(r.compliant is None for r in c["sources"])
        assert "not evaluated and has no compliance rate" in c["summary"]
        text = docx_text(documents.render_docx(c))
    assert "Not evaluated: no sample this month" in text
    html = english().get("/environment/water/report/2025-7/").content.decode()
    assert 'data-testid="no-samples"' in html
    assert (
        "/environment/water/report/2025-7/"
        in english().get("/environment/water/report/").content.decode()
    )


# ------------------------------------------------------------------ publication


def test_publishing_a_month_sends_an_item_of_water_quality_to_review(water: Sites, staff) -> None:
    from wagtail.models import ModelLogEntry

    from lantian.water import services

    admin = staff[Role.DATA_MANAGER]
    item = services.publish_drinking_report(actor=admin, year=2025, month=6, on=date(2025, 7, 3))
    assert item.category.code == "05.02" and item.category.parent.name == "环境质量"
    assert item.title == TITLE_JUNE and item.workflow_in_progress
    assert item.summary == "2025年6月水源达标率0.0%，水量达标率0.0%。"
    assert "不达标水源：青山水库水源地" in item.body
    (attachment,) = item.get_latest_revision_as_object().attachments.all()
    content = attachment.file.open("rb").read()
    assert content.startswith(b"%PDF") and pdf_title_has(content, TITLE_JUNE)
    assert ModelLogEntry.objects.filter(
        action=services.REPORT_SENT, object_id=str(item.pk), user=admin
    ).exists()
    again = services.publish_drinking_report(actor=admin, year=2025, month=6, on=date(2025, 7, 4))
    assert again.pk == item.pk
    assert len(again.get_latest_revision_as_object().attachments.all()) == 1


def test_a_month_not_begun_is_refused(water: Sites) -> None:
    from django.core.exceptions import ValidationError

    from lantian.water import services

    with pytest.raises(ValidationError):
        services.publish_drinking_report(actor=None, year=2025, month=8, on=date(2025, 7, 31))


def test_the_cli_writes_the_files_and_publishes(water: Sites, demo, tmp_path) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "water", "report", "--year", "2025", "--month", "5", "--output", str(tmp_path), stdout=out
    )
    found = json.loads(out.getvalue())
    assert found["title"] == "示范市集中式生活饮用水水源水质状况报告（2025年5月）"
    assert (found["source_rate"], found["volume_rate"]) == ("100.0%", "100.0%")
    assert (tmp_path / "drinking-water-report-2025-05.pdf").read_bytes().startswith(b"%PDF")
    assert "青山水库水源地" in docx_text(
        (tmp_path / "drinking-water-report-2025-05.docx").read_bytes()
    )
    out = StringIO()
    call_command("water", "report", "--year", "2025", "--month", "5", "--publish", stdout=out)
    assert json.loads(out.getvalue())["published"]["index_no"]


SCREEN = "/admin/water/report/"


def test_a_data_manager_sends_a_month_from_the_back_office(water: Sites, client_as) -> None:
    client = client_as(Role.DATA_MANAGER)
    assert client.get(SCREEN).status_code == 200
    assert SCREEN in client.get("/admin/").content.decode()  # the menu
    response = client.post(SCREEN, {"year": "2025", "month": "6"})
    assert response.status_code == 302, response.content.decode()[:2000]
    from lantian.disclosure.models import DisclosureItem

    assert DisclosureItem.objects.filter(title=TITLE_JUNE, category__code="05.02").count() == 1
    refused = client.post(SCREEN, {"year": "2100", "month": "12"})
    assert refused.status_code == 400


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.CASE_HANDLER])
def test_other_roles_cannot_send_the_report(water: Sites, client_as, role) -> None:
    from lantian.disclosure.models import DisclosureItem

    client = client_as(role)
    assert client.get(SCREEN).status_code == 403
    assert client.post(SCREEN, {"year": "2025", "month": "6"}).status_code == 403
    assert SCREEN not in client.get("/admin/").content.decode()
    assert not DisclosureItem.objects.filter(title=TITLE_JUNE).exists()


def test_anonymous_visitors_are_sent_to_the_login(water: Sites) -> None:
    response = Client().post(SCREEN, {"year": "2025", "month": "6"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
