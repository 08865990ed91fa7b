"""Core records: departments and staff, the working-day calendar, legal-clock events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantian.core.clock import EventKind
from lantian.core.i18n import has_cjk, localized


class User(AbstractUser):
    """A login. Chinese names read family name first and unspaced (王丽), unlike Django's
    "first last", and Wagtail shows ``get_full_name()`` everywhere."""

    def get_full_name(self) -> str:
        family, given = self.last_name.strip(), self.first_name.strip()
        if has_cjk(family + given):
            return f"{family}{given}"
        return super().get_full_name()


class Department(models.Model):
    """A 处室 or unit of the bureau; cases and publications belong to one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)


class StaffProfile(models.Model):
    """What the bureau knows of a staff member beyond the login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.department or '-'})"


class CalendarYear(models.Model):
    """A year whose official holiday arrangement (State Council notice) is known."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "Tick once every holiday and make-up working day of the State Council "
            "notice for this year has been entered. Deadlines that reach an unconfirmed "
            "year are marked provisional."
        ),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    notice_url = models.URLField(_("notice URL"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday rule: a holiday or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("A make-up working day falls on a Saturday or Sunday.")}
            )


class ClockEvent(models.Model):
    """One entry in the event log of a legal clock; the deadline is derived from these."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    clock = models.CharField(_("clock"), max_length=40, default="reply")
    kind = models.CharField(
        _("event"), max_length=10, choices=[(k.value, k.value) for k in EventKind]
    )
    on = models.DateField(_("date"))
    days = models.PositiveIntegerField(_("days"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "clock"])]
        verbose_name = _("clock event")
        verbose_name_plural = _("clock events")

    def __str__(self) -> str:
        return f"{self.clock}:{self.kind}@{self.on.isoformat()}"


class ApiKey(models.Model):
    """A key for a machine client of the API (a station system, an enterprise). Only a
    hash is stored; the key is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Sequence(models.Model):
    """The last number handed out in a numbering scope and year (index numbers, tracking
    numbers). Numbers are taken under a row lock and never handed out twice."""

    scope = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="sequence_year")]

    def __str__(self) -> str:
        return f"{self.scope}/{self.year}: {self.last}"


# Imported here, once the user model exists: Wagtail's models refer to it.
from wagtail.models import ModelLogEntry  # noqa: E402
from wagtail.models.audit_log import ModelLogEntryManager  # noqa: E402


class AuditLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user: Any) -> models.QuerySet[Any]:
        """Wagtail's answer (entries of models the user holds a permission on), narrowed
        by the filters of the domain apps (:func:`lantian.core.audit.register_log_filter`)."""
        from lantian.core import audit

        return audit.viewable_entries(user, super().viewable_by_user(user))


class AuditLogEntry(ModelLogEntry):
    """Wagtail's log entry of a model instance (same table), registered as the log model
    of every model but pages (``core/wagtail_hooks.py``) so that every list of entries
    Wagtail shows a user goes through :meth:`AuditLogEntryManager.viewable_by_user`."""

    objects = AuditLogEntryManager()

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = ModelLogEntry._meta.verbose_name
        verbose_name_plural = ModelLogEntry._meta.verbose_name_plural
