"""Numbers that must never repeat: index numbers (索引号), case tracking numbers."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from lantian.core.models import Sequence


def next_number(scope: str, year: int) -> int:
    """The next number of ``scope`` in ``year``, starting at 1.

    The increment is one UPDATE, so concurrent callers queue on the row (PostgreSQL) or
    the database write lock (SQLite) and each gets its own number; a number taken by a
    transaction that later rolls back is simply never seen.
    """
    for _ in range(3):
        with transaction.atomic():
            if Sequence.objects.filter(scope=scope, year=year).update(last=F("last") + 1):
                return Sequence.objects.get(scope=scope, year=year).last
            try:
                with transaction.atomic():
                    Sequence.objects.create(scope=scope, year=year, last=1)
                return 1
            except IntegrityError:  # another caller created the row first: increment it
                continue
    raise RuntimeError(f"could not allocate a number in {scope}/{year}")


def index_number(organisation_code: str, year: int) -> str:
    """索引号 as `<organisation code>/<year>-<5-digit serial>` (the most common pattern on
    Chinese government portals, e.g. 000013338/2023-00079)."""
    serial = next_number(f"index:{organisation_code}", year)
    return f"{organisation_code}/{year}-{serial:05d}"
