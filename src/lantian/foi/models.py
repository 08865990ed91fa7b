"""Disclosure on application (依申请公开): applications, their events and documents, the
letter templates, and the reconsideration and litigation record for table 四.

The statutory clock is not stored here: it is the core legal clock's event log
(:data:`lantian.foi.clock.REPLY_CLOCK`), replayed whenever a due date is needed.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantian.core.models import Department
from lantian.core.privatefiles import RandomName, private_storage
from lantian.foi.replies import REPLY_TYPES


class Application(models.Model):
    """One application for government information, from receipt to archive."""

    class ApplicantType(models.TextChoices):
        # the seven columns of table 三 (国办公开办函〔2021〕30号), minus 总计
        NATURAL_PERSON = "natural_person", _("Natural person")
        COMMERCIAL = "commercial", _("Commercial enterprise")
        RESEARCH = "research", _("Research institution")
        PUBLIC_INTEREST = "public_interest", _("Social public-interest organisation")
        LEGAL_SERVICE = "legal_service", _("Legal service institution")
        OTHER_ORGANISATION = "other_organisation", _("Other organisation")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        PASSPORT = "passport", _("Passport")
        HK_MACAO_PERMIT = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
        TAIWAN_PERMIT = "taiwan", _("Mainland travel permit for Taiwan residents")
        CREDIT_CODE = "credit_code", _("Unified social credit code")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        # how it arrived decides the receipt date (条例 Art. 31)
        ONLINE = "online", _("Online form")
        IN_PERSON = "in_person", _("In person")
        REGISTERED_POST = "registered_post", _("Registered post")
        ORDINARY_POST = "ordinary_post", _("Ordinary post")
        FAX = "fax", _("Fax")
        EMAIL = "email", _("Email")

    class Form(models.TextChoices):
        PAPER = "paper", _("Paper")
        ELECTRONIC = "electronic", _("Electronic")

    class Delivery(models.TextChoices):
        POST = "post", _("Post")
        EMAIL = "email", _("Email")
        PICK_UP = "pick_up", _("Pick up in person")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")  # registered, not yet assigned
        ASSIGNED = "assigned", _("Assigned")
        SUPPLEMENT = "supplement", _("Awaiting supplement")  # 补正, clock restarts on receipt
        CONSULTATION = "consultation", _("In consultation")  # clock paused
        FEE = "fee", _("Awaiting fee payment")  # clock paused
        DRAFTED = "drafted", _("Reply drafted")
        IN_REVIEW = "in_review", _("Reply in review")
        REPLIED = "replied", _("Replied")
        ARCHIVED = "archived", _("Archived")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ABANDONED = "abandoned", _("Closed: no supplement or fee")  # （六）1 / （六）2

    tracking_code = models.CharField(_("tracking code"), max_length=30, unique=True)
    verification_hash = models.CharField(max_length=128, editable=False)
    # applicant (personal data: never on a public page or in the public API)
    applicant_type = models.CharField(
        _("applicant type"), max_length=20, choices=ApplicantType.choices
    )
    name = models.CharField(_("name"), max_length=200)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("ID number"), max_length=50)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    # the request
    description = models.TextField(_("information sought"))
    document_hint = models.CharField(_("document name or number"), max_length=300, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices, default=Form.ELECTRONIC)
    delivery = models.CharField(
        _("delivery"), max_length=12, choices=Delivery.choices, default=Delivery.EMAIL
    )
    fee_waiver_requested = models.BooleanField(_("fee reduction requested"), default=False)
    # receipt (条例 Art. 31)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(
        _("date of receipt"),
        null=True,
        blank=True,
        help_text=_(
            "Art. 31: signed for (registered post), confirmed (ordinary post, online, "
            "fax) or handed in (in person). Empty until confirmed."
        ),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # handling
    state = models.CharField(
        _("state"), max_length=14, choices=State.choices, default=State.RECEIVED
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="foi_applications",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_cases",
    )
    internal_due = models.DateField(_("internal due date"), null=True, blank=True)
    # the reply
    reply_type = models.CharField(
        _("reply type"),
        max_length=40,
        blank=True,
        choices=[(r.key, f"{r.row} {r.label_zh}") for r in REPLY_TYPES],
    )
    reply_text = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("date of reply"), null=True, blank=True)
    # fees (国办函〔2020〕109号)
    fee_amount = models.DecimalField(
        _("fee (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    # follow-ups
    proactive_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("published proactively as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_applications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "department"]),
            models.Index(fields=["received_on"]),
        ]
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")

    def __str__(self) -> str:
        return self.tracking_code


class CaseEvent(models.Model):
    """The case timeline: every step taken, by whom, with the document it produced."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.on}"


class LetterTemplate(models.Model):
    """The text of a letter to applicants or third parties, edited by administrators;
    placeholders like {{ tracking_code }} are filled from the case (Django template)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Acknowledgement of receipt")
        SUPPLEMENT = "supplement", _("Notice to supplement (补正告知书)")
        EXTENSION = "extension", _("Notice of extension (延期答复告知书)")
        THIRD_PARTY = "third_party", _("Request for a third party's opinion (征求第三方意见书)")
        FEE = "fee", _("Fee notice (收费通知书)")
        REPLY = "reply", _("Reply letter (答复告知书)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"))
    remedies = models.TextField(
        _("remedies wording"),
        blank=True,
        help_text=_("The appeal-rights paragraph added to appealable replies."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """A generated letter, kept as issued (DOCX and PDF)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterTemplate.Kind.choices)
    issued_on = models.DateField(_("issued on"))
    # personal data: private storage, random names (lantian.core.privatefiles)
    docx = models.FileField(
        _("DOCX"), storage=private_storage, upload_to=RandomName("foi/letters"), max_length=200
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=RandomName("foi/letters"), max_length=200
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.issued_on}"

    def download_name(self, fmt: str) -> str:
        """The name the file is downloaded under (its stored name is random)."""
        return f"{self.application.tracking_code}-{self.kind}-{self.issued_on:%Y%m%d}.{fmt}"


class ReleasedFile(models.Model):
    """Information released to the applicant with the reply."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="released_files"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("foi/released"), max_length=200
    )
    pages = models.PositiveIntegerField(_("pages"), default=0)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("released file")
        verbose_name_plural = _("released files")

    def __str__(self) -> str:
        return self.title

    def download_name(self) -> str:
        """The name the file is downloaded under (its stored name is random)."""
        suffix = PurePosixPath(self.file.name).suffix.lower() or ".bin"
        return f"{self.application.tracking_code}-{self.pk}{suffix}"


class Remedy(models.Model):
    """An administrative reconsideration or lawsuit about a disclosure decision (table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
        LITIGATION_DIRECT = "litigation_direct", _("Lawsuit without reconsideration")
        LITIGATION_AFTER = "litigation_after", _("Lawsuit after reconsideration")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        CORRECTED = "corrected", _("Corrected")
        OTHER = "other", _("Other result")
        PENDING = "pending", _("Not yet concluded")

    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remedies",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-filed_on"]
        verbose_name = _("reconsideration or lawsuit")
        verbose_name_plural = _("reconsiderations and lawsuits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"
