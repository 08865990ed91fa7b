"""Writes of the website self-inspection: a run, stored and audited, and its alert to the
administrators when a single-item veto fails."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantian.core import audit
from lantian.core.roles import Role
from lantian.reports import inspection
from lantian.reports.models import InspectionRun


def run_inspection(
    *,
    trigger: str,
    today: date,
    actor: Any = None,
    axe: bool = False,
    outbound: bool | None = None,
) -> InspectionRun:
    """Run every check as of ``today`` and store the run: the crawl first (its own writes
    rolled back), then the run and its audit entry in one transaction."""
    started = timezone.now()
    results = inspection.run_checks(today, axe=axe, outbound=outbound)
    failed = [r for r in results if r.status == inspection.FAIL]
    with transaction.atomic():
        run = InspectionRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            trigger=trigger,
            results=[r.as_json() for r in results],
            vetoes=sum(1 for r in failed if r.veto),
            failures=len(failed),
        )
        audit.record(
            actor=actor,
            instance=run,
            action="wagtail.create",
            data={"today": today.isoformat(), "vetoes": run.vetoes, "failures": run.failures},
        )
    return run


def administrators() -> list[Any]:
    """Active administrators (and superusers) with an e-mail address."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__name=Role.ADMINISTRATOR.group_name) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


def failed_vetoes(run: InspectionRun) -> list[dict[str, Any]]:
    return [r for r in run.results if r.get("status") == inspection.FAIL and r.get("veto")]


def _absolute(base: str, url: str) -> str:
    return base + url if url.startswith("/") else url


def alert_administrators(run: InspectionRun) -> int:
    """E-mail each administrator the run's failed single-item vetoes; how many were sent
    (none when no veto failed)."""
    vetoes = failed_vetoes(run)
    if not vetoes:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Website inspection: %(count)d single-item veto failed",
            "Website inspection: %(count)d single-item vetoes failed",
            len(vetoes),
        ) % {"count": len(vetoes)}
        lines = [_("The website would fail the inspection (国办秘函〔2019〕19号):"), ""]
        for veto in vetoes:
            lines.append(f"- {veto['title']}: {veto.get('detail', '')}")
            lines += [f"    {_absolute(base, url)}" for url in veto["urls"][:10]]
        lines += ["", _("Details: %(url)s") % {"url": base + reverse("reports_inspection")}]
        body = "\n".join(lines)
        for user in administrators():
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent
