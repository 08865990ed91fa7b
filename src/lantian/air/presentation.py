"""How the public air pages name and colour things: pollutants, levels, numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lantian.air.aqi import Level, level_info
from lantian.air.monthly import MonthlyReport
from lantian.air.standards import HJ633_2026_LEVELS
from lantian.core.i18n import localized

# code → (plain text, HTML with subscripts)
POLLUTANTS: dict[str, tuple[str, str]] = {
    "pm25": ("PM2.5", "PM<sub>2.5</sub>"),
    "pm10": ("PM10", "PM<sub>10</sub>"),
    "o3": ("O3", "O<sub>3</sub>"),
    "o3_8h": ("O3_8h", "O<sub>3</sub>_8h"),
    "no2": ("NO2", "NO<sub>2</sub>"),
    "so2": ("SO2", "SO<sub>2</sub>"),
    "co": ("CO", "CO"),
}
HOURLY = ("pm25", "pm10", "o3", "no2", "so2", "co")
DAILY = ("pm25", "pm10", "o3_8h", "no2", "so2", "co")
MICROGRAMS = "µg/m³"
MILLIGRAMS = "mg/m³"
# Text on a level colour: dark on green, yellow and orange, white on red, purple, maroon.
_DARK_TEXT_LEVELS = (1, 2, 3)
NO_DATA_COLOR = "#8a8a8a"


def unit(code: str) -> str:
    return MILLIGRAMS if code == "co" else MICROGRAMS


def pollutant_text(code: str) -> str:
    return POLLUTANTS.get(code, (code.upper(), ""))[0]


def pollutant_html(code: str) -> SafeString:
    text, html = POLLUTANTS.get(code, (code.upper(), ""))
    return mark_safe(html) if html else format_html("{}", text)


def pollutants_text(codes: list[str]) -> str:
    return ", ".join(pollutant_text(c) for c in codes)


def pollutants_html(codes: list[str]) -> SafeString:
    return mark_safe(", ".join(pollutant_html(c) for c in codes))


def fmt(value: float | None, code: str = "") -> str:
    """A concentration as published: CO to one decimal, the others whole; — when missing."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.1f}" if code == "co" else f"{value:.0f}"


def round_value(value: float | None, code: str = "") -> float | int | None:
    if value is None or math.isnan(value):
        return None
    return round(value, 1) if code == "co" else round(value)


def category(level: Level | None) -> str:
    if level is None:
        return _("No data")
    return localized(level.category_zh, level.category_en)


def health(level: Level | None) -> str:
    return localized(level.health_zh, level.health_en) if level else ""


def measures(level: Level | None) -> str:
    return localized(level.measures_zh, level.measures_en) if level else ""


def color(level: Level | None) -> str:
    return level.color_hex if level else NO_DATA_COLOR


def text_color(level: Level | None) -> str:
    return "#1a1a1a" if level is None or level.number in _DARK_TEXT_LEVELS else "#ffffff"


@dataclass(frozen=True)
class LegendEntry:
    level: Level
    low: int
    high: int | None  # None: open-ended top level

    @property
    def name(self) -> str:
        return category(self.level)

    @property
    def color(self) -> str:
        return self.level.color_hex

    @property
    def text_color(self) -> str:
        return text_color(self.level)

    @property
    def range(self) -> str:
        return f"{self.low}–{self.high}" if self.high else f"> {self.low - 1}"


def legend(on: date | None = None) -> list[LegendEntry]:
    """The six levels with their AQI ranges (the breakpoints are the same in both editions)."""
    entries: list[LegendEntry] = []
    low = 0
    for number, row in enumerate(HJ633_2026_LEVELS, start=1):
        high = row.get("upper") if number < len(HJ633_2026_LEVELS) else None
        level = level_info("cn", number, on)
        assert level is not None
        entries.append(LegendEntry(level, low, high))
        low = (high or 0) + 1
    return entries


# ECharts visualMap pieces for AQI values (the same breakpoints 50/100/150/200/300).
def visual_pieces(on: date | None = None) -> list[dict]:
    pieces = []
    for entry in legend(on):
        piece: dict = {"min": entry.low, "color": entry.color, "label": entry.name}
        if entry.high is not None:
            piece["max"] = entry.high
        pieces.append(piece)
    return pieces


# ---- the monthly report: why a month is not final (GB 3095 Table 4, decision 0015)


@dataclass(frozen=True)
class Status:
    """Why a month's figures are not final: its headline (“截至12月5日，有效天数5天”)
    and what follows from it."""

    running: bool
    headline: str
    explanation: str


def month_status(report: MonthlyReport) -> Status | None:
    """None for a complete month; else why its figures are provisional or indicative."""
    city = report.city
    if city.complete:
        return None
    if city.running:
        day = date_format(city.as_of, "MONTH_DAY_FORMAT") if city.as_of else "—"
        return Status(
            running=True,
            headline=_("As of %(day)s: %(days)s valid days")
            % {"day": day, "days": city.valid_days},
            explanation=_(
                "The month is not over, so these figures are provisional. The districts "
                "are ranked and the month is compared with the same month last year once "
                "it is complete."
            ),
        )
    return Status(
        running=False,
        headline=_("Incomplete month: %(days)s valid days") % {"days": city.valid_days},
        explanation=_(
            "GB 3095 requires at least %(min)s valid daily values of each pollutant for a "
            "monthly value, so these figures are indicative. The districts are not ranked "
            "and the month is not compared with the same month last year."
        )
        % {"min": city.min_days},
    )


def comparison_note(report: MonthlyReport) -> str:
    """Why there is no comparison with last year (empty when there is one)."""
    last = report.last_year
    if report.change is not None:
        return ""
    if not report.city.complete:
        return _("No comparison with the same month last year: this month is not complete.")
    if last is None:
        return _("No data for the same month last year.")
    return _(
        "No comparison: the same month last year has %(days)s valid days, fewer than the "
        "%(min)s GB 3095 requires."
    ) % {"days": last.valid_days, "min": last.min_days}


def ranking_note(report: MonthlyReport) -> str:
    """Why there is no district ranking (empty when there is one)."""
    if report.ranking:
        return ""
    if not report.city.complete:
        return _("The districts are ranked only for a complete month.")
    return _("No district data for this month.")
