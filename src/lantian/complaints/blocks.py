"""The complaints about an enterprise on the enterprise page of the sources app
(registered from ``ComplaintsConfig.ready``): counts per year and the published replies,
nothing else of a case."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lantian.complaints import selectors
from lantian.sources.selectors import Block


def enterprise_blocks(enterprise: Any, today: date) -> list[Block]:
    record = selectors.enterprise_complaints(enterprise)
    return [
        Block(
            _("Complaints and reports"),
            "complaints/includes/enterprise_complaints.html",
            record.updated,
            order=50,
            context={
                "years": record.years,
                "replies": record.replies,
                "published": record.published,
            },
        )
    ]
