"""Reads of inspection-team batches: their progress against the team's deadline for
the back office, and their published results for the public page.

"Overdue" counts against the team's deadline (``Complaint.team_due_on``): a case still
open after it, or answered after it. A result is public only once the batch's results
item has been published through the disclosure review, and only for the cases whose
findings are recorded; every free text shown is masked
(:func:`lantian.core.privacy.mask_text`). The public page shows the table as the review
approved it (:func:`published_rows`: the XLSX attached to the live item), so findings
recorded later wait for the next publication.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lantian.complaints.models import Complaint, InspectionBatch
from lantian.core.privacy import mask_text
from lantian.core.uploads import XLSX

State = Complaint.State
OPEN_STATES = (State.RECEIVED, State.ACCEPTED)
ANSWERED_STATES = (State.REPLIED, State.CLOSED)
# cases that left the batch's count: merged into another case or rejected as invalid
NOT_COUNTED = (State.DUPLICATE, State.SPAM)


def _overdue(today: date) -> Q:
    return Q(cases__state__in=OPEN_STATES, cases__team_due_on__lt=today) | Q(
        cases__state__in=ANSWERED_STATES, cases__replied_on__gt=F("cases__team_due_on")
    )


def batches_with_progress(today: date | None = None) -> QuerySet[InspectionBatch]:
    """Every batch, newest first, annotated with ``total``, ``accepted`` (being handled),
    ``replied``, ``with_findings`` and ``overdue`` counts of its cases."""
    today = today or timezone.localdate()
    counted = ~Q(cases__state__in=NOT_COUNTED)
    return InspectionBatch.objects.select_related("results_item").annotate(
        total=Count("cases", filter=counted),
        accepted=Count("cases", filter=Q(cases__state=State.ACCEPTED)),
        replied=Count("cases", filter=Q(cases__state__in=ANSWERED_STATES)),
        with_findings=Count("cases", filter=counted & ~Q(cases__findings="")),
        overdue=Count("cases", filter=counted & _overdue(today)),
    )


def batch_with_progress(pk: int, today: date | None = None) -> InspectionBatch | None:
    return batches_with_progress(today).filter(pk=pk).first()


def batch_cases(batch: InspectionBatch) -> QuerySet[Complaint]:
    return batch.cases.select_related("district", "category", "department", "handler").order_by(
        "team_case_no", "pk"
    )


def finished_cases(batch: InspectionBatch) -> QuerySet[Complaint]:
    """The cases whose findings are recorded (调查核实情况 and 是否属实), in team order."""
    return (
        batch.cases.exclude(findings="")
        .exclude(substantiated="")
        .exclude(state__in=(*NOT_COUNTED, State.REFUSED))
        .select_related("district")
        .order_by("team_case_no", "pk")
    )


@dataclass(frozen=True)
class ResultRow:
    """One case as the results are published: no personal data, free text masked."""

    team_case_no: str
    district: str
    question: str  # 举报问题
    findings: str  # 调查核实情况
    substantiated: str  # 是否属实
    measures: str  # 处理和整改情况
    penalties: str  # 行政处罚
    accountability: str  # 责任追究


def result_rows(batch: InspectionBatch) -> list[ResultRow]:
    return [
        ResultRow(
            team_case_no=case.team_case_no,
            district=case.district.display_name if case.district else "",
            question=mask_text(case.description),
            findings=mask_text(case.findings),
            substantiated=str(case.get_substantiated_display()),
            measures=mask_text(case.measures),
            penalties=mask_text(case.penalties),
            accountability=mask_text(case.accountability),
        )
        for case in finished_cases(batch)
    ]


def public_batches() -> QuerySet[InspectionBatch]:
    """Batches whose results item is published (live), newest first."""
    return (
        InspectionBatch.objects.filter(results_item__live=True)
        .select_related("results_item")
        .annotate(
            total=Count("cases", filter=~Q(cases__state__in=NOT_COUNTED)),
            with_findings=Count(
                "cases",
                filter=~Q(cases__state__in=(*NOT_COUNTED, State.REFUSED))
                & ~Q(cases__findings="")
                & ~Q(cases__substantiated=""),
            ),
        )
        .order_by("-received_on", "-batch_no")
    )


def public_batch(batch_no: str) -> InspectionBatch | None:
    return public_batches().filter(batch_no=batch_no).first()


def published_rows(batch: InspectionBatch) -> list[ResultRow]:
    """The results as the review approved them: the rows of the newest XLSX attached to
    the batch's live results item (written by ``batch_services.results_xlsx``, already
    masked); [] while nothing is published."""
    from openpyxl import load_workbook

    item = batch.results_item
    if item is None or not item.live:
        return []
    attachment = item.attachments.filter(content_type=XLSX).order_by("-sort_order", "-pk").first()
    if attachment is None:
        return []
    with attachment.file.open("rb") as stored:
        book = load_workbook(io.BytesIO(stored.read()), read_only=True, data_only=True)
    try:
        rows = list(book.active.iter_rows(min_row=2, values_only=True))
    finally:
        book.close()
    width = len(fields(ResultRow))
    return [
        ResultRow(*["" if v is None else str(v) for v in (*row, *[None] * width)[:width]])
        for row in rows
        if row and row[0] not in (None, "")
    ]
