"""Staff mark a case's photo to be published with the reply, or keep it private
(services.set_photo_publication, a button beside each photo on the back-office case
page): only on a case whose complainant agreed to publication, whether the photo is the
complainant's or a site inspection's; audited and on the timeline; refused to staff who
may not work the case. The public reply page shows the cleaned copy (no EXIF) of the
photos marked so, never the others."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from lantian.complaints import services
from lantian.complaints.models import Complaint, ComplaintEvent, Photo
from lantian.core.roles import Role

from .conftest import signed_in

pytestmark = pytest.mark.django_db

Step = services.Step
GPS_IFD = 0x8825
NOW = datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
ACTION = "photo_publication"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def phone_photo() -> bytes:
    """A JPEG as a phone takes it: the make and where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[GPS_IFD] = {1: "N", 2: (26.0, 4.0, 31.0), 3: "E", 4: (119.0, 18.0, 22.0)}
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (90, 90, 90)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def case_url(complaint: Complaint) -> str:
    return reverse("complaints_admin:case", args=[complaint.pk])


def act_url(complaint: Complaint) -> str:
    return reverse("complaints_admin:act", args=[complaint.pk, ACTION])


def mark(client: Client, complaint: Complaint, photo: Photo, public: bool) -> Any:
    """Press the photo's button as a browser does: with the case page's CSRF token."""
    page = client.get(case_url(complaint))
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    return client.post(
        act_url(complaint),
        {
            "csrfmiddlewaretoken": token.group(1),
            f"{ACTION}-photo": photo.pk,
            f"{ACTION}-public": "1" if public else "0",
        },
    )


def button(html: str, photo: Photo, public: bool) -> bool:
    """Whether the case page offers the photo's button that sets ``public``."""
    form = re.search(
        rf'<form method="post" action="[^"]+/{ACTION}/" class="cmp-photo-form">\s*'
        rf'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">\s*'
        rf'<input type="hidden" name="{ACTION}-photo" value="{photo.pk}">\s*'
        rf'<input type="hidden" name="{ACTION}-public" value="{1 if public else 0}">',
        html,
    )
    return form is not None


@pytest.fixture
def admin(staff: dict[Role, Any]) -> Any:
    return staff[Role.ADMINISTRATOR]


def add(case: Complaint, admin: Any, name: str, inspection: Any = None) -> Photo:
    return services.add_photo(
        actor=admin, complaint=case, filename=name, content=phone_photo(), inspection=inspection
    )


def inspect(case: Complaint, admin: Any) -> Any:
    return services.record_inspection(
        actor=admin,
        complaint=case,
        on=date(2026, 10, 15),
        inspectors="执法支队 王强、刘洋",
        findings="废气收集装置未开启。",
    )


def publish(case: Complaint, admin: Any) -> None:
    services.reply(actor=admin, complaint=case, text="已责令整改。", on=date(2026, 11, 20))
    services.publish_reply(
        actor=admin,
        complaint=case,
        summary="群众反映园区化工厂夜间排放刺鼻气体。",
        reply="经现场检查，已责令整改。",
        on=date(2026, 11, 21),
    )


# --------------------------------------------------------------------------- the service


def test_a_photo_is_marked_public_and_private_again_audited_and_on_the_timeline(
    case: Complaint, admin: Any
) -> None:
    photo = add(case, admin, "site.jpg")
    marked = services.set_photo_publication(
        actor=admin, photo=photo, public=True, on=date(2026, 11, 1)
    )
    assert marked.public and Photo.objects.get(pk=photo.pk).public
    services.set_photo_publication(actor=admin, photo=photo, public=True)  # already: nothing
    services.set_photo_publication(actor=admin, photo=photo, public=False, on=date(2026, 11, 2))
    assert not Photo.objects.get(pk=photo.pk).public

    steps = ComplaintEvent.objects.filter(
        complaint=case, kind__in=[Step.PHOTO_PUBLIC, Step.PHOTO_PRIVATE]
    ).order_by("pk")
    assert [(e.kind, e.on, e.actor, e.data["photo"], e.public) for e in steps] == [
        (Step.PHOTO_PUBLIC, date(2026, 11, 1), admin, photo.pk, False),
        (Step.PHOTO_PRIVATE, date(2026, 11, 2), admin, photo.pk, False),
    ]
    audited = ModelLogEntry.objects.filter(
        action=services.AUDIT_ACTION,
        object_id=str(case.pk),
        data__step__in=[Step.PHOTO_PUBLIC, Step.PHOTO_PRIVATE],
    ).order_by("pk")
    assert [(e.user, e.data["step"], e.data["photo"]) for e in audited] == [
        (admin, Step.PHOTO_PUBLIC, photo.pk),
        (admin, Step.PHOTO_PRIVATE, photo.pk),
    ]


def test_an_inspection_photo_may_be_published_with_the_consent_too(
    case: Complaint, admin: Any
) -> None:
    photo = add(case, admin, "visit.jpg", inspection=inspect(case, admin))
    services.set_photo_publication(actor=admin, photo=photo, public=True)
    event = ComplaintEvent.objects.get(complaint=case, kind=Step.PHOTO_PUBLIC)
    assert event.data["inspection"] == photo.inspection_id


@pytest.mark.parametrize("from_inspection", [False, True])
def test_without_the_complainants_consent_no_photo_is_published(
    case: Complaint, admin: Any, from_inspection: bool
) -> None:
    inspection = inspect(case, admin) if from_inspection else None
    photo = add(case, admin, "site.jpg", inspection=inspection)
    Complaint.objects.filter(pk=case.pk).update(agrees_to_publication=False)
    with pytest.raises(services.CaseError) as refused:
        services.set_photo_publication(actor=admin, photo=photo, public=True)
    assert refused.value.code == "no_consent"
    assert not Photo.objects.get(pk=photo.pk).public
    assert not ComplaintEvent.objects.filter(complaint=case, kind=Step.PHOTO_PUBLIC).exists()
    # keeping it private is always allowed
    services.set_photo_publication(actor=admin, photo=photo, public=False)


def test_nothing_of_an_invalid_case_is_published_but_a_photo_can_be_withdrawn(
    case: Complaint, admin: Any
) -> None:
    photo = add(case, admin, "site.jpg")
    services.set_photo_publication(actor=admin, photo=photo, public=True)
    services.mark_invalid(actor=admin, complaint=case, reason="广告信息", on=date(2026, 11, 3))
    services.set_photo_publication(actor=admin, photo=photo, public=False)
    assert not Photo.objects.get(pk=photo.pk).public
    with pytest.raises(services.CaseError) as refused:
        services.set_photo_publication(actor=admin, photo=photo, public=True)
    assert refused.value.code == "state"
    assert not Photo.objects.get(pk=photo.pk).public


# --------------------------------------------------------------------------- the case page


def test_staff_publish_a_photo_from_the_case_page_and_the_public_sees_it_without_exif(
    case: Complaint, admin: Any, air_handler: Any
) -> None:
    own = add(case, admin, "IMG_2041.JPG")
    kept = add(case, admin, "IMG_2042.JPG")
    visit = add(case, admin, "visit.jpg", inspection=inspect(case, admin))
    handler = signed_in(air_handler, csrf=True)

    html = handler.get(case_url(case)).content.decode()
    for photo in (own, kept, visit):
        assert button(html, photo, public=True) and not button(html, photo, public=False)
    assert "Photo of the complaint" in html and "Site inspection of 2026-10-15" in html

    for photo in (own, visit):
        response = mark(handler, case, photo, public=True)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Photo.objects.filter(complaint=case, public=True)) == {own, visit}
    html = handler.get(case_url(case)).content.decode()
    assert button(html, own, public=False) and button(html, kept, public=True)
    assert "To be published with the reply" in html
    assert "Photo to be published with the reply" in html  # the timeline step

    # nothing is public before the reply is published
    replies = Client()
    replies.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert replies.get(f"/interaction/replies/{case.pk}/").status_code == 404
    photo_url = "/interaction/replies/{}/photos/{}/"
    assert replies.get(photo_url.format(case.pk, own.pk)).status_code == 404

    publish(case, admin)
    page = replies.get(f"/interaction/replies/{case.pk}/")
    assert page.status_code == 200
    assert [p.pk for p in page.context["item"].photos] == [own.pk, visit.pk]
    html = page.content.decode()
    assert photo_url.format(case.pk, own.pk) in html
    assert photo_url.format(case.pk, kept.pk) not in html
    for photo in (own, visit):
        response = replies.get(photo_url.format(case.pk, photo.pk))
        assert response.status_code == 200
        served = b"".join(response.streaming_content)
        with photo.cleaned.open("rb") as cleaned:
            assert served == cleaned.read()
        with Image.open(io.BytesIO(served)) as image:
            assert dict(image.getexif()) == {}
        assert b"Exif" not in served and b"DemoPhone" not in served
    assert replies.get(photo_url.format(case.pk, kept.pk)).status_code == 404
    assert replies.get(photo_url.format(case.pk, kept.pk) + "?original=1").status_code == 404

    # withdrawn: gone from the public page at once
    assert mark(handler, case, visit, public=False).status_code == 302
    page = replies.get(f"/interaction/replies/{case.pk}/")
    assert [p.pk for p in page.context["item"].photos] == [own.pk]
    assert replies.get(photo_url.format(case.pk, visit.pk)).status_code == 404
    assert "Published with the reply" in handler.get(case_url(case)).content.decode()


def test_the_page_offers_no_publication_without_consent_and_refuses_it(
    case: Complaint, admin: Any
) -> None:
    Complaint.objects.filter(pk=case.pk).update(agrees_to_publication=False)
    photo = add(case, admin, "site.jpg")
    client = signed_in(admin, csrf=True)
    html = client.get(case_url(case)).content.decode()
    assert not button(html, photo, public=True)
    assert "The complainant did not agree to publication: their photo stays private." in html
    refused = mark(client, case, photo, public=True)
    assert refused.status_code == 400
    assert "their photo stays private" in refused.content.decode()
    assert not Photo.objects.get(pk=photo.pk).public


def test_only_staff_who_may_work_the_case_mark_its_photos(
    case: Complaint,
    admin: Any,
    water_handler: Any,
    client_as: Any,
    register: Any,
) -> None:
    photo = add(case, admin, "site.jpg")
    data = {f"{ACTION}-photo": photo.pk, f"{ACTION}-public": "1"}
    # an editor and a data manager: the back office's door is shut (403)
    for role in (Role.EDITOR, Role.DATA_MANAGER):
        assert client_as(role).post(act_url(case), data).status_code == 403
    # a handler of another department: the case is not found (404)
    assert signed_in(water_handler).post(act_url(case), data).status_code == 404
    assert signed_in(water_handler, csrf=True).get(case_url(case)).status_code == 404
    # not signed in: to the login
    assert Client().post(act_url(case), data).status_code == 302
    # without the CSRF token: refused
    assert signed_in(admin, csrf=True).post(act_url(case), data).status_code == 403
    # a photo of another case, under this case's URL: not one of its photos
    other = register(name="王建国", phone="13700001111", email="")
    Complaint.objects.filter(pk=other.pk).update(agrees_to_publication=True)
    stray = reverse("complaints_admin:act", args=[other.pk, ACTION])
    assert signed_in(admin).post(stray, data).status_code == 400
    assert not Photo.objects.get(pk=photo.pk).public
    assert not ComplaintEvent.objects.filter(kind=Step.PHOTO_PUBLIC).exists()
