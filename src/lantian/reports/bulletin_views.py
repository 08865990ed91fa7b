"""Public pages of the yearly environmental quality bulletin: the years, a year's page
(ECharts with the tables after them), its PDF and DOCX."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from lantian.air import selectors as air
from lantian.reports import bulletin as engine
from lantian.reports import bulletin_documents as documents
from lantian.water import selectors as water


def _bulletin(year: int) -> engine.Bulletin:
    if year not in engine.years():
        raise Http404("no bulletin for this year")
    return engine.bulletin(year)


def bulletin_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/bulletin_index.html", {"years": engine.years()})


def bulletin_page(request: HttpRequest, year: int) -> HttpResponse:
    context = documents.context(_bulletin(year), with_charts=False)
    return render(request, "reports/bulletin.html", context)


def data_key(b: engine.Bulletin) -> str:
    """Changes with the data and when a running year ends."""
    state = "final" if b.air is None or not b.air.running else "running"
    return f"{b.year}:{state}:{air.data_version()}:{water.data_version()}"


def document(b: engine.Bulletin, kind: str, request: HttpRequest | None = None) -> bytes:
    """The bulletin's PDF or DOCX, rendered once per year, language and state of the data
    (a PDF with charts takes a second or more to lay out)."""
    key = f"bulletin:{kind}:{get_language()}:{data_key(b)}"
    cached = cache.get(key)
    if cached is None:
        context = documents.context(b)
        cached = (
            documents.render_pdf(b, context, request=request)
            if kind == "pdf"
            else documents.render_docx(b, context)
        )
        cache.set(key, cached, 24 * 3600)
    return cached


def _attachment(request: HttpRequest, year: int, kind: str, content_type: str) -> HttpResponse:
    b = _bulletin(year)
    response = HttpResponse(document(b, kind, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="environment-bulletin-{year}.{kind}"'
    return response


def bulletin_pdf(request: HttpRequest, year: int) -> HttpResponse:
    return _attachment(request, year, "pdf", "application/pdf")


def bulletin_docx(request: HttpRequest, year: int) -> HttpResponse:
    return _attachment(request, year, "docx", documents.DOCX_CONTENT_TYPE)
