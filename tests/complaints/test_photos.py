"""Photos of a case: the original kept as evidence (private), a cleaned copy without EXIF
or location; the public sees only the cleaned copy of a photo staff marked public on a
published case, staff in scope see both (audited), everyone else gets a 404."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import Http404
from django.test import RequestFactory
from PIL import Image
from wagtail.models import ModelLogEntry

from lantian.complaints import downloads, services
from lantian.complaints.models import Complaint, Photo
from lantian.core.roles import Role
from tests.privatestorage import same_storage

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
RANDOM_NAME = re.compile(r"^complaints/photos/[0-9a-f]{32}\.(jpg|jpeg|png|webp)$")


def phone_photo() -> bytes:
    """A JPEG as a phone takes it: the make, the orientation and where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x0112] = 6  # held turned: viewers rotate it
    exif[GPS_IFD] = {1: "N", 2: (26.0, 4.0, 31.0), 3: "E", 4: (119.0, 18.0, 22.0)}
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (90, 90, 90)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def read(field: Any) -> bytes:
    with field.open("rb") as f:
        return f.read()


def request_by(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def photo(case: Complaint, staff: dict[Role, Any]) -> Photo:
    return services.add_photo(
        actor=staff[Role.ADMINISTRATOR],
        complaint=case,
        filename="IMG_2041.JPG",
        content=phone_photo(),
    )


def publish(case: Complaint, staff: dict[Role, Any]) -> Complaint:
    admin = staff[Role.ADMINISTRATOR]
    services.reply(actor=admin, complaint=case, text="已责令整改。", on=date(2026, 11, 20))
    return services.publish_reply(
        actor=admin,
        complaint=case,
        summary="反映化工厂夜间排放刺鼻气体。",
        reply="已责令整改。",
        on=date(2026, 11, 21),
    )


# --------------------------------------------------------------------------- keeping


def test_the_original_is_kept_and_the_copy_is_cleaned(photo: Photo) -> None:
    original, cleaned = read(photo.original), read(photo.cleaned)
    assert original == phone_photo()  # the evidence exactly as received
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)
    with Image.open(io.BytesIO(cleaned)) as after:
        assert dict(after.getexif()) == {} and after.size == (20, 40)  # upright
    assert b"Exif" not in cleaned and b"DemoPhone" not in cleaned
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 20, 40)
    for field in (photo.original, photo.cleaned):
        assert RANDOM_NAME.match(field.name), field.name
        assert same_storage(field.storage, storages["private"])
        with pytest.raises(ValueError, match="no public URL"):
            field.url  # noqa: B018
    assert not photo.public  # nothing is public until staff say so


def test_a_file_that_is_not_a_photo_is_refused_by_name(
    case: Complaint, staff: dict[Role, Any]
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_photo(
            actor=staff[Role.ADMINISTRATOR],
            complaint=case,
            filename="现场.jpg",
            content=b"%PDF-1.4 not a photo",
        )
    assert "现场.jpg" in " ".join(refused.value.messages)
    assert not Photo.objects.filter(complaint=case).exists()


# --------------------------------------------------------------------------- the public


def test_the_public_gets_only_the_cleaned_copy_of_a_public_photo_of_a_published_case(
    case: Complaint, photo: Photo, staff: dict[Role, Any]
) -> None:
    anonymous = request_by(AnonymousUser())
    with pytest.raises(Http404):  # not published, not public
        downloads.serve_photo(anonymous, case, photo, public=True)
    Photo.objects.filter(pk=photo.pk).update(public=True)
    with pytest.raises(Http404):  # public, but the reply is not published
        downloads.serve_photo(anonymous, case, photo, public=True)
    publish(case, staff)

    response = downloads.serve_photo(anonymous, case, photo, public=True)
    assert response.status_code == 200
    assert body(response) == read(photo.cleaned)
    assert response["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(Http404):  # never the original
        downloads.serve_photo(anonymous, case, photo, public=True, original=True)

    Photo.objects.filter(pk=photo.pk).update(public=False)  # staff withdrew it
    with pytest.raises(Http404):
        downloads.serve_photo(anonymous, case, photo, public=True)


def test_a_photo_of_another_case_is_a_404(
    case: Complaint, photo: Photo, register: Any, staff: dict[Role, Any]
) -> None:
    Photo.objects.filter(pk=photo.pk).update(public=True)
    publish(case, staff)
    other = register(name="王建国", phone="13700001111", email="")
    with pytest.raises(Http404):
        downloads.serve_photo(request_by(AnonymousUser()), other, photo, public=True)
    with pytest.raises(Http404):
        downloads.serve_photo(request_by(staff[Role.ADMINISTRATOR]), other, photo, public=False)


# --------------------------------------------------------------------------- staff


def test_staff_in_scope_get_the_original_and_the_copy_audited(
    case: Complaint, photo: Photo, air_handler: Any
) -> None:
    original = downloads.serve_photo(
        request_by(air_handler), case, photo, public=False, original=True
    )
    assert body(original) == phone_photo()
    assert original["Content-Disposition"].startswith("attachment")
    assert f"{case.case_no}-{photo.pk}-original.jpg" in original["Content-Disposition"]
    assert "no-store" in original["Cache-Control"]
    cleaned = downloads.serve_photo(request_by(air_handler), case, photo, public=False)
    assert body(cleaned) == read(photo.cleaned)

    entries = ModelLogEntry.objects.filter(
        action=downloads.DOCUMENT_DOWNLOADED, object_id=str(case.pk)
    ).order_by("pk")
    assert [(e.user, e.data["version"]) for e in entries] == [
        (air_handler, "original"),
        (air_handler, "cleaned"),
    ]
    assert entries[0].data["file"] == photo.original.name and entries[0].data["photo"] == photo.pk


@pytest.mark.parametrize("who", ["water_handler", "editor", "anonymous"])
def test_others_get_a_404_for_either_version(
    case: Complaint, photo: Photo, water_handler: Any, staff: dict[Role, Any], who: str
) -> None:
    user = {
        "water_handler": water_handler,
        "editor": staff[Role.EDITOR],
        "anonymous": AnonymousUser(),
    }[who]
    for original in (False, True):
        with pytest.raises(Http404):
            downloads.serve_photo(request_by(user), case, photo, public=False, original=original)
    assert not ModelLogEntry.objects.filter(action=downloads.DOCUMENT_DOWNLOADED).exists()
