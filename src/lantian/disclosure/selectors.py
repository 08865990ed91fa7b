"""Reads of proactive disclosure that views, the API and other apps use."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, overload

from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from lantian.core import search as core_search
from lantian.core import text
from lantian.core.models import Department
from lantian.disclosure.models import Category, DisclosureItem

# ---- search


def _category_ids(category: str | Category) -> list[int]:
    """The category (by code or instance) and its subcategories."""
    root = (
        category
        if isinstance(category, Category)
        else Category.objects.filter(code=category).first()
    )
    if root is None:
        return []
    ids = [root.pk]
    children = list(Category.objects.filter(parent_id=root.pk).values_list("pk", flat=True))
    while children:
        ids.extend(children)
        children = list(
            Category.objects.filter(parent_id__in=children).values_list("pk", flat=True)
        )
    return ids


def plain_text(item: DisclosureItem) -> str:
    """The item's summary and body as plain text, for snippets."""
    body = html.unescape(strip_tags(item.body or ""))
    return " ".join(part for part in (item.summary, body) if part)


class SearchResults(Sequence[DisclosureItem]):
    """Lazy, sliceable results (``len()`` and ``[a:b]`` for paginators): the items of a
    slice come with ``snippet`` (safe HTML, the matched words in ``<mark>``) and
    ``title_html`` (the title, escaped, matches marked); both plain when nothing is
    searched."""

    def __init__(self, source: Any, terms: list[set[str]], width: int = 120) -> None:
        self._source = source
        self.terms = terms
        self.width = width
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            source = self._source
            self._count = source.count() if hasattr(source, "count") else len(source)
        return self._count

    def count(self) -> int:
        return len(self)

    def _decorate(self, item: DisclosureItem) -> DisclosureItem:
        # text.highlight escapes everything but its own <mark> tags.
        item.searched = bool(self.terms)
        item.snippet = mark_safe(text.highlight(plain_text(item), self.terms, self.width))
        item.title_html = mark_safe(text.highlight(item.title, self.terms, 255))
        return item

    @overload
    def __getitem__(self, index: int) -> DisclosureItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[DisclosureItem]: ...
    def __getitem__(self, index: int | slice) -> DisclosureItem | list[DisclosureItem]:
        if isinstance(index, slice):
            return [self._decorate(item) for item in self._source[index]]
        if index < 0:
            index += len(self)
        return self[index : index + 1][0]

    def __iter__(self) -> Iterator[DisclosureItem]:
        return iter(self[0 : len(self)])


def live_items() -> QuerySet[DisclosureItem]:
    """Published items with an index number, with what lists and the API show; an item
    marked not to be disclosed stays out even if it was published by mistake."""
    return (
        DisclosureItem.objects.filter(live=True, index_no__isnull=False)
        .exclude(attribute=DisclosureItem.Attribute.WITHHELD)
        .select_related("category", "department")
        .prefetch_related("attachments")
    )


def search(
    q: str = "",
    *,
    category: str | Category | None = None,
    department: str | Department | None = None,
    year: int | None = None,
    kind: str | None = None,
) -> SearchResults:
    """Published items matching ``q`` (jieba-segmented, synonyms expanded, every word
    required), best first; without ``q`` all published items, newest first.

    ``category`` (code or instance) includes its subcategories; ``department`` is a code
    or instance; ``year`` is the year of publication. When the index finds nothing, items
    whose title contains ``q`` as typed are returned (a one-character query, a word jieba
    splits differently).
    """
    items = live_items()
    if category is not None:
        items = items.filter(category__in=_category_ids(category))
    if department is not None:
        if isinstance(department, Department):
            items = items.filter(department=department.pk)
        else:
            dept = Department.objects.filter(code=department).values_list("pk", flat=True)
            items = items.filter(department__in=list(dept))
    if year is not None:
        items = items.filter(
            published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31)
        )
    if kind:
        items = items.filter(kind=kind)
    q = " ".join(q.split())[:100]
    terms = text.query_terms(q) if q else []
    if not terms:
        return SearchResults(items, [])
    results = SearchResults(core_search.search(items, terms), terms)
    if len(results) == 0:
        fallback = items.filter(title__icontains=q).order_by("-published_on", "-pk")
        return SearchResults(fallback, [*terms, {q}])
    return results


def item_by_index_no(index_no: str) -> DisclosureItem | None:
    """A published item by its index number; None for a draft, withdrawn or unknown one."""
    return live_items().filter(index_no=index_no).first()

