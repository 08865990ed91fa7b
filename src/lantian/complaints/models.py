"""Public interaction (政民互动): complaints from every channel in one case model, the
rules that route them and time them, their handling record, inspection-team batches,
typical cases and hot-topic responses.

The statutory clocks are not stored here: intake and handling are core legal clocks
(:mod:`lantian.complaints.clock`) replayed from the core ClockEvent log. Personal data
(name, phone, e-mail, ID number, home address) is on :class:`Complaint` only, and
never reaches a public page, feed, download or the public API.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantian.complaints.rules import Channel as ChannelCode
from lantian.core.clock import Unit
from lantian.core.i18n import localized
from lantian.core.models import Department
from lantian.core.privatefiles import RandomName, private_storage


class Channel(models.TextChoices):
    HOTLINE_12369 = ChannelCode.HOTLINE_12369, _("12369 hotline")
    WECHAT_12369 = ChannelCode.WECHAT_12369, _("12369 WeChat and web")
    ONLINE = ChannelCode.ONLINE, _("Online complaint")
    MAILBOX = ChannelCode.MAILBOX, _("Director's mailbox")
    PETITION_LETTER = ChannelCode.PETITION_LETTER, _("Petition by letter")
    PETITION_VISIT = ChannelCode.PETITION_VISIT, _("Petition by visit")
    SUPERVISION = ChannelCode.SUPERVISION, _("Public-supervision report")
    INSPECTION = ChannelCode.INSPECTION, _("Inspection-team referral")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = Unit.WORKING_DAYS, _("working days")
    # not the holiday table's "calendar days" (节假日): a count of natural days (自然日)
    CALENDAR_DAYS = Unit.CALENDAR_DAYS, pgettext_lazy("time unit", "calendar days")


class Category(models.Model):
    """What a complaint is about (air, water, noise, …); administrators edit the list.
    ``attributes`` are the extra questions asked for it, published as the Open311
    service definition: ``[{"code", "datatype", "required", "description",
    "description_en", "order", "values": [{"key", "name", "name_en"}]}]``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    attributes = models.JSONField(_("extra questions"), default=list, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)


class RoutingRule(models.Model):
    """Category × district → the department or district bureau that handles it.
    An empty category or district matches any; the most specific rule wins."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    district = models.ForeignKey(
        "air.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="complaint_routing_rules",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="complaint_routing_rules",
    )

    class Meta:
        # Pairs with an empty side ("any") are kept unique by the service (SQLite has no
        # NULLS NOT DISTINCT).
        constraints = [
            models.UniqueConstraint(
                fields=["category", "district"], name="complaints_routing_unique"
            )
        ]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.category_label()} × {self.district_label()} → {self.department}"

    # The columns of the back-office list: an empty side reads "any", not "None".
    def category_label(self) -> str:
        return str(self.category) if self.category_id else str(_("Any category"))

    category_label.short_description = _("category")  # type: ignore[attr-defined]
    category_label.admin_order_field = "category__sort_order"  # type: ignore[attr-defined]

    def district_label(self) -> str:
        return str(self.district) if self.district_id else str(_("Any district"))

    district_label.short_description = _("district")  # type: ignore[attr-defined]
    district_label.admin_order_field = "district__name"  # type: ignore[attr-defined]


class ChannelRule(models.Model):
    """The time limits of one channel (defaults in :mod:`lantian.complaints.rules`)."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, unique=True)
    intake_limit = models.PositiveSmallIntegerField(
        _("intake decision within"), validators=[MinValueValidator(1)]
    )
    intake_unit = models.CharField(_("unit"), max_length=14, choices=TimeUnit.choices)
    handling_limit = models.PositiveSmallIntegerField(
        _("handled within (from acceptance)"), validators=[MinValueValidator(1)]
    )
    handling_unit = models.CharField(_("unit"), max_length=14, choices=TimeUnit.choices)
    max_extension = models.PositiveSmallIntegerField(
        _("longest extension"), validators=[MaxValueValidator(365)]
    )
    public_message = models.BooleanField(
        _("public message"),
        default=False,
        help_text=_(
            "Messages the public posts and sees answered: the website inspection's "
            "2- and 3-month alarms apply."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["channel"]
        verbose_name = _("channel rule")
        verbose_name_plural = _("channel rules")

    def __str__(self) -> str:
        return self.get_channel_display()


class InspectionBatch(models.Model):
    """A batch of cases an inspection team referred (督察交办), imported from its XLSX."""

    batch_no = models.CharField(_("batch number"), max_length=40, unique=True)
    team = models.CharField(_("inspection team"), max_length=200)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("results due"))
    source = models.FileField(
        _("imported file"),
        storage=private_storage,
        upload_to=RandomName("complaints/batches"),
        max_length=200,
        blank=True,
    )
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    raw_rows = models.JSONField(default=list, blank=True, editable=False)
    results_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("published results"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_published_on = models.DateField(_("results published on"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-batch_no"]
        verbose_name = _("inspection batch")
        verbose_name_plural = _("inspection batches")

    def __str__(self) -> str:
        return self.batch_no


class Complaint(models.Model):
    """One case, whatever the channel: from receipt to a reply the complainant can read."""

    class MailboxKind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLAINT = "complaint", _("Complaint")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")  # awaiting the intake decision
        ACCEPTED = "accepted", _("Accepted")  # handling clock running
        REFUSED = "refused", _("Not accepted")  # not the bureau's remit: sent elsewhere
        DUPLICATE = "duplicate", _("Merged into another case")
        REPLIED = "replied", _("Replied")  # handled and answered
        CLOSED = "closed", _("Closed")  # answered and archived (after satisfaction)
        SPAM = "spam", _("Rejected as invalid")  # spam / abuse: not a valid message

    class Substantiated(models.TextChoices):
        YES = "yes", pgettext_lazy("finding", "Substantiated")  # not the column's 是否属实
        PARTLY = "partly", _("Partly substantiated")
        NO = "no", _("Not substantiated")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    case_no = models.CharField(_("case number"), max_length=30, unique=True)
    verification_hash = models.CharField(max_length=128, editable=False)
    # Open311 GeoReport v2 token for requests posted through the API
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    mailbox_kind = models.CharField(
        _("kind of letter"), max_length=14, choices=MailboxKind.choices, blank=True
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="complaints"
    )
    district = models.ForeignKey(
        "air.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    # where: an address and/or a point (WGS84; converted for GCJ-02 / BD-09 tiles at display)
    address = models.CharField(_("location"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("answers to the extra questions"), default=dict, blank=True)
    enterprise = models.CharField(_("enterprise concerned"), max_length=200, blank=True)
    # the enterprise on the pollution-source register the case is about (set by staff
    # with the findings; ``enterprise`` above is the name as the complainant gave it)
    linked_enterprise = models.ForeignKey(
        "sources.Enterprise",
        verbose_name=_("enterprise on the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    # the complainant (personal data: never public)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    id_number = models.CharField(_("ID number"), max_length=50, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)
    agrees_to_publication = models.BooleanField(
        _("agrees to publication"),
        default=False,
        help_text=_("The complainant agrees that the masked question and reply are published."),
    )
    # receipt
    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("date of receipt"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the channel's rule as it stood at receipt (a later edit does not move old deadlines)
    intake_limit = models.PositiveSmallIntegerField(_("intake limit"))
    intake_unit = models.CharField(max_length=14, choices=TimeUnit.choices)
    handling_limit = models.PositiveSmallIntegerField(_("handling limit"))
    handling_unit = models.CharField(max_length=14, choices=TimeUnit.choices)
    max_extension = models.PositiveSmallIntegerField(_("longest extension"))
    public_message = models.BooleanField(default=False)
    # handling
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaint_cases",
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refused_on = models.DateField(_("not accepted on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    referred_to = models.CharField(
        _("sent to"),
        max_length=200,
        blank=True,
        help_text=_("Where a case outside the bureau's remit was sent (转送 / 交办)."),
    )
    master = models.ForeignKey(
        "self",
        verbose_name=_("master case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # inspection-team referral
    batch = models.ForeignKey(
        InspectionBatch,
        verbose_name=_("inspection batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    team_case_no = models.CharField(_("team's case number"), max_length=40, blank=True)
    team_due_on = models.DateField(_("team's deadline"), null=True, blank=True)
    # findings and measures (the inspection-batch results format)
    findings = models.TextField(_("findings"), blank=True)
    substantiated = models.CharField(
        _("substantiated"), max_length=8, choices=Substantiated.choices, blank=True
    )
    measures = models.TextField(_("measures ordered"), blank=True)
    penalties = models.TextField(_("penalties"), blank=True)
    accountability = models.TextField(_("accountability"), blank=True)
    penalty_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("penalty decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    eia_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("EIA project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the reply
    reply = models.TextField(_("reply to the complainant"), blank=True)
    replied_on = models.DateField(_("date of reply"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=14, choices=Satisfaction.choices, blank=True
    )
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # publication: the masked question and reply, when the complainant agreed
    public_summary = models.TextField(
        _("published question"),
        blank=True,
        help_text=_("The question as published: personal data removed (filled masked)."),
    )
    public_reply = models.TextField(_("published reply"), blank=True)
    published = models.BooleanField(_("reply published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "department"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["channel", "received_on"]),
            models.Index(fields=["published", "replied_on"]),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return self.case_no


class ComplaintEvent(models.Model):
    """The case timeline: every step taken, by whom, and what it recorded."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(
        _("shown to the complainant"),
        default=False,
        help_text=_("Shown on the tracking page (never personal data of others)."),
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.on}"


class SiteInspection(models.Model):
    """A visit to the site: who went, when, what they found."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="inspections")
    on = models.DateField(_("date"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("site inspection")
        verbose_name_plural = _("site inspections")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.on}"


class Photo(models.Model):
    """A photo of the complaint or of an inspection. ``original`` is kept as received
    (evidence, private); ``cleaned`` is re-encoded without EXIF and location and is the
    only version that may ever be shown publicly, once staff mark it public."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    inspection = models.ForeignKey(
        SiteInspection, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    original = models.FileField(
        storage=private_storage, upload_to=RandomName("complaints/photos"), max_length=200
    )
    cleaned = models.FileField(
        storage=private_storage, upload_to=RandomName("complaints/photos"), max_length=200
    )
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    public = models.BooleanField(_("may be published"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.complaint_id} photo {self.pk}"

    def download_name(self) -> str:
        suffix = PurePosixPath(self.cleaned.name).suffix.lower() or ".jpg"
        return f"{self.complaint.case_no}-{self.pk}{suffix}"


class LetterTemplate(models.Model):
    """The text of a letter to complainants; ``{{ case_no }}`` etc. filled from the case."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("Notice of acceptance (受理告知书)")
        REFUSAL = "refusal", _("Notice of non-acceptance (不予受理告知书)")
        EXTENSION = "extension", _("Notice of extension (延期办理告知书)")
        REPLY = "reply", _("Reply (答复意见书)")
        DUPLICATE = "duplicate", _("Notice of the master case's outcome")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("complaint letter template")
        verbose_name_plural = _("complaint letter templates")

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """A generated letter, kept as issued (DOCX and PDF, private storage)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterTemplate.Kind.choices)
    issued_on = models.DateField(_("issued on"))
    docx = models.FileField(
        _("DOCX"),
        storage=private_storage,
        upload_to=RandomName("complaints/letters"),
        max_length=200,
    )
    pdf = models.FileField(
        _("PDF"),
        storage=private_storage,
        upload_to=RandomName("complaints/letters"),
        max_length=200,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.issued_on}"

    def download_name(self, fmt: str) -> str:
        return f"{self.complaint.case_no}-{self.kind}-{self.issued_on:%Y%m%d}.{fmt}"


class TypicalCase(models.Model):
    """典型案例: a handled case told for the public, written by staff (no personal data)."""

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    summary = models.TextField(_("what happened"))
    handling = models.TextField(_("how it was handled"))
    outcome = models.TextField(_("outcome"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("from case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    live = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_en)


class HotTopic(models.Model):
    """热点回应: the bureau's answer to a matter of public concern, with its timeline
    (events); may follow a sensitive disclosure item under watch."""

    class State(models.TextChoices):
        WATCHING = "watching", _("Under watch")
        DRAFTING = "drafting", _("Response being drafted")
        PUBLISHED = "published", _("Response published")
        CLOSED = "closed", _("Closed without a response")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    concern = models.TextField(_("public concern"))
    response = models.TextField(_("response"), blank=True)
    disclosure_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("disclosure item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    complaints = models.ManyToManyField(
        Complaint, verbose_name=_("related messages"), blank=True, related_name="hot_topics"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WATCHING
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    events = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("hot-topic response")
        verbose_name_plural = _("hot-topic responses")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_en)


class Watch(models.Model):
    """The follow-up of a sensitive disclosure item after its publication (舆情跟踪): its
    reviewer watches page views and the messages that mention it, opens a hot-topic
    response when one is needed, and closes the watch with a note. Opened by
    :mod:`lantian.complaints.watch` when the item is published."""

    item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("disclosure item"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    published_on = models.DateField(_("published on"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    # when the reviewer last opened the watch: messages after it are "new"
    seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    hot_topic = models.OneToOneField(
        HotTopic,
        verbose_name=_("hot-topic response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "published_on"], name="complaints_one_watch_per_publication"
            )
        ]
        verbose_name = _("item under watch")
        verbose_name_plural = _("items under watch")

    def __str__(self) -> str:
        return f"{self.item_id} {self.published_on}"


class WatchMention(models.Model):
    """A message staff decided about: linked to the watched item, or dismissed as not
    about it (so the search stops suggesting it)."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="mentions")
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("message"), on_delete=models.CASCADE, related_name="+"
    )
    linked = models.BooleanField(_("about the item"), default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        ordering = ["watch", "-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "complaint"], name="complaints_one_mention_per_message"
            )
        ]
        verbose_name = _("message about a watched item")
        verbose_name_plural = _("messages about watched items")

    def __str__(self) -> str:
        return f"{self.watch_id} {self.complaint_id} {self.linked}"
