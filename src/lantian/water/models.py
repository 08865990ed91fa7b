"""Water monitoring sites, their samples and the files that brought them.

- A :class:`Sample` holds its values as one JSON object keyed by the engine's item keys
  (``{"nh3_n": 0.42, "iron": 0.05, …}``, mg/L; faecal coliform per litre; pH
  dimensionless; water temperature ℃), not one row per item: the engines
  (:mod:`lantian.water.gb3838`, :mod:`lantian.water.drinking`) take one array per item
  over many samples, which one query of ``(site, sampled_on, values)`` fills; a site's
  month is one row instead of up to 29, and an item's series is still one query with a
  JSON key transform (``values__nh3_n``) on SQLite and PostgreSQL alike.
- The class is not stored: the vectorised engine computes it over every sample in
  milliseconds, and a stored class would go stale when the standard's data or the
  evaluation rules change.
- A value reported below the detection limit (``0.01L``) is stored as half the limit and
  the limit is kept in ``detection_limits`` (see :mod:`lantian.water.ingest`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantian.core.i18n import localized


class Site(models.Model):
    class Kind(models.TextChoices):
        DRINKING_SURFACE = "drinking_surface", _("Drinking-water source (surface water)")
        DRINKING_GROUNDWATER = "drinking_groundwater", _("Drinking-water source (groundwater)")
        RIVER_SECTION = "river_section", _("River section")
        LAKE_RESERVOIR = "lake_reservoir", _("Lake or reservoir")

    class WaterBody(models.TextChoices):
        RIVER = "river", _("River")
        LAKE = "lake", _("Lake or reservoir")

    class Target(models.TextChoices):
        I = "I", "I"  # noqa: E741
        II = "II", "II"
        III = "III", "III"
        IV = "IV", "IV"
        V = "V", "V"

    DRINKING = (Kind.DRINKING_SURFACE, Kind.DRINKING_GROUNDWATER)

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    water_body = models.CharField(
        _("water body"),
        max_length=5,
        choices=WaterBody.choices,
        blank=True,
        help_text=_(
            "Which column of GB 3838-2002 Table 1 applies (total phosphorus differs for "
            "lakes and reservoirs): a river section is a river, a lake or reservoir a lake; "
            "a surface drinking-water source says which; empty for groundwater."
        ),
    )
    district = models.ForeignKey(
        "air.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="water_sites",
    )
    latitude = models.FloatField(_("latitude (WGS84)"), null=True, blank=True)
    longitude = models.FloatField(_("longitude (WGS84)"), null=True, blank=True)
    target = models.CharField(
        _("target class"), max_length=3, choices=Target.choices, default=Target.III
    )
    design_abstraction = models.FloatField(
        _("designed abstraction (10⁴ t per month)"),
        null=True,
        blank=True,
        help_text=_(
            "Drinking-water sources only: the designed abstraction volume in 10⁴ tonnes "
            "(万吨) per month, used for the volume compliance rate when a month's sample "
            "gives no volume."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("water monitoring site")
        verbose_name_plural = _("water monitoring sites")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def is_drinking(self) -> bool:
        return self.kind in self.DRINKING


class SampleBatch(models.Model):
    """One file of samples, kept as received, with what was accepted and why rows were
    refused."""

    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    raw = models.BinaryField(_("raw payload"))
    report = models.JSONField(_("report"), default=dict)
    created = models.PositiveIntegerField(_("samples created"), default=0)
    updated = models.PositiveIntegerField(_("samples updated"), default=0)
    unchanged = models.PositiveIntegerField(_("samples unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rows refused"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("water sample file")
        verbose_name_plural = _("water sample files")

    def __str__(self) -> str:
        return self.filename or self.sha256[:12]


class Sample(models.Model):
    """One site's sample of one day; ``month`` (its first day) is derived for the monthly
    reports."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="samples"
    )
    sampled_on = models.DateField(_("sampled on"))
    month = models.DateField(_("month"), db_index=True, editable=False)
    values = models.JSONField(_("values"), default=dict)
    detection_limits = models.JSONField(
        _("detection limits"),
        default=dict,
        blank=True,
        help_text=_("Items reported below the detection limit, with that limit."),
    )
    abstraction = models.FloatField(
        _("abstraction that month (10⁴ t)"),
        null=True,
        blank=True,
        help_text=_("Drinking-water sources: the volume abstracted in the month, 10⁴ tonnes."),
    )
    batch = models.ForeignKey(
        SampleBatch,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="samples",
        help_text=_("The file that last changed it; empty when staff entered it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "sampled_on"]
        constraints = [
            models.UniqueConstraint(fields=["site", "sampled_on"], name="water_sample_site_day")
        ]
        verbose_name = _("water sample")
        verbose_name_plural = _("water samples")

    def __str__(self) -> str:
        return f"{self.site.code} {self.sampled_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.month = self.sampled_on.replace(day=1)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
