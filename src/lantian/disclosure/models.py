"""Proactive disclosure (主动公开): the catalogue, disclosure items, their attachments and
their publication on each channel."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from lantian.core.i18n import localized
from lantian.core.models import Department
from lantian.core.search import SegmentedField
from lantian.disclosure import review
from lantian.disclosure.uploads import validate_attachment_file

# Regulations on the Disclosure of Government Information (2019) Art. 26: within 20 working
# days of the information being formed or changed, unless a law sets another period.
DEFAULT_TIME_LIMIT_WORKING_DAYS = 20


class Category(models.Model):
    """A node of the disclosure catalogue (政府信息公开目录): 一级 and 二级 公开事项 with
    their owner, legal basis and time limit (环办厅函〔2019〕672号 standard catalogue)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosure_categories",
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"),
        default=DEFAULT_TIME_LIMIT_WORKING_DAYS,
        help_text=_("Working days from the information's forming to its publication."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("catalogue category")
        verbose_name_plural = _("catalogue categories")

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("question"))
    asked_by = blocks.CharBlock(label=_("asked by (media)"), required=False)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")


class DisclosureItem(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """One item of government information, published by the catalogue after review."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        POLICY = "policy", _("Policy document")
        INTERPRETATION = "interpretation", _("Policy interpretation")
        NEWS = "news", _("Work news")
        NOTICE = "notice", _("Notice")
        PRESS = "press", _("Press conference")

    class Validity(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REPEALED = "repealed", _("Repealed")

    class Attribute(models.TextChoices):
        PROACTIVE = "proactive", _("Proactive disclosure")
        ON_APPLICATION = "on_application", _("Disclosure on application")
        WITHHELD = "withheld", _("Not disclosed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    index_no = models.CharField(
        _("index number"), max_length=60, unique=True, null=True, blank=True, editable=False
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("catalogue category"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("issuing department"),
        on_delete=models.PROTECT,
        related_name="disclosure_items",
    )
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    formed_on = models.DateField(
        _("date formed"), help_text=_("When the information was formed or last changed.")
    )
    published_on = models.DateField(_("date published"), null=True, blank=True, editable=False)
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    invalid_from = models.DateField(_("expired or repealed on"), null=True, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    body = RichTextField(_("body"), blank=True)
    body_en = RichTextField(_("English body"), blank=True)
    attribute = models.CharField(
        _("disclosure attribute"),
        max_length=20,
        choices=Attribute.choices,
        default=Attribute.PROACTIVE,
    )
    legal_ground = models.CharField(
        _("legal ground"),
        max_length=200,
        blank=True,
        default="《中华人民共和国政府信息公开条例》第十九条、第二十条",
    )
    sensitive = models.BooleanField(_("sensitive"), default=False)
    review_note = models.TextField(
        _("confidentiality review note"),
        blank=True,
        help_text=_("Required when the item is marked sensitive."),
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("interprets"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text=_("For a policy interpretation: the policy document it explains."),
    )
    related_items = models.ManyToManyField("self", verbose_name=_("related items"), blank=True)
    # press conferences
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    transcript = RichTextField(_("transcript"), blank=True)
    questions = StreamField(
        [("qa", QuestionBlock())], verbose_name=_("questions and answers"), blank=True
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_on", "-formed_on", "-pk"]
        indexes = [
            models.Index(fields=["live", "published_on"]),
            models.Index(fields=["category", "live"]),
        ]
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        permissions = [("withdraw_disclosureitem", _("Can withdraw a published disclosure item"))]

    # Search (lantian.core.search): jieba-segmented text; the row holds the live content
    # (drafts are revisions), and every search also filters on ``live``.
    search_fields = [
        SegmentedField("title", boost=3),
        SegmentedField("keywords", boost=2),
        SegmentedField("summary"),
        SegmentedField("body"),
        SegmentedField("title_en"),
        SegmentedField("body_en"),
        SegmentedField("doc_number"),
        SegmentedField("index_no"),
        index.FilterField("live"),
        index.FilterField("category"),
        index.FilterField("department"),
        index.FilterField("kind"),
        index.FilterField("formed_on"),
        index.FilterField("published_on"),
        index.FilterField("validity"),
        index.FilterField("attribute"),
        index.FilterField("index_no"),
    ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def get_indexed_objects(cls) -> models.QuerySet:
        # Only published items are indexed; a withdrawn one's entry is filtered out by
        # ``live`` until the next rebuild drops it.
        return super().get_indexed_objects().filter(live=True)

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_en)


class Attachment(Orderable):
    """A file published with an item; its type is checked from its content on upload."""

    item = ParentalKey(DisclosureItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(
        _("file"), upload_to="disclosure/%Y/%m/", validators=[validate_attachment_file]
    )
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.file.name


class Publication(models.Model):
    """The outbox: one row per item and channel, with its delivery state and retries."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Failed, gave up")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(_("channel"), max_length=20)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("channel's id"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="one_publication_per_channel")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.item_id} → {self.channel}: {self.state}"


class FourEyesTask(AbstractGroupApprovalTask):
    """A group approval step where nobody approves their own edit: the author of the
    latest revision, and whoever submitted it, may request changes but not approve."""

    class Meta:
        abstract = True

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if review.is_own_edit(obj, user):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            review.check_can_approve(self, obj, user)
            self.check_approval(task_state, obj)
        return super().on_action(task_state, user, action_name, **kwargs)

    def check_approval(self, task_state: Any, obj: Any) -> None:
        """What this step asks of the reviewed revision beyond four eyes."""


class ConfidentialityReviewTask(FourEyesTask):
    """保密审查: confidentiality and sensitivity review before publication (条例 Art. 17)."""

    class Meta:
        verbose_name = _("confidentiality review task")
        verbose_name_plural = _("confidentiality review tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Reviewers check secrecy and sensitivity; an item marked sensitive needs a "
            "written review note. Nobody approves their own edit."
        )

    def check_approval(self, task_state: Any, obj: Any) -> None:
        reviewed = task_state.revision.as_object() if task_state.revision_id else obj
        review.check_sensitive_note(reviewed.sensitive, reviewed.review_note)


class DepartmentApprovalTask(FourEyesTask):
    """部门负责人审批: the department head's approval, after which the item is published
    at once or at its scheduled go-live time. Only a head of the item's own department
    approves (any head where that department has none)."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not review.heads_department_of(obj, user):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    class Meta:
        verbose_name = _("department head approval task")
        verbose_name_plural = _("department head approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Department heads approve publication; nobody approves their own edit. "
            "Approval publishes the item now or at its go-live time."
        )


class ItemViewDay(models.Model):
    """How often an item's public page was served on one local day: what the watch of a
    sensitive item (public reaction after publication) reads. One row per item and day,
    incremented in place (:mod:`lantian.disclosure.pageviews`)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        ordering = ["item", "day"]
        constraints = [
            models.UniqueConstraint(fields=["item", "day"], name="one_view_count_per_item_day")
        ]
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")

    def __str__(self) -> str:
        return f"{self.item_id} {self.day}: {self.views}"
