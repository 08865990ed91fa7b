"""Periodic jobs of public interaction, enqueued by `lantian scheduler` (crontask loads
every app's ``tasks`` module; the ``@cron`` line is each job's schedule).

- 08:00 daily, :func:`remind_due_cases`: each handler and department head gets the
  due-soon and overdue cases they handle or supervise (once a day per case).
- 08:05 daily, :func:`alarm_unanswered_messages`: the website-inspection alarms for
  public messages (国办秘函〔2019〕19号): unanswered for 2 months → an alarm to the
  department's head(s) and the administrators, once; for 3 months → the single-item
  veto 互动回应差, a hard alarm every day until answered.
- every 10 minutes, :func:`open_missing_watches`: the follow-up of a published
  sensitive disclosure item whose publication signal was missed.

Only case numbers, dates and a short excerpt of the subject are written, never the
complainant's personal data. Each run is idempotent per day: a ``ComplaintEvent``
(``reminder_sent`` / ``inspection_alarm_sent``) marks what was sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from crontask import cron
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantian.complaints import watch
from lantian.complaints.models import Complaint, ComplaintEvent
from lantian.complaints.selectors import (
    ComplaintClock,
    UnansweredMessage,
    due_soon_and_overdue,
    office_department_code,
    unanswered_public_messages,
)
from lantian.core.roles import Role

EXCERPT_CHARS = 40
# ComplaintEvent kinds of the jobs (shown on the timeline by admin.views)
REMINDER_SENT = "reminder_sent"
ALARM_SENT = "inspection_alarm_sent"


def _people() -> Any:
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def department_heads(department_id: int | None) -> list[Any]:
    """Active department heads of a department; for unrouted cases, the office's heads
    and administrators."""
    if department_id is None:
        return list(
            _people()
            .filter(
                staff_profile__department__code=office_department_code(),
                groups__name__in=[Role.DEPARTMENT_HEAD.group_name, Role.ADMINISTRATOR.group_name],
            )
            .distinct()
        )
    return list(
        _people()
        .filter(
            staff_profile__department_id=department_id,
            groups__name=Role.DEPARTMENT_HEAD.group_name,
        )
        .distinct()
    )


def administrators() -> list[Any]:
    return list(
        _people()
        .filter(Q(groups__name=Role.ADMINISTRATOR.group_name) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )


def _admin_url(name: str, *args: Any) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    try:
        return base + reverse(name, args=args)
    except NoReverseMatch:  # pragma: no cover - the back office is always mounted
        return base + "/admin/"


def _excerpt(complaint: Complaint) -> str:
    return Truncator(" ".join((complaint.title or complaint.description).split())).chars(
        EXCERPT_CHARS
    )


def _send(to: Iterable[tuple[Any, list[Any]]], compose: Any) -> int:
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, items in to:
            subject, body = compose(items)
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent


# ------------------------------------------------------------------ deadline digest


def _line(complaint: Complaint, clock: ComplaintClock) -> str:
    if clock.overdue:
        status = _("OVERDUE since %(date)s") % {"date": clock.due}
    else:
        status = _("due %(date)s, %(days)s days left") % {
            "date": clock.due,
            "days": clock.days_left,
        }
    stage = _("intake decision") if clock.stage == "intake" else _("handling")
    return f"{complaint.case_no}  {stage}: {status}\n    {_excerpt(complaint)}"


def _digest(cases: list[tuple[Complaint, ComplaintClock]]) -> tuple[str, str]:
    overdue = sum(1 for _c, clock in cases if clock.overdue)
    subject = ngettext(
        "Complaints: %(count)d case due soon or overdue",
        "Complaints: %(count)d cases due soon or overdue",
        len(cases),
    ) % {"count": len(cases)}
    lines = [
        _(
            "Complaints you handle or supervise whose deadline is near or past "
            "(%(overdue)d overdue):"
        )
        % {"overdue": overdue},
        "",
        *(_line(c, clock) for c, clock in cases),
        "",
        _("Open the back office for the details: %(url)s")
        % {"url": _admin_url("complaints_admin:index")},
    ]
    return subject, "\n".join(lines)


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """E-mail each handler and department head a digest of their due-soon and overdue
    cases. Idempotent per day: a case reminded today is not included again."""
    today = today or timezone.localdate()
    reminded = set(
        ComplaintEvent.objects.filter(kind=REMINDER_SENT, on=today).values_list(
            "complaint_id", flat=True
        )
    )
    cases = [
        (c, clock)
        for queue in due_soon_and_overdue(None, today).values()
        for c, clock in queue
        if c.pk not in reminded
    ]
    by_user: dict[int, list[tuple[Complaint, ComplaintClock]]] = defaultdict(list)
    users: dict[int, Any] = {}
    recipients_of: dict[int, list[int]] = defaultdict(list)
    heads: dict[int | None, list[Any]] = {}
    for complaint, clock in cases:
        if complaint.department_id not in heads:
            heads[complaint.department_id] = department_heads(complaint.department_id)
        people = list(heads[complaint.department_id])
        handler = complaint.handler
        if handler is not None and handler.is_active and handler.email:
            people.insert(0, handler)
        for person in people:
            if person.pk not in recipients_of[complaint.pk]:
                by_user[person.pk].append((complaint, clock))
                users[person.pk] = person
                recipients_of[complaint.pk].append(person.pk)
    sent = _send(((users[pk], items) for pk, items in by_user.items()), _digest)
    with transaction.atomic():
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint=complaint,
                kind=REMINDER_SENT,
                on=today,
                data={"recipients": recipients_of[complaint.pk], "overdue": clock.overdue},
            )
            for complaint, clock in cases
            if recipients_of[complaint.pk]
        )
    return {"cases": len(cases), "emails": sent}


@cron("0 8 * * *")
@task
def remind_due_cases() -> dict[str, int]:
    """Every morning: the due-soon and overdue digest to handlers and department heads."""
    return send_deadline_reminders()


# ------------------------------------------------------------------ inspection alarms


def _alarm_line(message: UnansweredMessage) -> str:
    complaint = message.complaint
    if message.level == "veto":
        status = _("UNANSWERED FOR 3 MONTHS (single-item veto since %(date)s)") % {
            "date": message.veto_on
        }
    else:
        status = _("unanswered for 2 months; the veto starts on %(date)s") % {
            "date": message.veto_on
        }
    return (
        f"{complaint.case_no}  {complaint.get_channel_display()}, "
        + _("received %(date)s") % {"date": complaint.received_on}
        + f": {status}\n    {_excerpt(complaint)}\n    "
        + _admin_url("complaints_admin:case", complaint.pk)
    )


def _alarm_mail(messages: list[UnansweredMessage]) -> tuple[str, str]:
    vetoes = sum(1 for m in messages if m.level == "veto")
    if vetoes:
        subject = ngettext(
            "WEBSITE INSPECTION FAILS: %(count)d public message unanswered for 3 months",
            "WEBSITE INSPECTION FAILS: %(count)d public messages unanswered for 3 months",
            vetoes,
        ) % {"count": vetoes}
    else:
        subject = ngettext(
            "Website inspection: %(count)d public message unanswered for 2 months",
            "Website inspection: %(count)d public messages unanswered for 2 months",
            len(messages),
        ) % {"count": len(messages)}
    lines = [
        _(
            "A public message must be answered: after 2 months without a reply the website "
            "inspection deducts points; after 3 months the site fails the inspection "
            "(单项否决 “互动回应差”, 国办秘函〔2019〕19号)."
        ),
        "",
        *(_alarm_line(m) for m in messages),
    ]
    return subject, "\n".join(lines)


def send_inspection_alarms(today: date | None = None) -> dict[str, int]:
    """E-mail the alarms of unanswered public messages to the head(s) of each message's
    department and the administrators: a 2-month alarm once, a 3-month veto every day."""
    today = today or timezone.localdate()
    found = unanswered_public_messages(today)
    sent_before = defaultdict(set)  # complaint -> {(level, on)}
    for complaint_id, data, on in ComplaintEvent.objects.filter(
        kind=ALARM_SENT, complaint_id__in=[m.complaint.pk for m in found]
    ).values_list("complaint_id", "data", "on"):
        sent_before[complaint_id].add(((data or {}).get("level"), on))

    def due(message: UnansweredMessage) -> bool:
        sent = sent_before[message.complaint.pk]
        if message.level == "veto":
            return ("veto", today) not in sent  # every day
        return not any(level in ("alarm", "veto") for level, _on in sent)  # once

    messages = [m for m in found if due(m)]
    admins = administrators()
    by_user: dict[int, list[UnansweredMessage]] = defaultdict(list)
    users: dict[int, Any] = {}
    recipients_of: dict[int, list[int]] = defaultdict(list)
    for message in messages:
        people = department_heads(message.complaint.department_id) + admins
        for person in people:
            if person.pk not in recipients_of[message.complaint.pk]:
                by_user[person.pk].append(message)
                users[person.pk] = person
                recipients_of[message.complaint.pk].append(person.pk)
    sent = _send(((users[pk], items) for pk, items in by_user.items()), _alarm_mail)
    with transaction.atomic():
        ComplaintEvent.objects.bulk_create(
            ComplaintEvent(
                complaint=message.complaint,
                kind=ALARM_SENT,
                on=today,
                data={"level": message.level, "recipients": recipients_of[message.complaint.pk]},
            )
            for message in messages
            if recipients_of[message.complaint.pk]
        )
    return {
        "alarms": sum(1 for m in messages if m.level == "alarm"),
        "vetoes": sum(1 for m in messages if m.level == "veto"),
        "emails": sent,
    }


@cron("5 8 * * *")
@task
def alarm_unanswered_messages() -> dict[str, int]:
    """Every morning: the 2- and 3-month alarms of unanswered public messages."""
    return send_inspection_alarms()


@cron("*/10 * * * *")
@task
def open_missing_watches() -> int:
    """Every ten minutes: open the follow-up of any published sensitive item whose
    publication signal was missed (a scheduled or imported publication)."""
    return watch.open_missing_watches()
