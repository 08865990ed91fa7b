"""Disclosure items written straight to the database for the search and API tests (the
index updates on save, as it does when the workflow publishes)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lantian.core.models import Department
from lantian.disclosure.models import Category, DisclosureItem


def category(code: str = "T1", name: str = "环境质量", parent: Category | None = None) -> Category:
    return Category.objects.get_or_create(code=code, defaults={"name": name, "parent": parent})[0]


def item(title: str, *, live: bool = True, **fields: Any) -> DisclosureItem:
    number = DisclosureItem.objects.count() + 1
    defaults: dict[str, Any] = {
        "category": fields.pop("category", None) or category(),
        "department": Department.objects.get(code=fields.pop("department", "office")),
        "formed_on": date(2026, 3, 2),
        "published_on": date(2026, 3, 5) if live else None,
        "index_no": f"MB1C00001/2026-{number:05d}",
        "summary": "",
        "body": "",
    }
    defaults.update(fields)
    return DisclosureItem.objects.create(title=title, live=live, **defaults)


def scheduled(title: str, **fields: Any) -> DisclosureItem:
    """Approved for a go-live time still to come: not live yet."""
    return item(title, live=False, go_live_at=timezone.now() + timedelta(days=2), **fields)


def withdrawn(title: str, **fields: Any) -> DisclosureItem:
    """Published, then unpublished (撤回)."""
    published = item(title, **fields)
    published.unpublish()
    published.refresh_from_db()
    return published
