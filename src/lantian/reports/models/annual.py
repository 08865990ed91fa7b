"""The narrative of a year's annual report on government information disclosure
(国办公开办函〔2021〕30号): sections 一, 五 and 六 are written by staff; the tables and the
figures beside the narrative come from the data (:mod:`lantian.reports.annual`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportText(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    published_item = models.ForeignKey(
        "disclosure.DisclosureItem",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The document (lantian.reports.annual.build) as published: the public page and the
    # files show it, whatever the data say later.
    published_snapshot = models.JSONField(
        _("published report"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The document of the version still live while a new one waits in the review.
    previous_snapshot = models.JSONField(
        _("previously published report"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual disclosure report text")
        verbose_name_plural = _("annual disclosure report texts")

    def __str__(self) -> str:
        return str(self.year)

    def live_snapshot(self) -> dict | None:
        """The document of the version the public sees: the last one sent once its item
        was published after it was sent, else the one before (the new one is in review)."""
        item = self.published_item
        if item is None or not item.live or self.published_at is None:
            return None
        last = item.last_published_at
        if last is not None and last >= self.published_at:
            return self.published_snapshot
        return self.previous_snapshot
