"""Handing out a case's photos and letters from the private storage, each request checked
here again, whatever the calling view already checked (a 404, never a 403, so that a
refusal does not confirm the case exists):

- staff with the case in :func:`lantian.complaints.selectors.cases_visible_to` (and the
  complaints view permission) get a photo's cleaned copy or its original (the evidence as
  received, EXIF and location included) and every letter; each download is audited;
- the complainant, once the public tracking view has verified the case with both codes,
  gets the letters of that case (:func:`serve_letter_to_complainant`), audited too;
- the public gets only the cleaned copy of a photo staff marked public, of a case whose
  reply is published (:func:`serve_photo` with ``public=True``), never the original.

Calls::

    serve_photo(request, complaint, photo, public=True)                 # public pages
    serve_photo(request, complaint, photo, public=False, original=True)  # back office
    serve_letter(request, letter, "pdf")                                 # back office
    serve_letter_to_complainant(request, complaint, letter, "docx")      # tracking page
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse

from lantian.complaints.admin.permissions import visible_cases
from lantian.complaints.models import Complaint, Letter, Photo
from lantian.core import audit, privatefiles

# audit action (the "lantian.complaint" prefix puts it in the case's audit scope)
DOCUMENT_DOWNLOADED = "lantian.complaint_document_downloaded"
FORMATS = ("pdf", "docx")
ANSWERED = (Complaint.State.REPLIED, Complaint.State.CLOSED)


def _record(*, actor: Any, complaint: Complaint, field: FieldFile, by: str, **data: Any) -> None:
    audit.record(
        actor=actor if by == "staff" else None,
        instance=complaint,
        action=DOCUMENT_DOWNLOADED,
        data={"file": field.name, "by": by, **data},
    )


def _staff_case(request: HttpRequest, complaint_id: int) -> Complaint:
    """The case if the signed-in user may see it (view permission and scope), else 404."""
    found = visible_cases(request.user).filter(pk=complaint_id).first()
    if found is None:
        raise Http404
    return found


def publicly_visible(complaint: Complaint, photo: Photo) -> bool:
    """Whether anyone may see ``photo``: marked public, of this case, whose reply is
    published (the complainant agreed and staff published it)."""
    return (
        photo.public
        and photo.complaint_id == complaint.pk
        and complaint.published
        and complaint.state in ANSWERED
        and bool(photo.cleaned)
    )


def serve_photo(
    request: HttpRequest,
    complaint: Complaint,
    photo: Photo,
    *,
    public: bool,
    original: bool = False,
) -> HttpResponse:
    """A photo of ``complaint``: for the public (``public=True``) the cleaned copy of a
    published photo only; for staff in scope the cleaned copy or, with ``original``, the
    file as received — audited. 404 otherwise."""
    if photo.complaint_id != complaint.pk:
        raise Http404
    if public:
        # read the flags from the database: the caller's instances may be stale
        fresh = Complaint.objects.filter(pk=complaint.pk).first()
        stored = Photo.objects.filter(pk=photo.pk).first()
        if original or fresh is None or stored is None or not publicly_visible(fresh, stored):
            raise Http404
        return privatefiles.serve(stored.cleaned, filename=stored.download_name())
    case = _staff_case(request, complaint.pk)
    field = photo.original if original else photo.cleaned
    if original:
        suffix = PurePosixPath(field.name or "").suffix.lower()
        name = f"{case.case_no}-{photo.pk}-original{suffix}"
    else:
        name = photo.download_name()
    response = privatefiles.serve(field, filename=name)
    _record(
        actor=request.user,
        complaint=case,
        field=field,
        by="staff",
        document="photo",
        photo=photo.pk,
        version="original" if original else "cleaned",
    )
    return response


def _letter_file(letter: Letter, fmt: str) -> FieldFile:
    if fmt not in FORMATS:
        raise Http404
    return letter.pdf if fmt == "pdf" else letter.docx


def serve_letter(request: HttpRequest, letter: Letter, fmt: str) -> HttpResponse:
    """A letter as PDF or DOCX for staff with its case in scope (audited); 404 otherwise."""
    field = _letter_file(letter, fmt)
    case = _staff_case(request, letter.complaint_id)
    response = privatefiles.serve(field, filename=letter.download_name(fmt))
    _record(
        actor=request.user,
        complaint=case,
        field=field,
        by="staff",
        document="letter",
        letter=letter.pk,
        kind=letter.kind,
        format=fmt,
    )
    return response


def serve_letter_to_complainant(
    request: HttpRequest, complaint: Complaint, letter: Letter, fmt: str
) -> HttpResponse:
    """A letter of ``complaint`` for the complainant, whom the calling view has verified
    (tracking and verification codes) for exactly this case; a letter of another case is
    a 404. Audited without a user (the complainant has no account)."""
    field = _letter_file(letter, fmt)
    if complaint.pk is None or letter.complaint_id != complaint.pk:
        raise Http404
    response = privatefiles.serve(field, filename=letter.download_name(fmt))
    _record(
        actor=None,
        complaint=complaint,
        field=field,
        by="complainant",
        document="letter",
        letter=letter.pk,
        kind=letter.kind,
        format=fmt,
    )
    return response
