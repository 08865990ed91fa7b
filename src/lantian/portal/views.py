"""Public views outside the page tree: site search and the text-size preference."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from lantian.core.http import safe_next
from lantian.portal import selectors

TEXT_SIZE_COOKIE = "lantian_text"


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.search_pages(query) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "portal/search.html", {"query": query, "results": page})


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch large text on or off; works without JavaScript (a form and a cookie)."""
    response = HttpResponseRedirect(safe_next(request, "/"))
    if request.POST.get("size") == "large":
        response.set_cookie(TEXT_SIZE_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE)
    return response
