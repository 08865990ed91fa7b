"""Live disclosure items for the portal tests, made through the disclosure services."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from lantian.core.models import Department
from lantian.disclosure import services
from lantian.disclosure.models import Category, DisclosureItem


def publish(
    title: str,
    code: str,
    kind: str = DisclosureItem.Kind.DOCUMENT,
    department: str = "office",
    formed_on: date = date(2026, 11, 20),
) -> DisclosureItem:
    """A live item in the catalogue category ``code`` (the catalogue seeded first)."""
    services.ensure_catalogue(actor=None)
    item = services.save_item(
        actor=None,
        kind=kind,
        title=title,
        category=Category.objects.get(code=code),
        department=Department.objects.get(code=department),
        formed_on=formed_on,
        summary=title,
        body=f"<p>{title}。</p>",
    )
    return services.publish_item(actor=None, item=item)


def zh(message: str) -> str:
    """A message as the Chinese page shows it (its msgid until it is translated)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)
