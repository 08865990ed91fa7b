"""Background jobs: enqueue only once the surrounding transaction has committed.

A job enqueued inside a transaction that later rolls back would act on rows that never
existed; a worker could also pick it up before the rows are visible. Every Lantian job
is enqueued through :func:`enqueue_on_commit`, takes JSON-only arguments and is
idempotent (running it twice leaves the same result).
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import transaction
from django.tasks import Task


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def progress_bar(done: int, total: int, width: int = 30) -> None:
    """Draw a command's progress on stderr (``done`` of ``total`` rows)."""
    filled = int(width * done / total) if total else width
    percent = 100 * done / total if total else 100
    sys.stderr.write(
        f"\r[{'#' * filled}{' ' * (width - filled)}] {done:,}/{total:,} ({percent:.0f}%)"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
