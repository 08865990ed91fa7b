"""Background jobs of the sources app.

- :func:`import_batch`: the import of a large staff upload of self-monitoring data, kept
  as a queued batch by :func:`lantian.sources.services.queue_payload` and enqueued once
  the upload has committed. Idempotent: a batch that is no longer queued is left alone.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from lantian.sources import services


@task
def import_batch(batch_id: int) -> dict[str, Any]:
    """Import the queued batch ``batch_id``; its page follows the progress."""
    batch = services.import_queued_batch(batch_id=batch_id)
    if batch is None:
        return {"batch": batch_id, "skipped": True}
    return {
        "batch": batch_id,
        "state": batch.state,
        "accepted": batch.accepted,
        "rejected": batch.rejected,
    }
