"""Periodic jobs of disclosure on application, enqueued by `lantian scheduler`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from crontask import cron
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantian.core.roles import Role
from lantian.foi.models import Application, CaseEvent
from lantian.foi.selectors import (
    CaseClock,
    cases_url,
    due_soon_and_overdue,
    office_department_code,
)
from lantian.foi.services import Step

EXCERPT_CHARS = 40


def department_heads(department_id: int | None) -> list[Any]:
    """Active department heads of a department; for unassigned cases, the office's heads
    and administrators."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if department_id is None:
        return list(
            users.filter(
                staff_profile__department__code=office_department_code(),
                groups__name__in=[Role.DEPARTMENT_HEAD.group_name, Role.ADMINISTRATOR.group_name],
            ).distinct()
        )
    return list(
        users.filter(
            staff_profile__department_id=department_id,
            groups__name=Role.DEPARTMENT_HEAD.group_name,
        ).distinct()
    )


def _line(application: Application, clock: CaseClock) -> str:
    excerpt = Truncator(" ".join(application.description.split())).chars(EXCERPT_CHARS)
    if clock.overdue:
        status = _("OVERDUE since %(date)s") % {"date": clock.statutory_due}
    elif clock.statutory_due is not None:
        status = _("due %(date)s, %(days)s working days left") % {
            "date": clock.statutory_due,
            "days": clock.working_days_left,
        }
    else:
        status = _("paused with the period used up")
    return f"{application.tracking_code}  {status}\n    {excerpt}"


def _digest(cases: list[tuple[Application, CaseClock]]) -> tuple[str, str]:
    overdue = sum(1 for _a, clock in cases if clock.overdue)
    subject = ngettext(
        "Disclosure applications: %(count)d case due soon or overdue",
        "Disclosure applications: %(count)d cases due soon or overdue",
        len(cases),
    ) % {"count": len(cases)}
    lines = [
        _(
            "Cases you handle or supervise whose reply deadline is near or past "
            "(%(overdue)d overdue):"
        )
        % {"overdue": overdue},
        "",
        *(_line(a, c) for a, c in cases),
        "",
        _("Open the back office for the details: %(url)s")
        % {"url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (cases_url() or "/admin/")},
    ]
    return subject, "\n".join(lines)


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """E-mail each handler and department head a digest of their due-soon and overdue
    cases. Idempotent per day: a case reminded today (a ``reminder_sent`` case event)
    is not included again. Only the tracking code and a short excerpt of the request
    are written, never the applicant's personal data."""
    today = today or timezone.localdate()
    reminded = set(
        CaseEvent.objects.filter(kind=Step.REMINDER_SENT, on=today).values_list(
            "application_id", flat=True
        )
    )
    cases = [(a, c) for a, c in due_soon_and_overdue(today) if a.pk not in reminded]
    by_user: dict[int, list[tuple[Application, CaseClock]]] = defaultdict(list)
    users: dict[int, Any] = {}
    recipients_of: dict[int, list[int]] = defaultdict(list)
    heads_cache: dict[int | None, list[Any]] = {}
    for application, clock in cases:
        if application.department_id not in heads_cache:
            heads_cache[application.department_id] = department_heads(application.department_id)
        people = list(heads_cache[application.department_id])
        handler = application.handler
        if handler is not None and handler.is_active and handler.email:
            people.insert(0, handler)
        for person in people:
            if application not in (a for a, _c in by_user[person.pk]):
                by_user[person.pk].append((application, clock))
                users[person.pk] = person
                recipients_of[application.pk].append(person.pk)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, user_cases in by_user.items():
            subject, body = _digest(user_cases)
            send_mail(subject, body, None, [users[user_id].email])
            sent += 1
    with transaction.atomic():
        CaseEvent.objects.bulk_create(
            CaseEvent(
                application=application,
                kind=Step.REMINDER_SENT,
                on=today,
                data={"recipients": recipients_of[application.pk], "overdue": clock.overdue},
            )
            for application, clock in cases
            if recipients_of[application.pk]
        )
    return {"cases": len(cases), "emails": sent}


@cron("0 8 * * *")
@task
def remind_due_cases() -> dict[str, int]:
    """Every morning: the due-soon and overdue digest to handlers and department heads."""
    return send_deadline_reminders()
