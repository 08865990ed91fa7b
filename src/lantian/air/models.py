"""Air-quality records: stations, hourly observations, ingestion batches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantian.core.i18n import localized

POLLUTANT_FIELDS = ("so2", "no2", "co", "o3", "pm10", "pm25")


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
        return f"{self.filename or self.source} {self.received_at:%Y-%m-%d %H:%M}"


class Observation(models.Model):
    """One station-hour; ``hour_end`` is the end of the hour (UTC, aware). Concentrations
    in µg/m³, CO in mg/m³; a value marked invalid by the station stays stored but counts
    as missing."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="observations")
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


class Aggregate(models.Model):
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
