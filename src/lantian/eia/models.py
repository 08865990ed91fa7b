"""EIA projects (建设项目环境影响评价), their public notices and the pauses of their
statutory decision period. The clock itself is :mod:`lantian.eia.clock`."""

from __future__ import annotations

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.eia import clock


def validate_builder_code(value: str) -> None:
    """The builder's 统一社会信用代码, checked as the enterprise register checks it
    (GB 32100-2015, the sources app's validator on ``Enterprise.credit_code``)."""
    field = apps.get_model("sources", "Enterprise")._meta.get_field("credit_code")
    for validator in field.validators:
        validator(value)


class Project(models.Model):
    """A construction project whose EIA document the bureau accepts and decides."""

    class Category(models.TextChoices):
        REPORT_BOOK = clock.Category.REPORT_BOOK.value, _("Environmental impact report")
        REPORT_FORM = clock.Category.REPORT_FORM.value, _("Environmental impact report form")
        REGISTRATION_FORM = (
            clock.Category.REGISTRATION_FORM.value,
            _("Environmental impact registration form"),
        )

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        NOT_APPROVED = "not_approved", _("Not approved")

    class Stage(models.TextChoices):
        """Where the project is, computed from its notices and decision (not stored)."""

        REGISTERED = "registered", pgettext_lazy("EIA stage", "Registered")
        ACCEPTANCE = "acceptance", _("Acceptance notice")
        PRE_APPROVAL = "pre_approval", _("Proposed approval notice")
        DECIDED = "decided", pgettext_lazy("EIA stage", "Decided")
        COMPLETION = "completion", _("Completion acceptance")

    builder_name = models.CharField(_("builder"), max_length=200)
    builder_credit_code = models.CharField(
        _("builder's unified social credit code"),
        max_length=18,
        validators=[validate_builder_code],
        db_index=True,
    )
    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="eia_projects",
    )
    name = models.CharField(_("project name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey(
        "air.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eia_projects",
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
        _("industry code (GB/T 4754)"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Enter the 4-digit class of GB/T 4754."))],
    )
    industry_name = models.CharField(_("industry"), max_length=100, blank=True)
    category = models.CharField(_("EIA category"), max_length=20, choices=Category.choices)
    preparer = models.CharField(_("EIA preparer"), max_length=200, blank=True)
    investment = models.DecimalField(
        _("investment (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    accepted_on = models.DateField(_("date accepted"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("date decided"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-accepted_on", "-pk"]
        verbose_name = _("EIA project")
        verbose_name_plural = _("EIA projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("eia:project", args=[self.pk])


class Notice(models.Model):
    """One public notice of a project on the statutory clock."""

    class Kind(models.TextChoices):
        ACCEPTANCE = clock.Kind.ACCEPTANCE.value, _("Acceptance notice")
        PRE_APPROVAL = clock.Kind.PRE_APPROVAL.value, _("Proposed approval notice")
        DECISION = clock.Kind.DECISION.value, _("Decision notice")
        COMPLETION = clock.Kind.COMPLETION.value, _("Completion acceptance notice")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    published_on = models.DateField(_("date published"), null=True, blank=True)
    disclosure_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("disclosure item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("EIA notice")
        verbose_name_plural = _("EIA notices")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="eia_one_notice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"


class ClockPause(models.Model):
    """Days the statutory decision period does not count."""

    class Reason(models.TextChoices):
        EXPERT_REVIEW = "expert_review", _("Expert review")
        HEARING = "hearing", _("Hearing")
        SUPPLEMENT = "supplement", _("Supplementing documents")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="pauses"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("pause of the decision period")
        verbose_name_plural = _("pauses of the decision period")

    def __str__(self) -> str:
        return f"{self.project} · {self.get_reason_display()}"
