"""What needs a staff member's attention: a registry that domain apps feed.

Each source registers a provider (the user → :class:`AttentionItem` rows, the user's own
work) with the permission policy of the screen its items lead to — the function that
screen itself checks, never a copy of its rule. The dashboard asks the policy first and
runs the provider only for those it lets in; each item's link must then also pass the
doors of :mod:`lantian.core.admin_access` in front of its view. So nobody is shown work
behind a door they cannot open, and a link on the dashboard never answers 403.

Core registers its own sources (review steps waiting for the user, items returned to
them, next year's holiday calendar); the domain apps register theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Policy = Callable[[Any], bool]


@dataclass(frozen=True)
class AttentionItem:
    label: str | Promise
    url: str = ""
    count: int | None = None
    urgent: bool = False
    detail: str | Promise = ""  # a second line: state, due date, a reviewer's remark


Provider = Callable[[Any], list[AttentionItem]]


@dataclass(frozen=True)
class Source:
    provider: Provider
    allowed: Policy  # the policy of the screen the items lead to
    heading: str | Promise = ""
    order: int = 100


@dataclass(frozen=True)
class Section:
    heading: str | Promise
    items: list[AttentionItem] = field(default_factory=list)


_sources: list[Source] = []


def register(
    provider: Provider | None = None,
    *,
    allowed: Policy,
    heading: str | Promise = "",
    order: int = 100,
) -> Any:
    """Register ``provider`` (directly or as a decorator) behind the ``allowed`` policy;
    its items are listed under ``heading``, sources in ``order``."""

    def add(function: Provider) -> Provider:
        if all(source.provider is not function for source in _sources):
            _sources.append(Source(function, allowed, heading, order))
            _sources.sort(key=lambda source: source.order)
        return function

    return add(provider) if provider is not None else add


def sections_for(user: Any) -> list[Section]:
    """The user's work, one section per source that has some; urgent items first."""
    from wagtail.hooks import search_for_hooks

    from lantian.core import admin_access

    search_for_hooks()  # the apps register their sources from their wagtail_hooks
    if not getattr(user, "is_authenticated", False):
        return []
    sections = []
    for source in _sources:
        if not source.allowed(user):
            continue
        items = [
            item
            for item in source.provider(user)
            if not item.url or admin_access.allows(user, item.url)
        ]
        if items:
            ordered = sorted(items, key=lambda item: not item.urgent)
            sections.append(Section(source.heading, ordered))
    return sections


def items_for(user: Any) -> list[AttentionItem]:
    items = [item for section in sections_for(user) for item in section.items]
    return sorted(items, key=lambda item: not item.urgent)
