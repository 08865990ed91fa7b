"""The enforcement record on the enterprise page of the sources app (registered from
``EnforcementConfig.ready``): inspections, penalty decisions, credit ratings and
disclosure reports, each with when it last changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lantian.enforcement import selectors
from lantian.sources.selectors import Block


def enterprise_blocks(enterprise: Any, today: date) -> list[Block]:
    record = selectors.enterprise_record(enterprise, today)
    return [
        Block(
            _("Inspections"),
            "enforcement/includes/enterprise_inspections.html",
            record.inspections_updated,
            order=10,
            context={"inspections": record.inspections},
        ),
        Block(
            _("Administrative penalties"),
            "enforcement/includes/enterprise_penalties.html",
            record.penalties_updated,
            order=20,
            context={"penalties": record.penalties},
        ),
        Block(
            _("Environmental credit ratings"),
            "enforcement/includes/enterprise_ratings.html",
            record.ratings_updated,
            order=30,
            context={"ratings": record.ratings},
        ),
        Block(
            _("Environmental disclosure reports"),
            "enforcement/includes/enterprise_reports.html",
            record.reports_updated,
            order=40,
            context={"reports": record.reports},
        ),
    ]


def account_blocks(enterprise: Any, today: date) -> list[Block]:
    """On the enterprise account's home page: its reports and obligations to submit."""
    statuses = selectors.enterprise_reports(enterprise, today)
    return [
        Block(
            _("Environmental disclosure reports"),
            "enforcement/includes/account_reports.html",
            max((s.report.updated_at for s in statuses), default=None),
            order=10,
            context={"statuses": statuses},
        )
    ]
