"""The back-office screen for uploading a file of water samples (CSV or XLSX): the
import runs at once (:func:`lantian.water.services.ingest_samples`) and leads to the
file's record with its report (each refused row with its column and reason). For data
managers and administrators (:func:`lantian.water.access.can_upload`); others get 403."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import admin_access, uploads
from lantian.core.forms import form_page, run_import
from lantian.water import access, ingest, services

EXTENSIONS = ("csv", "xlsx")
MAX_BYTES = 10 * 1024 * 1024
FILES = "wagtailsnippets_water_samplebatch"


class UploadForm(forms.Form):
    """The file, checked by its content before it is read."""

    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX, at most 10 MB)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.check_upload(upload, accept=EXTENSIONS, max_bytes=MAX_BYTES)
        return upload


def upload(request: HttpRequest) -> HttpResponse:
    if not access.can_upload(request.user):
        return admin_access.refused(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        batch = run_import(
            request,
            form,
            lambda content, name: services.ingest_samples(
                actor=request.user, content=content, filename=name
            ),
            ingest.FileError,
        )
        if batch is not None:
            return redirect(reverse(f"{FILES}:inspect", args=[batch.pk]))
    title = _("Upload water samples")
    files = reverse(f"{FILES}:list")
    context = admin_access.screen(title, (_("Water sample files"), files), (title, ""))
    context["help_text"] = _(
        "A CSV (UTF-8 or GBK) or the first worksheet of an XLSX, with the columns "
        "%(columns)s, one row per item (or one column per item). Items: %(items)s. A value "
        "below the detection limit is written 0.01L. Rows that cannot be read are refused "
        "with their reasons and the others are kept; the same file again changes nothing."
    ) % {"columns": ", ".join(ingest.LONG), "items": ", ".join(ingest.ITEMS)}
    return form_page(
        request, form, context, submit=_("Import"), cancel=files, status=status, multipart=True
    )
