"""The demo tests load the bureau as of a fixed day, so the clock stands still there too:
a loader that compares its own dates with ``timezone.now()`` (a scheduled item goes live
once its time has passed) would otherwise see a different story on every run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# the day the demo tests load the bureau as of, at 10:00 in Shanghai
DEMO_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _demo_clock() -> Iterator[None]:
    with time_machine.travel(DEMO_NOW, tick=True):
        yield
