"""Pollution-source supervision (污染源监管): the enterprises the bureau supervises, their
permits and outlets, the key-unit lists, self-monitoring data and the exceedance events
found in it.

Emission limits are not stored here: the standards are versioned data in
``sources/data/emission_limits.json`` (:mod:`lantian.sources.limits`), and an outlet
names the standard and the facts that choose a row of its tables (fuel and unit type,
new or existing, special limits, plant class). A permit limit on
:class:`OutletPollutant` overrides the standard's when stricter.

Values are kept as submitted (concentration before oxygen correction, the measured O2,
the HJ 212 data flag); the exceedance engine (:mod:`lantian.sources.exceedance`) corrects
and averages them when it detects events.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantian.core.i18n import localized


def validate_credit_code(value: str) -> None:
    from lantian.sources import creditcode

    problem = creditcode.validate(value)
    if problem is not None:
        reasons = {
            creditcode.CreditCodeError.EMPTY: _("the code is empty"),
            creditcode.CreditCodeError.LENGTH: _("the code must have 18 characters"),
            creditcode.CreditCodeError.CHARACTER: _(
                "the code contains a character not allowed (I, O, Z, S, V or a symbol)"
            ),
            creditcode.CreditCodeError.AUTHORITY: _(
                "the first character is not a registration authority code"
            ),
            creditcode.CreditCodeError.ORGANISATION_TYPE: _(
                "the second character is not an organisation type of that authority"
            ),
            creditcode.CreditCodeError.DIVISION: _(
                "characters 3 to 8 must be digits (administrative division code)"
            ),
            creditcode.CreditCodeError.ORG_CODE_CHECK: _(
                "the organisation code part (characters 9 to 17) fails its check"
            ),
            creditcode.CreditCodeError.CHECK: _("the check character (the 18th) is wrong"),
        }
        raise ValidationError(
            _("Not a valid unified social credit code: %(reason)s"),
            params={"reason": reasons.get(problem, problem)},
            code="credit_code",
        )


class Enterprise(models.Model):
    """A pollutant-discharging unit (排污单位), known by its 统一社会信用代码."""

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        SUSPENDED = "suspended", _("Production suspended")
        CLOSED = "closed", _("Closed")

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey(
        "air.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    latitude = models.DecimalField(
        _("latitude (WGS 84)"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude (WGS 84)"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    industry_code = models.CharField(
        _("industry code (GB/T 4754)"), max_length=5, blank=True, db_index=True
    )
    industry_name = models.CharField(_("industry"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPERATING
    )
    standards = models.JSONField(
        _("applicable emission standards"),
        default=list,
        blank=True,
        help_text=_("Codes of the emission standards that apply, e.g. GB 13223-2011."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)


class Permit(models.Model):
    """A pollutant discharge permit (排污许可证, 国务院令第736号)."""

    class ManagementClass(models.TextChoices):
        KEY = "key", _("Key management")
        SIMPLIFIED = "simplified", _("Simplified management")
        REGISTRATION = "registration", _("Registration")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="permits", verbose_name=_("enterprise")
    )
    number = models.CharField(_("permit number"), max_length=40, unique=True)
    management_class = models.CharField(
        _("management class"), max_length=12, choices=ManagementClass.choices
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    copy = models.FileField(
        _("permit copy"), upload_to="sources/permits/", blank=True, max_length=200
    )

    class Meta:
        ordering = ["enterprise", "-valid_from"]
        verbose_name = _("discharge permit")
        verbose_name_plural = _("discharge permits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="sources_permit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.number


class Outlet(models.Model):
    """A discharge outlet (排放口) and the facts that choose its emission limits."""

    class Kind(models.TextChoices):
        GAS = "gas", _("Flue gas")
        WATER = "water", _("Waste water")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="outlets", verbose_name=_("enterprise")
    )
    code = models.CharField(_("outlet code"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    latitude = models.DecimalField(
        _("latitude (WGS 84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude (WGS 84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    standard = models.CharField(
        _("emission standard"),
        max_length=30,
        help_text=_("The standard whose limits apply, e.g. GB 13223-2011."),
    )
    # The facts that choose a row of the standard's tables (sources.limits.OutletProfile).
    profile = models.JSONField(
        _("limit profile"),
        default=dict,
        blank=True,
        help_text=_(
            "Fuel and unit type, construction or approval date, special limits, plant class."
        ),
    )
    ultra_low = models.BooleanField(
        _("ultra-low emission applies"),
        default=False,
        help_text=_("The 2015 ultra-low emission policy limits apply where stricter."),
    )
    automatic = models.BooleanField(_("automatic monitoring (CEMS)"), default=True)

    class Meta:
        ordering = ["enterprise", "code"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="sources_outlet_code")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.code}"

    def clean(self) -> None:
        from lantian.sources import limits

        if self.standard not in limits.standards():
            raise ValidationError(
                {"standard": _("Unknown emission standard %(code)s.") % {"code": self.standard}}
            )
        try:
            limits.OutletProfile.from_mapping(self.profile or {})
        except ValueError as exc:
            raise ValidationError({"profile": str(exc)}) from None


class OutletPollutant(models.Model):
    """A pollutant an outlet monitors (HJ 212 code), with the permit's limit if it sets one."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="pollutants")
    pollutant = models.CharField(_("pollutant (HJ 212 code)"), max_length=10)
    permit_limit = models.FloatField(
        _("permit limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Overrides the standard's limit when stricter."),
    )

    class Meta:
        ordering = ["outlet", "pollutant"]
        verbose_name = _("monitored pollutant")
        verbose_name_plural = _("monitored pollutants")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "pollutant"], name="sources_outlet_pollutant")
        ]

    def __str__(self) -> str:
        return f"{self.outlet} {self.pollutant}"


class KeyUnitListing(models.Model):
    """An enterprise on the key pollutant-discharging unit list (重点排污单位名录) of a year,
    for one medium, at one level."""

    class Medium(models.TextChoices):
        WATER = "water", _("Water environment")
        AIR = "air", _("Air environment")
        SOIL = "soil", _("Soil pollution")
        NOISE = "noise", _("Noise")
        RISK = "risk", _("Environmental risk")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="listings", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    medium = models.CharField(_("medium"), max_length=6, choices=Medium.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    class Meta:
        ordering = ["-year", "medium", "enterprise"]
        verbose_name = _("key-unit listing")
        verbose_name_plural = _("key-unit listings")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "medium"], name="sources_one_listing_per_medium"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_medium_display()} {self.enterprise}"


class EnterpriseKey(models.Model):
    """Binds an API key to the enterprise whose outlets it may submit data for."""

    api_key = models.OneToOneField(
        "core.ApiKey", on_delete=models.CASCADE, related_name="enterprise_binding"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("enterprise")
    )

    class Meta:
        verbose_name = _("enterprise API key")
        verbose_name_plural = _("enterprise API keys")

    def __str__(self) -> str:
        return f"{self.api_key} → {self.enterprise}"


class EnterpriseAccount(models.Model):
    """A person who acts for an enterprise on the public site: signs in, submits its
    disclosure reports and explains its exceedance events. An administrator issues it (the
    invitation's link sets the password); it is never staff and never opens the back
    office. Revoking it deactivates the user, keeping what it submitted attributed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_account",
        verbose_name=_("user"),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("enterprise")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "user__email"]
        verbose_name = _("enterprise account")
        verbose_name_plural = _("enterprise accounts")

    def __str__(self) -> str:
        return f"{self.user.email} → {self.enterprise}"


class MonitoringBatch(models.Model):
    """One file or API payload of self-monitoring data, kept as received (in the database,
    never under a public URL), with what was accepted and why rows were refused."""

    class Source(models.TextChoices):
        FILE = "file", _("File")
        API = "api", _("API")
        STAFF = "staff", _("Staff upload")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=6, choices=Source.choices)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    raw = models.BinaryField(_("raw payload"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("submitted for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The enterprise whose key submitted it; empty for the bureau's own."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    accepted = models.PositiveIntegerField(_("accepted rows"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    report = models.JSONField(_("report"), default=dict)
    # A large staff upload is imported by a background job (sources.tasks.import_batch):
    # queued, then running with its progress, then done or failed with the reason.
    state = models.CharField(
        _("state"), max_length=7, choices=State.choices, default=State.DONE, db_index=True
    )
    rows_total = models.PositiveIntegerField(_("rows to import"), default=0)
    rows_done = models.PositiveIntegerField(_("rows imported"), default=0)
    error = models.TextField(_("why the import failed"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("monitoring data batch")
        verbose_name_plural = _("monitoring data batches")

    def __str__(self) -> str:
        return f"{self.filename or self.get_source_display()} {self.received_at:%Y-%m-%d %H:%M}"


class Measurement(models.Model):
    """One self-monitoring value of one outlet, pollutant and period (``start``–``end``,
    aware UTC): the concentration as measured, the measured O2 for flue gas, and the
    HJ 212 data flag (``N`` valid; any other flag makes it no value)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="measurements")
    pollutant = models.CharField(_("pollutant"), max_length=10)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    value = models.FloatField(_("value"), null=True, blank=True)
    o2 = models.FloatField(_("measured O2 (%)"), null=True, blank=True)
    flag = models.CharField(_("data flag"), max_length=2, default="N")
    batch = models.ForeignKey(
        MonitoringBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["outlet", "pollutant", "start"]
        verbose_name = _("self-monitoring value")
        verbose_name_plural = _("self-monitoring values")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant", "start"], name="sources_one_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outlet_id} {self.pollutant} {self.start:%Y-%m-%d %H:%M}"


class ExceedanceEvent(models.Model):
    """Consecutive averaging periods of one outlet and pollutant above the limit in force,
    found by the engine. Public as unaudited self-monitoring until staff review it."""

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Not reviewed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="exceedances")
    pollutant = models.CharField(_("pollutant"), max_length=10)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    periods = models.PositiveIntegerField(_("exceeding periods"))
    maximum = models.FloatField(_("maximum"))
    mean = models.FloatField(_("mean"))
    limit = models.FloatField(_("limit"))
    multiple = models.FloatField(
        _("multiple of the limit"),
        null=True,
        blank=True,
        help_text=_("Empty for a value below the lower bound of a range (pH)."),
    )
    limit_source = models.CharField(_("limit source"), max_length=60)
    detected_at = models.DateTimeField(_("detected at"), auto_now=True)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.UNREVIEWED
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    explanation = models.TextField(_("enterprise's explanation"), blank=True)
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("exceedance event")
        verbose_name_plural = _("exceedance events")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant", "start"], name="sources_one_event_per_start"
            )
        ]
        indexes = [models.Index(fields=["start"])]

    def __str__(self) -> str:
        return f"{self.outlet} {self.pollutant} {self.start:%Y-%m-%d %H:%M}"


class KeyUnitList(models.Model):
    """The publication of a year's key-unit lists (重点排污单位名录): due by the end of
    March (环境保护部令第31号; 令第24号 Arts. 9–10), published as a disclosure item."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("disclosure item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_on = models.DateField(_("sent to publication on"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("key-unit list publication")
        verbose_name_plural = _("key-unit list publications")

    def __str__(self) -> str:
        return str(self.year)


class SupervisorySample(models.Model):
    """One result of the bureau's supervisory monitoring (监督性监测) of an outlet: the
    sample, its value as measured and corrected to reference O2, and the limit in force on
    the sampling day it was judged against."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="supervisory_samples")
    pollutant = models.CharField(_("pollutant"), max_length=40)
    sample_no = models.CharField(_("sample number"), max_length=40)
    sampled_on = models.DateField(_("sampled on"))
    value = models.FloatField(_("value"), validators=[MinValueValidator(0)])
    o2 = models.FloatField(_("measured O2 (%)"), null=True, blank=True)
    corrected = models.FloatField(_("corrected value"), null=True, blank=True)
    limit = models.FloatField(_("limit"), null=True, blank=True)
    limit_low = models.FloatField(_("lower limit"), null=True, blank=True)
    limit_source = models.CharField(_("limit source"), max_length=60, blank=True)
    compliant = models.BooleanField(_("compliant"), null=True)
    monitored_by = models.CharField(_("monitored by"), max_length=100, blank=True)
    batch = models.ForeignKey(
        MonitoringBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sampled_on", "outlet", "pollutant"]
        verbose_name = _("supervisory monitoring result")
        verbose_name_plural = _("supervisory monitoring results")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant", "sample_no"], name="sources_one_result_per_sample"
            )
        ]
        indexes = [models.Index(fields=["sampled_on"])]

    def __str__(self) -> str:
        return f"{self.outlet} {self.pollutant} {self.sample_no}"


class SupervisoryReport(models.Model):
    """A quarter's supervisory-monitoring report, sent to publication as a disclosure item."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("disclosure item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_on = models.DateField(_("sent to publication on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("supervisory monitoring report")
        verbose_name_plural = _("supervisory monitoring reports")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="sources_one_report_a_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"
