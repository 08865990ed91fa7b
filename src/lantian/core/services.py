"""Every write of the core app: keyword-only, one transaction, one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lantian.core import audit
from lantian.core.clock import ClockEvent, ClockState, EventKind
from lantian.core.deadlines import ClockSpec, event_rows, to_event
from lantian.core.models import CalendarDay, CalendarYear, Department, StaffProfile
from lantian.core.models import ClockEvent as ClockEventRow
from lantian.core.roles import Role, role_groups

CHINESE_CALENDAR_SOURCE = "chinesecalendar {version}（国务院办公厅通知）"
# The notices' own names where the library shortens them (清明 → 清明节 …).
NOTICE_NAMES = {
    "Tomb-sweeping Day": "清明节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
}


def library_calendar() -> tuple[dict[date, str], dict[date, str], set[int], str]:
    """Holidays, make-up working days and covered years from the `chinesecalendar` package,
    each day named in Chinese as the State Council notices name it (元旦, 春节 …); a
    make-up working day carries the name of the holiday it makes up for."""
    import chinese_calendar
    from chinese_calendar import constants

    chinese = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    chinese.update(NOTICE_NAMES)
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    version = getattr(chinese_calendar, "__version__", "")
    return (
        {day: chinese.get(name, name) for day, name in constants.holidays.items()},
        {day: chinese.get(name, name) for day, name in constants.workdays.items()},
        years,
        CHINESE_CALENDAR_SOURCE.format(version=version).strip(),
    )


@transaction.atomic
def seed_calendar(*, actor: Any = None, years: Iterable[int] | None = None) -> dict[str, int]:
    """Load the library's years into the calendar tables.

    Idempotent, and never overwrites a day or a year an administrator has entered or
    changed: the table is the authority once it holds a date.
    """
    holidays, workdays, covered, source = library_calendar()
    wanted = set(years) if years is not None else covered
    existing_days = set(CalendarDay.objects.values_list("date", flat=True))
    new_days = [
        CalendarDay(date=day, kind=kind, name=str(name))
        for kind, days in (
            (CalendarDay.Kind.HOLIDAY, holidays),
            (CalendarDay.Kind.WORKDAY, workdays),
        )
        for day, name in days.items()
        if day.year in wanted and day not in existing_days
    ]
    CalendarDay.objects.bulk_create(new_days)
    existing_years = set(CalendarYear.objects.values_list("year", flat=True))
    new_years = [
        CalendarYear(year=year, confirmed=True, source=source)
        for year in sorted((wanted & covered) - existing_years)
    ]
    CalendarYear.objects.bulk_create(new_years)
    for row in new_years:
        audit.record(
            actor=actor, instance=row, action=audit.CALENDAR_SEEDED, data={"source": source}
        )
    created_days, created_years = len(new_days), len(new_years)
    return {"days": created_days, "years": created_years}


@transaction.atomic
def record_clock_event(
    *,
    actor: Any,
    subject: models.Model,
    spec: ClockSpec,
    kind: EventKind | str,
    on: date,
    days: int = 0,
    note: str = "",
) -> ClockState:
    """Append an event to a subject's clock after checking that the log stays valid.

    Raises :class:`lantian.core.clock.ClockError` (nothing is written) when the event
    cannot follow the existing ones.
    """
    kind = EventKind(kind)
    rows = list(event_rows(subject, spec).select_for_update())
    events = [to_event(r) for r in rows] + [ClockEvent(kind=kind, on=on, days=days, note=note)]
    state = spec.clock().replay(events)
    ClockEventRow.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        clock=spec.name,
        kind=kind.value,
        on=on,
        days=days,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        instance=subject,
        action=audit.CLOCK_EVENT,
        data={
            "clock": spec.name,
            "event": kind.value,
            "on": on.isoformat(),
            "days": days,
            "note": note,
            "due": state.due.isoformat() if state.due else None,
        },
    )
    return state


@transaction.atomic
def upsert_audited[ModelT: models.Model](
    *, actor: Any, model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any]
) -> ModelT:
    """Create or update the record matching ``lookup``, validated, with an audit entry of
    the fields that changed (none when nothing did)."""
    instance = model.objects.filter(**lookup).first()
    before = audit.snapshot(instance) if instance else {}
    instance = instance or model(**lookup)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    changes = audit.changed_fields(before, audit.snapshot(instance))
    if changes:
        action = "wagtail.edit" if before else "wagtail.create"
        audit.record(actor=actor, instance=instance, action=action, changes=changes)
    return instance


@transaction.atomic
def save_department(
    *,
    actor: Any,
    code: str,
    name: str,
    name_en: str = "",
    parent: Department | None = None,
    phone: str = "",
    sort_order: int = 0,
) -> Department:
    """Create or update a department by its code."""
    return upsert_audited(
        actor=actor,
        model=Department,
        lookup={"code": code},
        values={
            "name": name,
            "name_en": name_en,
            "parent": parent,
            "phone": phone,
            "sort_order": sort_order,
        },
    )


@transaction.atomic
def save_staff_member(
    *,
    actor: Any,
    username: str,
    family_name: str,
    given_name: str,
    email: str,
    department: Department | None,
    roles: Iterable[Role],
    title: str = "",
    password: str | None = None,
) -> AbstractUser:
    """Create or update a staff user with their department and roles."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    user.last_name, user.first_name = family_name, given_name
    user.email, user.is_staff, user.is_active = email, True, True
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    profile, _ = StaffProfile.objects.get_or_create(user=user)
    before = {
        "department": profile.department_id,
        "title": profile.title,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }
    profile.department, profile.title = department, title
    profile.save()
    groups = role_groups()
    user.groups.set([groups[Role(r)] for r in roles])
    after = {
        "department": profile.department_id,
        "title": profile.title,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }
    changes = audit.changed_fields(before, after)
    if created or changes:
        audit.record(
            actor=actor,
            instance=user,
            action="wagtail.create" if created else audit.ROLE_CHANGED,
            changes=changes,
        )
    return user
