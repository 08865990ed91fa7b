"""Screens of the EIA back office for the national EIA approval platform's XLSX exports:
the past imports with their counts, the upload, each import's report (the refused rows
with their reasons), the file as received, and an empty template with the accepted
columns. Every screen is for those who may import (:func:`access.can_import`); the
checks also stand in front of the URLs (:mod:`lantian.eia.admin.urls`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import uploads
from lantian.core.forms import form_page, run_import
from lantian.core.spreadsheets import FORMATS
from lantian.eia import import_selectors, import_services, imports
from lantian.eia.admin import access
from lantian.eia.admin.views import base, denied, url

PAGE_SIZE = 50
TEMPLATE_NAME = "eia-project-import-template.xlsx"


class UploadForm(forms.Form):
    """The platform's export, checked by its content before it is read."""

    file = forms.FileField(label=gettext_lazy("File (XLSX, at most 10 MB)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.check_upload(
            upload,
            accept=import_services.IMPORT_EXTENSIONS,
            max_bytes=import_services.IMPORT_MAX_BYTES,
        )
        return upload


def _trail() -> tuple[str, str]:
    return (_("Imports"), url("imports"))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def imports_index(request: HttpRequest) -> HttpResponse:
    """The past imports, newest first, each with its counts."""
    if not access.can_import(request.user):
        return denied(request)
    page = Paginator(import_selectors.project_imports(), PAGE_SIZE).get_page(request.GET.get("p"))
    context = base(request, _("Imports"), (_("EIA projects"), url("projects")), (_("Imports"), ""))
    context.update(
        {
            "page": page,
            "rows": [{"found": found, "url": url("import", found.pk)} for found in page],
            "actions": [
                {"url": url("import_upload"), "label": _("Import an XLSX export")},
                {"url": url("import_template"), "label": _("Download the template")},
            ],
        }
    )
    return render(request, "eia/admin/import_index.html", context)


def upload(request: HttpRequest) -> HttpResponse:
    if not access.can_import(request.user):
        return denied(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        done = run_import(
            request,
            form,
            lambda content, name: import_services.import_projects(
                actor=request.user, content=content, filename=name
            ),
            imports.FileError,
        )
        if done is not None:
            return redirect(url("import", done.pk))
    title = _("Import an XLSX export")
    context = base(request, title, (_("EIA projects"), url("projects")), _trail(), (title, ""))
    context["help_text"] = _(
        "The national EIA approval platform's export of projects and decisions: the first "
        "worksheet, with a header row naming the columns %(columns)s (the template has them). "
        "Projects are found by 项目代码: a new code creates its project, a known one updates "
        "what changed and records its decision. Rows that cannot be read are refused with "
        "their reasons and the others are kept; the same file again changes nothing."
    ) % {"columns": "、".join(imports.HEADERS)}
    return form_page(
        request,
        form,
        context,
        submit=_("Import"),
        cancel=url("imports"),
        status=status,
        multipart=True,
    )


def report(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's counts, its refused rows with their reasons and the projects it wrote."""
    if not access.can_import(request.user):
        return denied(request)
    found = import_selectors.project_import(pk)
    if found is None:
        raise Http404
    title = found.filename
    context = base(request, title, (_("EIA projects"), url("projects")), _trail(), (title, ""))
    context.update(import_selectors.report_rows(found))
    context.update(
        {
            "found": found,
            "file_url": url("import_file", found.pk),
            "same_as_url": url("import", context["same_as"]) if context["same_as"] else "",
        }
    )
    for row in context["rows"]:
        row["url"] = url("project", row["project"])
    return render(request, "eia/admin/import.html", context)


def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of an import as received."""
    if not access.can_import(request.user):
        return denied(request)
    found = import_selectors.import_file(pk)
    if found is None:
        raise Http404
    return _xlsx(found[1], found[0])


def template(request: HttpRequest) -> HttpResponse:
    """An empty export with the accepted columns."""
    if not access.can_import(request.user):
        return denied(request)
    return _xlsx(imports.template_xlsx(), TEMPLATE_NAME)
