"""The demo runs the website self-inspection once and reports the transparency score, so
the administrators' screens open on a result; a second load changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from lantian.demo import reports
from lantian.reports.models import InspectionRun
from tests.demo.conftest import DEMO_NOW


@pytest.mark.django_db
def test_the_demo_runs_the_self_inspection_once_and_reports_the_score(demo: Any) -> None:
    lines: list[str] = []
    assert reports.run_checks(today=DEMO_NOW.date(), progress=lines.append) == {"inspections": 1}
    run = InspectionRun.objects.get()
    assert run.trigger == InspectionRun.Trigger.COMMAND
    assert {result["check"] for result in run.results} >= {"stale_columns", "broken_links"}
    assert any(line.startswith("website self-inspection:") for line in lines)
    assert any(line.startswith("transparency self-score 2025:") for line in lines)

    assert reports.run_checks(today=DEMO_NOW.date()) == {"inspections": 0}
    assert InspectionRun.objects.count() == 1
