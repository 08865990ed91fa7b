"""Handing out a case's letters and released files, once a view has checked the person:
staff with the case in scope (``foi.admin.views``) or the applicant holding the tracking
pass (``foi.views``). The bytes come from the private storage; every download is audited."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import HttpResponse

from lantian.core import privatefiles
from lantian.foi import services
from lantian.foi.models import Application


def serve(
    *,
    actor: Any,
    application: Application,
    field: FieldFile,
    document: str,
    name: str,
    applicant: bool,
) -> HttpResponse:
    """The file as an attachment called ``name``; 404 when it has none or it is gone."""
    response = privatefiles.serve(field, filename=name)
    services.record_download(
        actor=actor,
        application=application,
        document=document,
        file_name=field.name,
        applicant=applicant,
    )
    return response
