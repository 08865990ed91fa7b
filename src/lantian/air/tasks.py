"""Periodic air-quality jobs, enqueued by `lantian scheduler`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from crontask import cron
from django.conf import settings
from django.tasks import task

from lantian.air.services import ingest_inbox

logger = logging.getLogger(__name__)


@cron("*/5 * * * *")
@task
def pick_up_observation_files() -> list[dict[str, Any]]:
    """Ingest files that station systems dropped in ``AIR_INBOX_DIR`` (unset: nothing)."""
    if not settings.AIR_INBOX_DIR:
        return []
    directory = Path(settings.AIR_INBOX_DIR)
    if not directory.is_dir():
        logger.error("AIR_INBOX_DIR %s is not a directory", directory)
        return []
    results = ingest_inbox(directory=directory)
    for result in results:
        if "error" in result:
            logger.error("air inbox: %s refused: %s", result["file"], result["error"])
        else:
            logger.info("air inbox: %s", result)
    return results
