"""Public views outside the page tree: site search and the text-size preference."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lantian.core.http import safe_next
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


def search(request: HttpRequest) -> HttpResponse:
    """Pages and disclosure items, with highlighted snippets, filters and pages of 20."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("type", "")
    kinds = [("page", _("Pages")), *DISCLOSURE_KINDS]
    if kind not in dict(kinds):
        kind = ""
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and 1949 <= int(year_text) <= 2100 else None
    results = selectors.site_search(query, type=kind, year=year) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    params = {"q": query, "type": kind, "year": year or ""}
    filters = urlencode({key: value for key, value in params.items() if value})
    context = {
        "query": query,
        "results": page,
        "kinds": kinds,
        "kind": kind,
        "year": year or "",
        "filters": filters,
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
