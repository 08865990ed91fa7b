"""A clean site for the website self-inspection: every catalogue column with a live item
published three days before the inspection day, and the demo bureau's footer settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from lantian.core.models import Department
from lantian.disclosure import services as disclosure_services
from lantian.disclosure.models import Category, DisclosureItem

TODAY = date(2026, 11, 16)
RECENT = TODAY - timedelta(days=3)
KINDS = {"14": DisclosureItem.Kind.NEWS, "15": DisclosureItem.Kind.NOTICE}


@pytest.fixture
def clean_site(demo: Any, settings: Any) -> dict[str, Category]:
    settings.LANTIAN_INSPECTION_MAX_PAGES = 60  # enough for the home page and its links
    disclosure_services.ensure_catalogue(actor=None)
    department = Department.objects.get(code="office")
    categories = {c.code: c for c in Category.objects.all()}
    published_at = datetime(RECENT.year, RECENT.month, RECENT.day, 2, tzinfo=UTC)
    DisclosureItem.objects.bulk_create(
        DisclosureItem(
            title=f"示范市生态环境局{category.name}信息",
            category=category,
            department=department,
            kind=KINDS.get(category.code, DisclosureItem.Kind.DOCUMENT),
            formed_on=RECENT - timedelta(days=2),
            published_on=RECENT,
            live=True,
            first_published_at=published_at,
            last_published_at=published_at,
            index_no=f"MB1C00001/2026-{n:05d}",
            summary="示范市生态环境局依法主动公开的信息。",
            body="<p>示范市生态环境局依法主动公开的信息。</p>",
        )
        for n, category in enumerate(categories.values(), start=1)
    )
    return categories


def publish_in(code: str, on: date) -> None:
    """Move the live items of the category with ``code`` to a publication date ``on``."""
    DisclosureItem.objects.filter(category__code=code).update(published_on=on)
