"""Public views outside the page tree: site search and the text-size preference."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lantian.core.http import safe_next
from lantian.disclosure.selectors import BY_DATE, BY_RELEVANCE
from lantian.portal import selectors

TEXT_SIZE_COOKIE = "lantian_text"
DISCLOSURE_KINDS = [
    ("document", _("Documents")),
    ("policy", _("Policy documents")),
    ("interpretation", _("Policy interpretations")),
    ("news", _("Work news")),
    ("notice", _("Notices")),
    ("press", _("Press conferences")),
]


SORTS = [(BY_RELEVANCE, _("Relevance")), (BY_DATE, _("Newest first"))]


def search(request: HttpRequest) -> HttpResponse:
    """Pages and disclosure items, with highlighted snippets, filters, a choice of order
    (relevance or date) and pages of 20; the page's links keep the filters and order."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("type", "")
    kinds = [("page", _("Pages")), *DISCLOSURE_KINDS]
    if kind not in dict(kinds):
        kind = ""
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and 1949 <= int(year_text) <= 2100 else None
    sort = request.GET.get("sort", "")
    if sort not in dict(SORTS):
        sort = BY_RELEVANCE
    results = selectors.site_search(query, type=kind, year=year, sort=sort) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    params = {"q": query, "type": kind, "year": year or "", "sort": sort}
    if sort == BY_RELEVANCE:
        del params["sort"]  # the default: links stay short
    filters = urlencode({key: value for key, value in params.items() if value})
    context = {
        "query": query,
        "results": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2)
        if query
        else [],
        "kinds": kinds,
        "kind": kind,
        "year": year or "",
        "sorts": SORTS,
        "sort": sort,
        "filters": filters,
        "refined": bool(kind or year or sort != BY_RELEVANCE),
    }
    return render(request, "portal/search.html", context)


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch large text on or off; works without JavaScript (a form and a cookie)."""
    response = HttpResponseRedirect(safe_next(request, "/"))
    if request.POST.get("size") == "large":
        response.set_cookie(TEXT_SIZE_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE)
    return response
