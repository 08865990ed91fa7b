"""A run of the website self-inspection (政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号):
each check's status, whether it is a single-item veto, and the offending URLs, as produced
by :mod:`lantian.reports.inspection`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionRun(models.Model):
    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Daily job")
        STAFF = "staff", _("Run by staff")
        COMMAND = "command", _("Command line")

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    # [{"check", "status": "pass"|"fail"|"skipped", "veto": bool, "urls": [...], ...}]
    results = models.JSONField(_("results"), default=list)
    vetoes = models.PositiveSmallIntegerField(_("single-item vetoes failed"), default=0)
    failures = models.PositiveSmallIntegerField(_("checks failed"), default=0)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        verbose_name = _("website inspection run")
        verbose_name_plural = _("website inspection runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
