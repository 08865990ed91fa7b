"""Chinese full-text search over Wagtail's database backend (SQLite FTS5, PostgreSQL),
fed by the text service in :mod:`lantian.core.text`.

Models declare :class:`SegmentedField` search fields: their text reaches the index already
segmented by jieba and space-joined, so the backend's whitespace tokeniser sees words.
Queries are segmented the same way and built from Wagtail's query classes (``And`` of
terms, ``Or`` of synonyms), so ranking stays the backend's (BM25 on SQLite, ``ts_rank`` on
PostgreSQL) and the same words match on both databases.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText, SearchQuery

from lantian.core import text


class SegmentedField(index.SearchField):
    """A search field whose value is indexed as jieba-segmented tokens.

    ``SegmentedField("title")`` fills the backend's *title* column (ranked higher); any
    other name goes into the body column. A callable attribute may be named too.
    """

    def get_value(self, obj: Any) -> str:
        value = super().get_value(obj)
        if isinstance(value, list | tuple):
            value = " ".join(str(part) for part in value if part)
        return text.segment_for_index(str(value or ""))


def build_query(terms: list[set[str]]) -> SearchQuery | None:
    """``And`` of the terms, each an ``Or`` of its alternatives; None for no terms."""
    parts: list[SearchQuery] = []
    for alternatives in terms:
        options: list[SearchQuery] = [PlainText(a, operator="and") for a in sorted(alternatives)]
        parts.append(options[0] if len(options) == 1 else Or(options))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def search(queryset: QuerySet, terms: list[set[str]], *, order_by_relevance: bool = True):
    """Run ``terms`` against the default backend, limited to ``queryset``'s rows.

    Filters on the queryset must be on the model's ``index.FilterField``s. Never passes
    ``fields=`` (broken on SQLite FTS, wagtail#10217). Returns the backend's lazy results.
    """
    query = build_query(terms)
    if query is None:
        return queryset.none()
    return get_search_backend().search(
        query, queryset, operator="and", order_by_relevance=order_by_relevance
    )
