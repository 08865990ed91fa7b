"""Air-quality records: stations, hourly observations, ingestion batches."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import SafeString
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from lantian.air import batch_report
from lantian.air.aqi import Level, level_info, level_of
from lantian.air.ingest import LOCAL
from lantian.core.i18n import localized

POLLUTANT_FIELDS = ("so2", "no2", "co", "o3", "pm10", "pm25")


@functools.lru_cache(maxsize=65536)
def _local_day(hour_end: datetime) -> date:
    """The local date of an hour: the hour ending 24:00 still belongs to its day (cached:
    ingestion and aggregates ask for every hour)."""
    return (hour_end.astimezone(LOCAL) - timedelta(minutes=1)).date()


class Scored:
    """The level's category, colour and advice for a row with an AQI level (HJ 633 edition
    by the row's date); ``primary_list`` splits the stored primary pollutants."""

    level: int | None
    primary: str

    def _on(self) -> date:
        day = getattr(self, "day", None)
        return day if day is not None else _local_day(self.hour_end)  # type: ignore[attr-defined]

    @property
    def level_detail(self) -> Level | None:
        return level_info("cn", self.level, self._on()) if self.level else None

    @property
    def primary_list(self) -> list[str]:
        return self.primary.split(",") if self.primary else []


class District(models.Model):
    """A district of the city by the name its stations and area values carry, with the
    English name the English site shows (the Chinese name, marked as Chinese, without one)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)


class Station(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National control")
        PROVINCIAL = "provincial", _("Provincial control")
        CITY = "city", _("City control")
        BACKGROUND = "background", _("Background")
        TRAFFIC = "traffic", _("Roadside")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    district = models.CharField(_("district"), max_length=50)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.CITY)
    counts_for_city = models.BooleanField(
        _("counted for the city"),
        default=True,
        help_text=_("Whether the station's values enter the city-wide average."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("monitoring station")
        verbose_name_plural = _("monitoring stations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def display_district(self) -> str:
        return area_name(self.district)


class IngestBatch(models.Model):
    """One file or API payload, kept as received, with what was accepted and why rows
    were refused."""

    class Source(models.TextChoices):
        FILE = "file", _("File")
        API = "api", _("API")
        FOLDER = "folder", _("Watched folder")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    raw = models.BinaryField(_("raw payload"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    accepted = models.PositiveIntegerField(_("accepted rows"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ingestion batch")
        verbose_name_plural = _("ingestion batches")

    def __str__(self) -> str:
        return f"{self.filename or self.source} {localtime(self.received_at):%Y-%m-%d %H:%M}"

    def get_report_display(self) -> SafeString:
        """The report as a table of refused rows and their reasons (the inspect view)."""
        return batch_report.render(self.report or {})


class Observation(Scored, models.Model):
    """One station-hour; ``hour_end`` is the end of the hour (UTC, aware). Concentrations
    in µg/m³, CO in mg/m³; a value marked invalid by the station stays stored but counts
    as missing."""

    # No index of its own: the unique (station, hour_end) constraint serves every lookup by
    # station, and one index fewer per row is a fifth of the ingest's insert cost.
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    hour_end = models.DateTimeField(_("end of hour"))
    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    o3 = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    pm25 = models.FloatField(null=True, blank=True)
    invalid = models.JSONField(_("invalid pollutants"), default=list, blank=True)
    aqi = models.PositiveSmallIntegerField(_("AQI"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    primary = models.CharField(_("primary pollutants"), max_length=60, blank=True)
    batch = models.ForeignKey(IngestBatch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["station", "hour_end"]
        constraints = [
            models.UniqueConstraint(fields=["station", "hour_end"], name="air_one_value_per_hour")
        ]
        indexes = [models.Index(fields=["hour_end"])]
        verbose_name = _("hourly observation")
        verbose_name_plural = _("hourly observations")

    def __str__(self) -> str:
        return f"{self.station_id} {self.hour_end:%Y-%m-%d %H:%M}"


class Aggregate(Scored, models.Model):
    """Concentrations of an averaging period with its AQI; NULL where the data were too
    few to be valid (GB 3095 Table 4)."""

    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    o3 = models.FloatField(null=True, blank=True)
    o3_8h = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    pm25 = models.FloatField(null=True, blank=True)
    aqi = models.PositiveSmallIntegerField(_("AQI"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    primary = models.CharField(_("primary pollutants"), max_length=60, blank=True)

    class Meta:
        abstract = True


CITY = "city"  # the area code of the whole city; districts use their names


def area_names() -> dict[str, str]:
    """Each area's name in the active language: the whole city and every district with a
    record (one query); an area missing here is shown by its stored (Chinese) name."""
    names = {
        name: localized(name, name_en)
        for name, name_en in District.objects.values_list("name", "name_en")
    }
    names[CITY] = str(_("Whole city"))
    return names


def area_name(area: str, names: dict[str, str] | None = None) -> str:
    """An area's name in the active language (``names`` from :func:`area_names` saves
    the query when a page names many areas)."""
    return (names if names is not None else area_names()).get(area, area)


class AreaHour(Aggregate):
    """City or district hourly values: the mean of its counted stations' valid values."""

    area = models.CharField(_("area"), max_length=50)
    hour_end = models.DateTimeField(_("end of hour"))
    stations = models.PositiveSmallIntegerField(_("stations"), default=0)

    class Meta:
        ordering = ["area", "hour_end"]
        constraints = [models.UniqueConstraint(fields=["area", "hour_end"], name="air_area_hour")]
        verbose_name = _("area hourly value")
        verbose_name_plural = _("area hourly values")

    def __str__(self) -> str:
        return f"{self.area} {self.hour_end:%Y-%m-%d %H:%M}"


class StationDay(Aggregate):
    """A station's natural-day values: daily means, maximum 1-hour and 8-hour O3."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))

    class Meta:
        ordering = ["station", "day"]
        constraints = [models.UniqueConstraint(fields=["station", "day"], name="air_station_day")]
        verbose_name = _("station daily value")
        verbose_name_plural = _("station daily values")

    def __str__(self) -> str:
        return f"{self.station_id} {self.day}"


class AreaDay(Aggregate):
    """City or district daily values: the mean of its counted stations' daily values."""

    area = models.CharField(_("area"), max_length=50)
    day = models.DateField(_("day"))
    stations = models.PositiveSmallIntegerField(_("stations"), default=0)

    class Meta:
        ordering = ["area", "day"]
        constraints = [models.UniqueConstraint(fields=["area", "day"], name="air_area_day")]
        verbose_name = _("area daily value")
        verbose_name_plural = _("area daily values")

    def __str__(self) -> str:
        return f"{self.area} {self.day}"


# HJ 633-2026 §6: forecasts cover at least the next 3 days.
MIN_FORECAST_DAYS = 3
FORECAST_POLLUTANTS = (
    ("pm25", "PM2.5"),
    ("pm10", "PM10"),
    ("o3_8h", "O3_8h"),
    ("no2", "NO2"),
    ("so2", "SO2"),
    ("co", "CO"),
)


def area_choices(current: str = "") -> list[tuple[str, str]]:
    """The whole city, then the districts with a record or a station (and ``current``,
    should it be neither), each by its name in the active language."""
    names = area_names()
    areas = dict.fromkeys([CITY, *District.objects.values_list("name", flat=True)])
    areas.update(
        dict.fromkeys(Station.objects.order_by("district").values_list("district", flat=True))
    )
    if current:
        areas.setdefault(current)
    return [(area, names.get(area, area)) for area in areas]


class ForecastForm(WagtailAdminModelForm):
    """The back-office form offers the areas by name and checks the days together, as
    :func:`check_forecast_days`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "area" in self.fields:
            self.fields["area"].widget = forms.Select(choices=area_choices(self.instance.area))

    def clean(self) -> dict:
        cleaned = super().clean()
        formset = self.formsets.get("days")
        issued_at = cleaned.get("issued_at")
        if formset is None or issued_at is None or not formset.is_valid():
            return cleaned
        days = [
            form.cleaned_data["day"]
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("day")
        ]
        for problem in check_forecast_days(days, localdate(issued_at)):
            self.add_error(None, problem)
        return cleaned


class Forecast(ClusterableModel):
    """One issued forecast of an area's air quality: three days or more, each with an AQI
    range, the expected primary pollutant and advice for health and travel."""

    area = models.CharField(_("area"), max_length=50, default=CITY)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("area"),
                FieldPanel("issued_at"),
                FieldPanel("summary"),
                FieldPanel("summary_en"),
            ],
            heading=_("Forecast"),
        ),
        InlinePanel("days", min_num=MIN_FORECAST_DAYS, label=_("Forecast days")),
    ]
    base_form_class = ForecastForm

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("air quality forecast")
        verbose_name_plural = _("air quality forecasts")

    def __str__(self) -> str:
        return f"{self.get_area_display()} {localtime(self.issued_at):%Y-%m-%d %H:%M}"

    def get_area_display(self) -> str:
        """The area's name (the back office's lists and inspect view use it for ``area``)."""
        return area_name(self.area)

    @property
    def display_summary(self) -> str:
        return localized(self.summary, self.summary_en)


class ForecastDay(Orderable):
    forecast = ParentalKey(Forecast, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    aqi_low = models.PositiveSmallIntegerField(_("lowest AQI"))
    aqi_high = models.PositiveSmallIntegerField(_("highest AQI"))
    primary = models.CharField(
        _("primary pollutant"), max_length=10, blank=True, choices=FORECAST_POLLUTANTS
    )
    advice = models.TextField(_("health and travel advice"), blank=True)
    advice_en = models.TextField(_("English advice"), blank=True)

    panels = [
        FieldPanel("day"),
        FieldPanel("aqi_low"),
        FieldPanel("aqi_high"),
        FieldPanel("primary"),
        FieldPanel("advice"),
        FieldPanel("advice_en"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["day"]
        verbose_name = _("forecast day")
        verbose_name_plural = _("forecast days")

    def clean(self) -> None:
        errors = {}
        if self.aqi_low is not None and self.aqi_high is not None:
            if self.aqi_low > self.aqi_high:
                errors["aqi_high"] = _("The highest AQI must not be below the lowest.")
            if self.aqi_high > 500:
                errors["aqi_high"] = _("The AQI scale ends at 500.")
        if errors:
            raise ValidationError(errors)

    @property
    def level_low(self) -> int:
        return level_of(self.aqi_low, "cn", self.day)

    @property
    def level_high(self) -> int:
        return level_of(self.aqi_high, "cn", self.day)

    @property
    def level_low_detail(self) -> Level | None:
        """The lower end's level (category, colour, advice) under the day's HJ 633 edition."""
        return level_info("cn", self.level_low, self.day)

    @property
    def level_high_detail(self) -> Level | None:
        return level_info("cn", self.level_high, self.day)

    @property
    def display_advice(self) -> str:
        return localized(self.advice, self.advice_en)


def check_forecast_days(days: list[date], issued_on: date) -> list[str]:
    """Why a set of forecast days is not a valid forecast (HJ 633-2026 §6); empty when it is.

    The days must be consecutive, start on the issue day or the day after, and cover at
    least :data:`MIN_FORECAST_DAYS` days.
    """
    problems: list[str] = []
    ordered = sorted(days)
    if len(set(ordered)) != len(ordered):
        problems.append(str(_("A day appears twice.")))
    if len(set(ordered)) < MIN_FORECAST_DAYS:
        problems.append(str(_("A forecast covers at least %(n)d days.") % {"n": MIN_FORECAST_DAYS}))
    if ordered and (ordered[0] - issued_on).days not in (0, 1):
        problems.append(str(_("The first day must be the day of issue or the day after.")))
    if any((b - a).days > 1 for a, b in pairwise(ordered)):
        problems.append(str(_("The days must follow one another without a gap.")))
    return problems
