"""The monthly report's charts and PDF print Chinese in a CJK font (what was embedded, not
what was asked for), their axis labels do not run into each other in either language, and
a system without a CJK font gets a log warning when a report is drawn."""

from __future__ import annotations

import itertools
import logging
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from lantian.air import documents, selectors
from lantian.air.models import CITY, AreaDay
from lantian.air.monthly import MonthlyReport
from lantian.core import fonts
from tests.fonthelpers import embedded_fonts, is_cjk, no_fonts

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


def add_month(area: str, pm25: float) -> None:
    """Every day of March 2026 valid, AQI climbing through the six levels."""
    for i in range(31):
        aqi = 30 + i * 10
        AreaDay.objects.create(
            area=area,
            day=MARCH + timedelta(days=i),
            stations=1,
            so2=8,
            no2=30,
            co=0.7,
            o3_8h=120,
            pm10=70,
            pm25=pm25,
            aqi=aqi,
            level=min(6, 1 + sum(aqi > edge for edge in (50, 100, 150, 200, 300))),
        )


@pytest.fixture
def march() -> MonthlyReport:
    add_month(CITY, 40)
    add_month("东区", 45)
    add_month("西区", 35)
    report = selectors.monthly_report(2026, 3)
    assert report is not None
    return report


def figures(report: MonthlyReport) -> list[Figure]:
    levels = documents.level_rows(report)
    scored = documents._scored(report, documents.rank_rows(report))
    assert len(scored) == 2  # both districts ranked: the ranking chart is drawn
    return [
        documents.levels_figure(levels),
        documents.daily_figure(report, levels),
        documents.ranking_figure(scored),
    ]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_charts_draw_chinese_in_a_cjk_font(march: MonthlyReport) -> None:
    """DejaVu Sans, matplotlib's silent fallback, draws every Chinese character as a box."""
    with translation.override("zh-hans"):
        drawn = figures(march)
    for figure in drawn:
        labels = [t for t in figure.findobj(Text) if has_chinese(t.get_text())]
        assert labels  # titles, axis labels, level and district names
        for label in labels:
            path = font_manager.findfont(label.get_fontproperties(), fallback_to_default=False)
            face = font_manager.get_font(path)
            assert all(
                face.get_char_index(ord(ch)) for ch in label.get_text() if has_chinese(ch)
            ), (label, path)
        out = BytesIO()
        figure.savefig(out, format="pdf")
        embedded = embedded_fonts(out.getvalue())
        assert embedded and all(is_cjk(name) for name in embedded), embedded


def test_pdf_embeds_a_cjk_font(march: MonthlyReport) -> None:
    with translation.override("zh-hans"):
        pdf = documents.pdf_document(march).write_pdf(uncompressed_pdf=True)
    assert any(is_cjk(name) for name in embedded_fonts(pdf)), embedded_fonts(pdf)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_axis_labels_do_not_overlap(march: MonthlyReport, language: str) -> None:
    """English level names (“Moderately polluted”) ran into each other under the bars."""
    with translation.override(language):
        drawn = figures(march)
    for figure in drawn:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        for ax in figure.axes:
            for labels, low, high in (
                (ax.get_xticklabels(), "x0", "x1"),
                (ax.get_yticklabels(), "y0", "y1"),
            ):
                boxes = sorted(
                    (t.get_window_extent(renderer) for t in labels if t.get_text()),
                    key=lambda box: getattr(box, low),
                )
                assert boxes
                for first, second in itertools.pairwise(boxes):
                    assert getattr(first, high) <= getattr(second, low), (language, first, second)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_a_report_drawn_without_a_cjk_font_logs_a_warning(
    march: MonthlyReport,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    no_fonts(monkeypatch, tmp_path)
    try:
        with translation.override("zh-hans"), caplog.at_level(logging.WARNING):
            context = documents.report_context(march)
            documents.pdf_document(march, context)
    finally:
        fonts.reset()
    warned = [r.getMessage() for r in caplog.records if r.name == "lantian.core.fonts"]
    assert len(warned) == 2  # the charts, the PDF
    assert all("empty boxes" in message for message in warned)


def test_no_warning_with_the_font(march: MonthlyReport, caplog: Any) -> None:
    with translation.override("zh-hans"), caplog.at_level(logging.WARNING):
        documents.charts(march)
    assert [r for r in caplog.records if r.name == "lantian.core.fonts"] == []
