"""The enterprise's EIA projects on the enterprise page of the sources app (registered
from ``EiaConfig.ready``), linked by the builder's credit code."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lantian.eia import selectors
from lantian.sources.selectors import Block


def enterprise_blocks(enterprise: Any, today: date) -> list[Block]:
    found = selectors.enterprise_projects(enterprise)
    rows = [{"project": p, "stage": selectors.stage_label(p.stage)} for p in found.projects]
    return [
        Block(
            _("EIA projects"),
            "eia/includes/enterprise_projects.html",
            found.updated,
            order=50,
            context={"projects": rows},
        )
    ]
