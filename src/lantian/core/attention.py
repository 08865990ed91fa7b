"""What needs a staff member's attention: a registry that domain apps feed.

Each provider takes the user and returns :class:`AttentionItem` rows; the back-office
dashboard lists them. Core registers its own (e.g. next year's holiday calendar not yet
entered); FOI, complaints and disclosure register theirs from their ``wagtail_hooks``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class AttentionItem:
    label: str | Promise
    url: str = ""
    count: int | None = None
    urgent: bool = False


Provider = Callable[[Any], list[AttentionItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return sorted(items, key=lambda item: not item.urgent)
