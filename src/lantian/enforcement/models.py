"""Enforcement (执法监管): administrative penalty decisions, inspections, enterprise
environmental credit ratings and the enterprises' own disclosure reports (令第24号).

What the law times is not stored as hand-edited fields: a penalty's publication check
(7 working days, :func:`lantian.enforcement.deadlines.penalty_publication`) and a
report's status (15 March, 5 working days) are computed by the selectors from the dates
recorded here. A credit rating's score, level and colour are stored, but only the
service writes them, from :func:`lantian.enforcement.rating.rate` at save time.

The offender's name of a penalty against an individual is personal data: it is kept
here for the bureau and never shown in public but masked (``core.privacy``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.core.privatefiles import RandomName, private_storage
from lantian.enforcement import rating

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Penalty(models.Model):
    """An administrative penalty decision (行政处罚决定书)."""

    class OffenderKind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise or other organisation")
        INDIVIDUAL_BUSINESS = "individual_business", _("Individual business")
        INDIVIDUAL = "individual", _("Individual")

    class PenaltyType(models.TextChoices):
        # 《中华人民共和国行政处罚法》 (2021) Art. 9 and 《生态环境行政处罚办法》 Art. 8
        WARNING = "warning", _("Warning")
        PUBLIC_CRITICISM = "public_criticism", _("Public criticism")
        FINE = "fine", _("Fine")
        DAILY_FINE = "daily_fine", _("Continuous daily fine")
        CONFISCATION = "confiscation", _("Confiscation of illegal gains or property")
        PRODUCTION_RESTRICTION = "production_restriction", _("Order to restrict production")
        SUSPENSION = "suspension", _("Order to suspend production or business")
        PERMIT_SUSPENSION = "permit_suspension", _("Permit suspended or qualification lowered")
        PERMIT_REVOCATION = "permit_revocation", _("Permit revoked")
        CLOSURE = "closure", _("Order to close")
        DETENTION_REFERRAL = "detention_referral", _("Referred to the police for detention")

    class Status(models.TextChoices):
        EXECUTED = "executed", _("Executed")
        UNDER_REVIEW = "under_review", _("Under administrative review")
        IN_LITIGATION = "in_litigation", _("In administrative litigation")
        REVOKED = "revoked", _("Revoked")

    document_number = models.CharField(_("document number"), max_length=100, unique=True)
    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penalties",
    )
    offender_kind = models.CharField(
        _("offender kind"),
        max_length=20,
        choices=OffenderKind.choices,
        default=OffenderKind.ENTERPRISE,
    )
    offender_name = models.CharField(
        _("offender's name"),
        max_length=100,
        blank=True,
        help_text=_("For an offender not registered as an enterprise. Never shown in public."),
    )
    facts = models.TextField(_("facts of the offence"))
    legal_basis = models.TextField(_("legal basis"))
    penalty_types = models.JSONField(_("penalty types"), default=list)
    fine = models.DecimalField(
        _("fine (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    decided_on = models.DateField(_("date decided"))
    received_on = models.DateField(
        _("date the offender received the decision"),
        null=True,
        blank=True,
        help_text=_(
            "The ad-hoc disclosure report is due 5 working days after; "
            "the decision date when not given."
        ),
    )
    published_on = models.DateField(_("date published"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EXECUTED
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    decision_text = models.TextField(_("full text of the decision"))
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
        ordering = ["-decided_on", "document_number"]
        verbose_name = _("penalty decision")
        verbose_name_plural = _("penalty decisions")

    def __str__(self) -> str:
        return self.document_number

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, message: object) -> None:
            errors.setdefault(field, []).append(message)  # type: ignore[arg-type]

        if self.offender_kind == self.OffenderKind.ENTERPRISE and not self.enterprise_id:
            add("enterprise", _("A penalty on an enterprise names the enterprise."))
        if self.offender_kind == self.OffenderKind.INDIVIDUAL and self.enterprise_id:
            add("enterprise", _("A penalty on an individual names no enterprise."))
        if not self.enterprise_id and not self.offender_name.strip():
            add("offender_name", _("Give the offender's name."))
        types = self.penalty_types
        if not isinstance(types, list) or not types:
            add("penalty_types", _("Choose at least one penalty type."))
        else:
            unknown = [t for t in types if t not in self.PenaltyType.values]
            if unknown:
                add(
                    "penalty_types",
                    _("Unknown penalty types: %(types)s.")
                    % {"types": ", ".join(map(str, unknown))},
                )
            elif len(set(types)) != len(types):
                add("penalty_types", _("A penalty type is listed twice."))
        fined = isinstance(types, list) and bool(
            {self.PenaltyType.FINE, self.PenaltyType.DAILY_FINE} & set(types)
        )
        if fined and not (self.fine and self.fine > 0):
            add("fine", _("A fine needs its amount."))
        if not fined and self.fine and self.fine > 0:
            add("fine", _("An amount is given but no fine is among the penalty types."))
        if self.published_on and self.decided_on and self.published_on < self.decided_on:
            add("published_on", _("A decision cannot be published before it is made."))
        if self.received_on and self.decided_on and self.received_on < self.decided_on:
            add("received_on", _("A decision cannot be received before it is made."))
        if self.status == self.Status.REVOKED and not self.status_reason.strip():
            add("status_reason", _("A revoked decision needs the reason for its revocation."))
        if errors:
            raise ValidationError(errors)

    @property
    def receipt_date(self) -> date:
        """When the offender received the decision (the decision date when not recorded)."""
        return self.received_on or self.decided_on


class Inspection(models.Model):
    """A supervisory inspection (监督检查) of an enterprise."""

    class Kind(models.TextChoices):
        DOUBLE_RANDOM = "double_random", _("Double-random inspection")
        ROUTINE = "routine", _("Routine inspection")
        COMPLAINT = "complaint", _("Complaint-triggered inspection")
        CAMPAIGN = "campaign", _("Special campaign")

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        PROBLEMS = "problems", _("Problems found")
        CASE_OPENED = "case_opened", _("Case opened")

    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("date inspected"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("inspectors' department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("penalty decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-inspected_on", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.inspected_on:%Y-%m-%d}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.result != self.Result.COMPLIANT and not self.findings.strip():
            errors["findings"] = _("Record what the inspection found.")
        if self.penalty_id and self.penalty.enterprise_id != self.enterprise_id:
            errors["penalty"] = _("The penalty decision is about another offender.")
        if errors:
            raise ValidationError(errors)


# 《中华人民共和国行政强制法》 Art. 25, as 《环境保护主管部门实施查封、扣押办法》 (原环境保护部令
# 第29号, 2014) applies it: a measure lasts at most 30 days, extended once, with the head
# of the bureau's approval, by at most 30 more when the case is complex.
COMPULSORY_MAX_DAYS = 30
COMPULSORY_MAX_EXTENSION_DAYS = 30
COMPULSORY_LEGAL_BASIS = (
    "《中华人民共和国环境保护法》第二十五条；《环境保护主管部门实施查封、扣押办法》第四条"
)


class CompulsoryMeasure(models.Model):
    """An administrative compulsory measure (行政强制措施): the decision (查封扣押决定书)
    to seal up or seize an enterprise's facilities or equipment that cause pollution,
    its period, its one extension and its end (解除查封扣押, or a follow-on penalty)."""

    class Kind(models.TextChoices):
        SEAL = "seal", _("Sealing up")
        SEIZE = "seize", _("Seizure")

    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="compulsory_measures",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    decision_number = models.CharField(_("decision number"), max_length=100, unique=True)
    decided_on = models.DateField(_("date decided"))
    facilities = models.TextField(_("facilities and equipment"))
    legal_basis = models.TextField(_("legal basis"), default=COMPULSORY_LEGAL_BASIS)
    period_ends_on = models.DateField(
        _("end of the period"),
        help_text=_("At most 30 days after the decision."),
    )
    extended_to = models.DateField(
        _("extended to"),
        null=True,
        blank=True,
        help_text=_("A complex case may be extended once, by at most 30 days."),
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    lifted_on = models.DateField(_("date lifted"), null=True, blank=True)
    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("related penalty decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compulsory_measures",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-decided_on", "decision_number"]
        verbose_name = _("compulsory measure")
        verbose_name_plural = _("compulsory measures")

    def __str__(self) -> str:
        return self.decision_number

    @property
    def ends_on(self) -> date:
        """The last day of the measure as decided or extended."""
        return self.extended_to or self.period_ends_on

    def clean(self) -> None:
        errors: dict[str, object] = {}
        decided, ends = self.decided_on, self.period_ends_on
        if decided and ends:
            if ends <= decided:
                errors["period_ends_on"] = _("The period ends after the decision date.")
            elif (ends - decided).days > COMPULSORY_MAX_DAYS:
                errors["period_ends_on"] = _(
                    "A seal-up or seizure lasts at most %(days)s days (%(date)s at the latest)."
                ) % {
                    "days": COMPULSORY_MAX_DAYS,
                    "date": (decided + timedelta(days=COMPULSORY_MAX_DAYS)).isoformat(),
                }
        if self.extended_to and ends:
            if self.extended_to <= ends:
                errors["extended_to"] = _("An extension ends after the original period.")
            elif (self.extended_to - ends).days > COMPULSORY_MAX_EXTENSION_DAYS:
                errors["extended_to"] = _(
                    "An extension adds at most %(days)s days (%(date)s at the latest)."
                ) % {
                    "days": COMPULSORY_MAX_EXTENSION_DAYS,
                    "date": (ends + timedelta(days=COMPULSORY_MAX_EXTENSION_DAYS)).isoformat(),
                }
        if self.extended_to and not self.extension_reason.strip():
            errors["extension_reason"] = _("Give the reason for the extension.")
        if not self.extended_to and self.extension_reason.strip():
            errors["extension_reason"] = _("A reason is given but no extension.")
        if self.lifted_on and decided and self.lifted_on < decided:
            errors["lifted_on"] = _("A measure cannot be lifted before it is decided.")
        if (
            self.penalty_id
            and self.enterprise_id
            and self.penalty.enterprise_id != self.enterprise_id
        ):
            errors["penalty"] = _("The penalty decision is about another offender.")
        if errors:
            raise ValidationError(errors)


def scheme_choices() -> list[tuple[str, str]]:
    return [(name, rating.load_scheme(name).title_zh or name) for name in rating.scheme_names()]


class CreditRating(models.Model):
    """One enterprise's environmental credit rating for one year.

    ``inputs`` are the indicator inputs, ``{code: {"score": 85} | {"measured": 92.5},
    optional "band" and "source"}``; ``vetoes`` the codes of the one-vote vetoes that
    apply. ``score``, ``level``, ``colour`` and ``veto`` are the engine's answer, written
    by :func:`lantian.enforcement.services.rate_enterprise` only."""

    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="credit_ratings",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    scheme = models.CharField(_("rating scheme"), max_length=30, choices=scheme_choices)
    inputs = models.JSONField(_("indicator inputs"), default=dict, blank=True)
    vetoes = models.JSONField(_("one-vote vetoes"), default=list, blank=True)
    complete = models.BooleanField(_("every indicator rated"), default=False, editable=False)
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )
    level = models.CharField(_("level"), max_length=20, blank=True, editable=False)
    colour = models.CharField(_("colour"), max_length=7, blank=True, editable=False)
    veto = models.CharField(_("deciding veto"), max_length=40, blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)
    published = models.BooleanField(_("published"), default=False, editable=False)
    published_on = models.DateField(_("date published"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="enforcement_rating_enterprise_year"
            )
        ]
        verbose_name = _("credit rating")
        verbose_name_plural = _("credit ratings")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class CreditObjection(models.Model):
    """An enterprise's objection (异议) to its rating, and its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", pgettext_lazy("objection outcome", "Pending")
        UPHELD = "upheld", pgettext_lazy("objection outcome", "Upheld")
        REJECTED = "rejected", pgettext_lazy("objection outcome", "Rejected")

    rating = models.ForeignKey(
        CreditRating,
        verbose_name=_("credit rating"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    received_on = models.DateField(_("date received"))
    text = models.TextField(_("objection"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.TextField(_("reasons for the outcome"), blank=True)
    decided_on = models.DateField(_("date decided"), null=True, blank=True)

    class Meta:
        ordering = ["rating", "received_on", "pk"]
        verbose_name = _("rating objection")
        verbose_name_plural = _("rating objections")

    def __str__(self) -> str:
        return f"{self.rating} {self.received_on:%Y-%m-%d}"


class CreditRepair(models.Model):
    """Credit repair (信用修复): what the enterprise did, and the level it now has."""

    rating = models.ForeignKey(
        CreditRating,
        verbose_name=_("credit rating"),
        on_delete=models.CASCADE,
        related_name="repairs",
    )
    repaired_on = models.DateField(_("date repaired"))
    measures = models.TextField(_("corrective measures"))
    new_level = models.CharField(_("new level"), max_length=20)

    class Meta:
        ordering = ["rating", "repaired_on", "pk"]
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")

    def __str__(self) -> str:
        return f"{self.rating} → {self.new_level}"


# The annual report's eight categories (《企业环境信息依法披露管理办法》, 令第24号, Art. 12).
REPORT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("basic", "企业基本信息"),
    ("management", "企业环境管理信息"),
    ("pollution", "污染物产生、治理与排放信息"),
    ("carbon", "碳排放信息"),
    ("emergency", "生态环境应急信息"),
    ("violations", "生态环境违法信息"),
    ("adhoc", "本年度临时环境信息依法披露情况"),
    ("other", "法律法规规定的其他环境信息"),
)
REPORT_CATEGORY_CODES = tuple(code for code, _name in REPORT_CATEGORIES)
# What a submitted report must answer ("无" where nothing applies): the annual report every
# category of Art. 12; an ad-hoc report (格式准则 ch. 3) the decision and what it found,
# under 生态环境违法信息 (what the enterprise did about it, under 临时披露, is optional).
REQUIRED_CATEGORIES = {"annual": REPORT_CATEGORY_CODES, "adhoc": ("violations",)}


class DisclosureReport(models.Model):
    """An enterprise's environmental disclosure report (令第24号): the annual report for a
    year (due 15 March of the next), or an ad-hoc report on a triggering document (due 5
    working days after its receipt). A report not yet submitted is the obligation; its
    status (pending, on time, late, missing) is computed by the selectors."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        ADHOC = "adhoc", _("Ad-hoc report")

    enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="disclosure_reports",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("report year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("triggering penalty decision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="adhoc_reports",
    )
    trigger_document = models.CharField(_("triggering document"), max_length=200, blank=True)
    received_on = models.DateField(_("date the document was received"), null=True, blank=True)
    submitted_on = models.DateField(_("date submitted"), null=True, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["enterprise", "-year", "-received_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=Q(kind="annual"),
                name="enforcement_report_annual_once",
            ),
            models.UniqueConstraint(
                fields=["penalty"],
                condition=Q(penalty__isnull=False),
                name="enforcement_report_penalty_once",
            ),
        ]
        verbose_name = _("enterprise disclosure report")
        verbose_name_plural = _("enterprise disclosure reports")

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNUAL:
            return f"{self.enterprise} {self.year}"
        return f"{self.enterprise} {self.trigger_document}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.kind == self.Kind.ANNUAL:
            if self.year is None:
                errors["year"] = _("An annual report names its year.")
        else:
            if self.received_on is None:
                errors["received_on"] = _(
                    "An ad-hoc report needs the date its document was received."
                )
            if not self.trigger_document.strip():
                errors["trigger_document"] = _("An ad-hoc report names its document.")
        if (
            self.submitted_on
            and self.received_on
            and self.kind == self.Kind.ADHOC
            and self.submitted_on < self.received_on
        ):
            errors["submitted_on"] = _("A report cannot be submitted before its document.")
        content = self.content
        if not isinstance(content, dict):
            errors["content"] = _("The content is keyed by the report's categories.")
        else:
            unknown = sorted(set(content) - set(REPORT_CATEGORY_CODES))
            if unknown:
                errors["content"] = _("Unknown categories: %(codes)s.") % {
                    "codes": ", ".join(unknown)
                }
        if errors:
            raise ValidationError(errors)

    def missing_categories(self, content: Any) -> list[str]:
        """The codes a submission of this report must answer and ``content`` leaves empty."""
        content = content if isinstance(content, dict) else {}
        return [
            code
            for code in REQUIRED_CATEGORIES[self.kind]
            if not str(content.get(code) or "").strip()
        ]


REPORT_FILE_EXTENSIONS = ("pdf", "docx", "xlsx", "ofd", "png", "jpg", "jpeg")
REPORT_FILE_MAX_BYTES = 20 * 1024 * 1024
REPORT_FILES_MAX = 10


class DisclosureReportFile(models.Model):
    """An attachment of a disclosure report (monitoring tables, the emergency plan, …),
    checked by its content on upload. Kept in private storage and served by a view that
    checks the report: to everyone once submitted, before that to the enterprise's
    accounts and the bureau's staff only."""

    report = models.ForeignKey(
        DisclosureReport,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("report"),
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("reports"), max_length=200
    )
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]
        verbose_name = _("disclosure report file")
        verbose_name_plural = _("disclosure report files")

    def __str__(self) -> str:
        return self.name
