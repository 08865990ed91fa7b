"""Public pages of inspection-team referrals (督察交办件办理情况), under /interaction/:
the batches whose results are published, and each batch's results table in the format
bureaus publish (受理编号, 行政区, 举报问题, 调查核实情况, 是否属实, 处理和整改情况,
行政处罚, 责任追究), as the disclosure review approved it. Only cases with their findings
recorded are listed; the question and every other text are masked (no personal data on
a public page)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from lantian.complaints import batch_selectors
from lantian.disclosure import selectors as disclosure_selectors

PUBLIC = cache_control(public=True, max_age=300)


@PUBLIC
def batch_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/batch_list.html",
        {"batches": list(batch_selectors.public_batches())},
    )


@PUBLIC
def batch_results(request: HttpRequest, batch_no: str) -> HttpResponse:
    batch = batch_selectors.public_batch(batch_no)
    if batch is None:
        raise Http404
    item = batch.results_item
    return render(
        request,
        "complaints/batch_results.html",
        {
            "batch": batch,
            "rows": batch_selectors.published_rows(batch),
            "item_url": disclosure_selectors.item_path(item.index_no) if item.index_no else "",
        },
    )
