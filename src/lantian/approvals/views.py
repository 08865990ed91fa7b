"""Public pages of the approval items (`/services/approvals/…`): the published items by
type with a search, one item's whole service guide, and its materials' template and
sample files (served checked, never sniffed)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from lantian.approvals import selectors
from lantian.approvals.models import ApprovalItem
from lantian.core import uploads

PUBLIC = cache_control(public=True, max_age=300)
KINDS = {value for value, _label in ApprovalItem.Kind.choices}


@PUBLIC
def item_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    found = selectors.published_items(kind=kind, q=q)
    context = {
        "groups": selectors.by_kind(found),
        "total": found.count(),
        "q": q,
        "kind": kind,
        "kinds": ApprovalItem.Kind.choices,
    }
    return render(request, "approvals/item_list.html", context)


@PUBLIC
def item(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.published_item(code)
    if found is None:
        raise Http404
    return render(
        request,
        "approvals/item.html",
        {"item": found, "materials": list(found.materials.all()), "guide": selectors.as_api(found)},
    )


@PUBLIC
def material_file(request: HttpRequest, code: str, pk: int, which: str) -> HttpResponse:
    found = selectors.published_item(code)
    if found is None or which not in ("template", "sample"):
        raise Http404
    material = next((m for m in found.materials.all() if m.pk == pk), None)
    field = getattr(material, which, None) if material else None
    if not field:
        raise Http404
    filename = f"{material.name}-{which}{PurePosixPath(field.name).suffix}"
    return uploads.file_response(field, filename=filename)
