"""Wagtail's database search backend, with title weighting on SQLite.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "lantian.core.search_backend"`` picks the
same backend as ``wagtail.search.backends.database`` for the database in use. On SQLite
FTS5 the stock ranking calls ``bm25()`` without column weights, so a word in a body
counts as much as one in a title; here the title column weighs ``TITLE_WEIGHT`` times
the body, as PostgreSQL's ``ts_rank`` weighs a field with a higher boost.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

# FTS5 table columns: (autocomplete, body, title).
TITLE_WEIGHT = 3.0


@cache
def _weighted_sqlite_backend() -> type:
    # SQLite modules only: they look up the FTS5 model, which exists only on SQLite.
    from modelsearch.backends.database.sqlite.query import BM25, SQLiteFTSIndexEntry
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class WeightedBM25(BM25):
        def as_sql(self, compiler: Any, connection: Any, **extra: Any):
            table = SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []

    class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector: Any, query: Any, config: Any = None, boost: float = 1.0):
            rank = super().build_tsrank(vector, query, config=config, boost=boost)
            return WeightedBM25() if isinstance(rank, BM25) else rank

        def _build_rank_expression(self, vectors: Any, config: Any):
            # One weighted bm25 over both columns, not one unweighted bm25 per column.
            return self.build_tsrank(None, self.query, config=config)

    class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = WeightedSQLiteSearchQueryCompiler

    return WeightedSQLiteSearchBackend


def SearchBackend(params: dict[str, Any]) -> Any:  # the name Wagtail imports
    backend = DatabaseSearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        return _weighted_sqlite_backend()(params)
    return backend
