"""Administrative approval items (行政审批事项) and their service guides (办事指南).

An item's guide is every element the website-inspection indicators check
(:mod:`lantian.approvals.guides`). Lists inside a guide are structured JSON on the item:
``legal_basis`` is ``[{"law": "《…法》", "article": "第…条"}, …]`` and ``steps`` (the
procedure, in order, drawn as the flow chart) ``[{"name": "受理", "description": "…"}, …]``
— they are read and written whole with the guide and never queried on their own. The
materials are a model of their own: each has files (template, sample) to download.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Files a material's template or sample may be (checked by content, core.uploads).
MATERIAL_FILE_TYPES = ("pdf", "ofd", "docx", "xlsx", "odt", "ods", "jpg", "jpeg", "png")
MATERIAL_FILE_MAX_BYTES = 20 * 1024 * 1024

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$",
    _("Letters, digits and hyphens, at most 40."),
)


class ApprovalItem(models.Model):
    class Kind(models.TextChoices):
        LICENSING = "licensing", _("Administrative licensing")  # 行政许可
        OTHER_POWER = "other_power", _("Other administrative power")  # 其他行政权力
        PUBLIC_SERVICE = "public_service", _("Public service")  # 公共服务

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    authority = models.CharField(_("implementing body"), max_length=200, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    steps = models.JSONField(_("procedure steps"), default=list, blank=True)
    statutory_days = models.PositiveSmallIntegerField(
        _("statutory time limit (working days)"), null=True, blank=True
    )
    promised_days = models.PositiveSmallIntegerField(
        _("promised time limit (working days)"), null=True, blank=True
    )
    free = models.BooleanField(_("free of charge"), default=False)
    fee_amount = models.CharField(_("fee"), max_length=200, blank=True)
    fee_basis = models.CharField(_("basis of the fee"), max_length=300, blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    online_url = models.URLField(_("online entry"), max_length=300, blank=True)
    consultation = models.CharField(_("consultation"), max_length=300, blank=True)
    complaint = models.CharField(_("complaints"), max_length=300, blank=True)
    result_name = models.CharField(_("result (licence name)"), max_length=200, blank=True)
    validity = models.CharField(_("validity of the result"), max_length=200, blank=True)
    review_days = models.PositiveSmallIntegerField(
        _("administrative review within (days)"), null=True, blank=True
    )
    litigation_months = models.PositiveSmallIntegerField(
        _("administrative litigation within (months)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")
        permissions = [("publish_approvalitem", _("Can publish and withdraw a service guide"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promised_days__isnull=True)
                | models.Q(statutory_days__isnull=True)
                | models.Q(promised_days__lte=models.F("statutory_days")),
                name="approvals_item_promised_within_statutory",
                violation_error_message=_(
                    "The promised time limit cannot be longer than the statutory one."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Material(models.Model):
    class Form(models.TextChoices):
        PAPER = "paper", _("Paper")
        ELECTRONIC = "electronic", _("Electronic")
        BOTH = "both", _("Paper and electronic")

    class Original(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        BOTH = "both", _("Original and copy")

    item = models.ForeignKey(
        ApprovalItem, on_delete=models.CASCADE, related_name="materials", verbose_name=_("item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), null=True, blank=True)
    original = models.CharField(
        _("original or copy"), max_length=10, choices=Original.choices, blank=True
    )
    required = models.BooleanField(_("required"), default=True)
    condition = models.CharField(
        _("when it is needed"),
        max_length=300,
        blank=True,
        help_text=_("For a conditional material: the case in which it is needed."),
    )
    fill_in = models.BooleanField(
        _("a form the applicant fills in"),
        default=False,
        help_text=_("A form needs a blank template and a filled-in sample to download."),
    )
    template = models.FileField(
        _("template"), upload_to="approvals/templates/", blank=True, max_length=200
    )
    sample = models.FileField(
        _("sample"), upload_to="approvals/samples/", blank=True, max_length=200
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.name
