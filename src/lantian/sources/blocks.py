"""Blocks other apps add to the enterprise page (inspections, penalties, credit ratings,
disclosure reports, …) and to an enterprise account's home page (its reports to submit),
without the sources app importing them: an app registers a function from its
``AppConfig.ready`` (the app depends on sources, never the reverse)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lantian.sources.models import Enterprise


@dataclass(frozen=True)
class Block:
    """One section of the enterprise page: its heading, the template that renders it
    (with ``context`` as ``block``), when its data last changed, and its place."""

    heading: str
    template: str
    updated: datetime | None
    order: int = 100
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return self.template.rsplit("/", 1)[-1].removesuffix(".html").replace("_", "-")


BlockSource = Callable[[Enterprise, date], list[Block]]
_sources: list[BlockSource] = []
_account_sources: list[BlockSource] = []


def _add(registry: list[BlockSource], source: BlockSource) -> BlockSource:
    if source not in registry:
        registry.append(source)
    return source


def _collect(registry: list[BlockSource], enterprise: Enterprise, today: date) -> list[Block]:
    found = [block for source in registry for block in source(enterprise, today)]
    return sorted(found, key=lambda block: block.order)


def register(source: BlockSource) -> BlockSource:
    """Add ``source(enterprise, today) -> [Block]`` to every enterprise page."""
    return _add(_sources, source)


def register_account(source: BlockSource) -> BlockSource:
    """Add ``source(enterprise, today) -> [Block]`` to every account's home page."""
    return _add(_account_sources, source)


def blocks_for(enterprise: Enterprise, today: date) -> list[Block]:
    return _collect(_sources, enterprise, today)


def account_blocks_for(enterprise: Enterprise, today: date) -> list[Block]:
    return _collect(_account_sources, enterprise, today)
