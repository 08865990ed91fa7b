"""The audit log: who changed what, when, and which fields.

Lantian writes to Wagtail's log (``ModelLogEntry``/``PageLogEntry``), so staff actions in
services and the CMS's own actions (page edits, publishing, snippet changes) land in
one place that administrators read and filter under Reports → Site history. The admin
offers no way to edit or delete an entry.

Who sees which entries: Wagtail lists entries (Reports → Site history, its filters and
its CSV/XLSX download) through ``viewable_by_user`` of the log model, which for every
model but pages is :class:`lantian.core.models.AuditLogEntry`. It narrows Wagtail's own
answer (entries of the models the user holds a permission on) with the filters domain
apps add from their ``AppConfig.ready`` with :func:`register_log_filter`, e.g. FOI
entries only of the cases the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.functional import LazyObject
from wagtail.log_actions import log

# Actions of our own, registered with labels in core/wagtail_hooks.py.
CLOCK_EVENT = "lantian.clock_event"
CALENDAR_SEEDED = "lantian.calendar_seeded"
ROLE_CHANGED = "lantian.role_changed"
TWO_FACTOR_ENABLED = "lantian.two_factor_enabled"
TWO_FACTOR_DISABLED = "lantian.two_factor_disabled"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-ready data."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    }


def record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    changes: Mapping[str, list[Any]] | None = None,
    data: Mapping[str, Any] | None = None,
) -> None:
    """Write one audit entry; call it inside the service's transaction."""
    payload: dict[str, Any] = dict(data or {})
    if changes:
        payload["changes"] = dict(changes)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if isinstance(instance, LazyObject):  # request.user
        instance = instance._wrapped
    log(instance=instance, action=action, user=user, data=payload or None)


def add_changes_to_latest(*, instance: models.Model, changes: Mapping[str, list[Any]]) -> None:
    """Attach changed fields to the newest log entry of ``instance`` (one Wagtail's own
    views wrote without them), rather than writing a second entry for the same action."""
    from wagtail.log_actions import registry

    if not changes:
        return
    entry = registry.get_logs_for_instance(instance).order_by("-timestamp", "-pk").first()
    if entry is None:
        return
    entry.data = {**(entry.data or {}), "changes": dict(changes)}
    entry.save(update_fields=["data"])


# ---- who sees which entries

LogFilter = Callable[[Any, QuerySet[Any]], QuerySet[Any]]
_log_filters: list[LogFilter] = []


def register_log_filter(log_filter: LogFilter) -> LogFilter:
    """Let a domain app narrow the log entries a user sees: ``log_filter(user, entries)``
    returns the entries of the ``ModelLogEntry`` queryset ``entries`` that ``user`` may
    see (leaving alone the entries it does not govern)."""
    if log_filter not in _log_filters:
        _log_filters.append(log_filter)
    return log_filter


def viewable_entries(user: Any, entries: QuerySet[Any]) -> QuerySet[Any]:
    """``entries`` narrowed by every registered filter."""
    for log_filter in _log_filters:
        entries = log_filter(user, entries)
    return entries
