"""EIA projects (建设项目环境影响评价), their public notices and the pauses of their
statutory decision period. The clock itself is :mod:`lantian.eia.clock`."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.core.privatefiles import RandomName, private_storage
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

    class AcceptanceResult(models.TextChoices):
        PASSED = "passed", _("Passed")
        NOT_PASSED = "not_passed", _("Not passed")

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
    # The national investment project code (全国投资项目在线审批监管平台项目代码, e.g.
    # 2101-320500-04-01-123456): the key of the XLSX import from the national EIA
    # approval platform (one project per code).
    project_code = models.CharField(_("investment project code"), max_length=40, blank=True)
    # Completion acceptance (竣工环境保护验收): run by the builder, reported to the public
    # within 5 working days of the report and for at least 20 working days, filed on the
    # national acceptance platform within 5 working days after the publicity ends
    # (《建设项目竣工环境保护验收暂行办法》).
    completed_on = models.DateField(_("date completed"), null=True, blank=True)
    commissioning_from = models.DateField(_("commissioning from"), null=True, blank=True)
    commissioning_to = models.DateField(_("commissioning to"), null=True, blank=True)
    acceptance_report_on = models.DateField(
        _("date of the acceptance report"), null=True, blank=True
    )
    acceptance_result = models.CharField(
        _("acceptance result"), max_length=20, choices=AcceptanceResult.choices, blank=True
    )
    acceptance_monitor = models.CharField(
        _("acceptance monitoring unit"), max_length=200, blank=True
    )
    acceptance_opinion = models.TextField(_("acceptance opinion"), blank=True)
    acceptance_filed_on = models.DateField(
        _("date filed on the national acceptance platform"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-accepted_on", "-pk"]
        permissions = [("decide_project", "Can record the decision on an EIA project")]
        constraints = [
            models.UniqueConstraint(
                fields=["project_code"],
                condition=~models.Q(project_code=""),
                name="eia_one_project_per_code",
            )
        ]
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


class Document(models.Model):
    """A document of a project: the full text (staff only) or the public version with
    the redactions the law allows (state secrets, trade secrets, personal data). Every
    file lives in private storage: the public version reaches the public through a view
    that checks it is the public version of a public project; the full text only staff
    of the EIA back office (docs/decisions/0028-eia-comments-documents-back-office.md)."""

    class Kind(models.TextChoices):
        EIA_DOCUMENT = "eia_document", _("EIA document")
        PARTICIPATION = "participation", _("Public participation statement")
        DECISION = "decision", _("Decision document")
        ACCEPTANCE_REPORT = "acceptance_report", _("Completion acceptance report")
        OTHER = "other", _("Other document")

    class Version(models.TextChoices):
        FULL = "full", _("Full text (staff only)")
        PUBLIC = "public", _("Public version")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=10, choices=Version.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("eia"), max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "version", "pk"]
        verbose_name = _("EIA document")
        verbose_name_plural = _("EIA documents")

    def __str__(self) -> str:
        return f"{self.project} · {self.title}"


class Comment(models.Model):
    """A member of the public's comment on an open notice. The name is optional and shown
    only once the comment is published; the contact is for the bureau alone and never
    reaches a public page or the API."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        NOT_PUBLISHED = "not_published", _("Not published")

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    text = models.TextField(_("comment"), max_length=2000)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    reason = models.TextField(_("reason not published"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    reply = models.TextField(_("the bureau's reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("comment on an EIA notice")
        verbose_name_plural = _("comments on EIA notices")

    def __str__(self) -> str:
        return f"{self.notice} · {self.pk}"


class ProjectImport(models.Model):
    """One XLSX file of projects and decisions from the national EIA approval platform,
    kept as received with the report of its rows (created, updated, unchanged, refused
    with reasons)."""

    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    raw = models.BinaryField(_("file as received"))
    report = models.JSONField(_("report"), default=dict)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("EIA project import")
        verbose_name_plural = _("EIA project imports")

    def __str__(self) -> str:
        return self.filename
