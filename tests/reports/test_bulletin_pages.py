"""The yearly bulletin's public pages, its PDF and DOCX (they open and hold the Chinese
text), for a complete and an incomplete year."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils import translation

from lantian.reports import bulletin, bulletin_documents
from tests.reports.test_bulletin import add_city_year, water_year  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 20)


def pdf_text(b: bulletin.Bulletin) -> str:
    """The text WeasyPrint laid out on the PDF's pages (no PDF text extractor installed)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    with translation.override("zh-hans"):
        document = HTML(string=bulletin_documents.pdf_html(b)).render()
    assert len(document.pages) >= 2
    return "".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


@pytest.fixture
def two_years(water_year: dict[str, Any]) -> None:  # noqa: F811
    add_city_year(2025)
    add_city_year(2024, pm25=40.0)


def test_index_lists_years_and_empty_state(client: Client) -> None:
    response = client.get("/reports/bulletin/")
    assert response.status_code == 200
    assert 'class="empty-state"' in response.text
    add_city_year(2025, n=3)
    response = client.get("/reports/bulletin/")
    assert 'href="/reports/bulletin/2025/"' in response.text
    assert 'href="/reports/bulletin/2025.pdf"' in response.text


def test_404_for_a_year_without_data(client: Client) -> None:
    assert client.get("/reports/bulletin/2019/").status_code == 404
    assert client.get("/reports/bulletin/2019.pdf").status_code == 404


def test_page_charts_have_data_and_tables_without_inline_script(
    client: Client, two_years: None
) -> None:
    response = client.get("/reports/bulletin/2025/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.text
    for chart in ("levels", "months", "water"):
        assert f'id="bulletin-chart-{chart}"' in html
    assert '<script id="bulletin-charts-data" type="application/json">' in html
    assert "bulletin-charts.js" in html
    # every <script> is a file or JSON data: no inline code
    assert html.count("<script") == html.count("<script src=") + html.count(
        'type="application/json"'
    )
    assert "onclick" not in html
    assert "bulletin-status" not in html  # a complete year
    assert "水源达标率" in html
    assert "I–III" in html and "劣V" in html


def test_incomplete_year_says_so_and_is_not_compared(client: Client) -> None:
    add_city_year(2025, n=200)
    add_city_year(2024)
    b = bulletin.bulletin(2025, today=TODAY)
    with translation.override("en"):
        c = bulletin_documents.context(b, with_charts=False)
    assert c["status"] is not None and "200 valid days" in c["status"]["headline"]
    assert c["comparison"] == []
    assert "not complete" in c["comparison_note"]
    with translation.override("en"):
        document = docx.Document(BytesIO(bulletin_documents.render_docx(b)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Incomplete year: 200 valid days, fewer than 324" in text
    assert "not the annual assessment" in text


def test_pdf_opens_and_holds_the_chinese_text(two_years: None) -> None:
    b = bulletin.bulletin(2025, today=TODAY)
    with translation.override("zh-hans"):
        pdf = bulletin_documents.render_pdf(b)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(b)
    for words in ("示范河大桥断面", "水源达标率", "水量达标率", "劣V", "PM2.5"):
        assert words in text


def test_docx_opens_and_holds_the_chinese_text(two_years: None) -> None:
    b = bulletin.bulletin(2025, today=TODAY)
    with translation.override("zh-hans"):
        content = bulletin_documents.render_docx(b)
    document = docx.Document(BytesIO(content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "示范河大桥断面" in cells and "青山水库水源地" in cells
    assert "水源达标率为100.0%" in text
    assert "2025" in document.core_properties.title
    assert len(document.inline_shapes) == 3  # levels, months, water
    assert all(s._inline.docPr.get("descr") for s in document.inline_shapes)
    # the year-on-year table: PM2.5 30 against 40
    assert {"30", "40", "-25.0%"} <= cells


def test_downloads(client: Client, two_years: None) -> None:
    response = client.get("/reports/bulletin/2025.docx")
    assert response.status_code == 200
    disposition = 'attachment; filename="environment-bulletin-2025.docx"'
    assert response["Content-Disposition"] == disposition
    docx.Document(BytesIO(response.content))
    response = client.get("/reports/bulletin/2025.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
