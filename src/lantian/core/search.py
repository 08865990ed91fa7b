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

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
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
    backend = get_search_backend()
    if type(backend).__name__ == "WeightedSQLiteSearchBackend" and order_by_relevance:
        return FtsResults(queryset, terms)
    return backend.search(query, queryset, operator="and", order_by_relevance=order_by_relevance)


class FtsResults:
    """Results of a search on SQLite FTS5, one ``MATCH`` per page and one per count.

    Wagtail's SQLite backend ranks with a correlated subquery that runs the ``MATCH`` once
    per candidate row, seconds for a common word over 10⁵ items (bench/search.py); this
    asks the same FTS5 index the same ``MATCH`` with the same weighted bm25 once, limited
    to the queryset's rows by a subquery. Sliceable and countable like a queryset.
    """

    def __init__(self, queryset: QuerySet, terms: list[set[str]]) -> None:
        self.queryset = queryset
        self.terms = terms

    def _match(self) -> str:
        # FTS5 query: "a" AND ("b" OR "c d") — tokens are letters and digits only.
        def alternative(words: str) -> str:
            return " AND ".join(f'"{w}"' for w in words.split())

        return " AND ".join(
            "(" + " OR ".join(f"({alternative(a)})" for a in sorted(alts)) + ")"
            for alts in self.terms
        )

    def _sql(self, select: str, tail: str = "") -> tuple[str, list[Any]]:
        from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry
        from modelsearch.conf import get_app_config
        from modelsearch.utils import get_descendants_content_types_pks

        fts = SQLiteFTSIndexEntry._meta.db_table
        entries = get_app_config().get_model("IndexEntry")._meta.db_table
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        # Correlated on the entry's object id: one primary-key look-up per hit, instead
        # of materialising every row the queryset allows.
        correlated = self.queryset.order_by().filter(pk=RawSQL("CAST(e.object_id AS INTEGER)", []))
        inner, params = correlated.values("pk").query.sql_with_params()
        marks = ",".join("%s" for _ in content_types)
        # CROSS JOIN keeps SQLite from running the MATCH once per index entry.
        sql = (
            f"SELECT {select} FROM {fts} CROSS JOIN {entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id IN ({marks}) "
            f"AND EXISTS ({inner}) {tail}"
        )
        return sql, [self._match(), *content_types, *params]

    def count(self) -> int:
        from django.db import connection

        try:
            sql, params = self._sql("COUNT(*)")
        except EmptyResultSet:  # a filter that can match nothing, e.g. ``pk__in=[]``
            return 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        from django.db import connection

        from lantian.core.search_backend import TITLE_WEIGHT

        start = index.start or 0
        limit = -1 if index.stop is None else max(0, index.stop - start)
        from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry

        fts = SQLiteFTSIndexEntry._meta.db_table
        try:
            sql, params = self._sql(
                "CAST(e.object_id AS INTEGER)",
                f"ORDER BY bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT}), e.object_id LIMIT %s OFFSET %s",
            )
        except EmptyResultSet:
            return []
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, start])
            pks = [row[0] for row in cursor.fetchall()]
        found = self.queryset.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]
