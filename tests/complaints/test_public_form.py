"""The public complaint form (`/interaction/complaints/new/`) and the director's mailbox
(`/interaction/mailbox/new/`): the fields and the category's extra questions, the map
point and its district, photos checked by content, anonymous or named, the privacy
notice, spam protection (honeypot, form time stamp), the rate limit and the one-time
confirmation with the codes."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lantian.complaints import selectors
from lantian.complaints.forms import district_at, location_map, unproject
from lantian.complaints.models import Complaint, Photo
from tests.complaints.public import (
    DONE,
    DONGCHENG,
    MAILBOX,
    NEW,
    PERSONAL,
    districts,
    png,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def client(demo: Any) -> Client:
    districts()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def errors(response: Any) -> dict[str, list[str]]:
    return {k: list(v) for k, v in response.context["form"].errors.items()}


# ---------------------------------------------------------------- the form page


def test_the_form_has_its_fields_the_extra_questions_the_map_and_the_privacy_notice(
    client: Client,
) -> None:
    response = client.get(NEW)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    for name in (
        "category",
        "title",
        "description",
        "address",
        "latitude",
        "longitude",
        "district",
        "photos",
        "anonymous",
        "name",
        "phone",
        "email",
        "agrees_to_publication",
        "privacy_acknowledged",
        "form_token",
        "website",
        "csrfmiddlewaretoken",
    ):
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html
    # the air category's extra questions (Category.attributes), in English on this site
    assert 'name="attr_air__odour"' in html and "What do you smell or see?" in html
    assert "Chemical odour" in html
    # the map: one path per district of the boundary file, hidden until the script runs
    assert html.count('class="location-map__district"') == 6
    assert "data-location-map hidden" in html
    assert 'id="privacy-notice"' in html and "never published" in html
    assert "mailbox_kind" not in html


def test_the_mailbox_form_asks_for_the_kind_of_letter(client: Client) -> None:
    html = client.get(MAILBOX).content.decode()
    for kind in ("consultation", "suggestion", "complaint"):
        assert f'name="mailbox_kind" value="{kind}"' in html


def test_the_map_inverts_to_the_point_it_draws(demo: Any) -> None:
    drawn = location_map()
    assert drawn is not None
    x, y = drawn.point(*DONGCHENG)
    latitude, longitude = unproject(x + drawn.left, y + drawn.top, drawn.zoom)
    assert latitude == pytest.approx(DONGCHENG[0], abs=1e-9)
    assert longitude == pytest.approx(DONGCHENG[1], abs=1e-9)
    assert district_at(*DONGCHENG) == "东城区"
    assert district_at(0.0, 0.0) is None
    assert drawn.point(0.0, 0.0) is None  # off the map


# ---------------------------------------------------------------- sending it


def test_a_named_complaint_is_registered_and_the_codes_are_shown_once(client: Client) -> None:
    response = post(client, **{"attr_air__odour": "chemical", "attr_air__pollution_time": "night"})
    assert response.status_code == 302 and response["Location"] == DONE
    complaint = Complaint.objects.get()
    assert complaint.channel == "online" and complaint.category.code == "air"
    assert complaint.attributes == {"odour": "chemical", "pollution_time": "night"}
    assert (complaint.latitude, complaint.longitude) == DONGCHENG
    assert complaint.district.name == "东城区"  # worked out from the map point
    assert complaint.name == "王小明" and complaint.phone == PERSONAL["phone"]
    assert complaint.id_number == PERSONAL["id_number"]
    assert complaint.agrees_to_publication and not complaint.anonymous
    # the intake clock runs from the day of receipt (15 days, 信访条例 Art. 21)
    clock = selectors.case_clock(complaint)
    assert (clock.intake_due - complaint.received_on).days == 15

    page = client.get(DONE)
    html = page.content.decode()
    assert complaint.case_no in html
    code = re.search(r'data-testid="verification-code">([^<]+)<', html).group(1)
    assert selectors.find_by_case_no(complaint.case_no, code) == complaint
    assert code not in client.get(DONE).content.decode()  # once only


def test_a_chosen_district_wins_over_the_map_point(client: Client) -> None:
    port = districts()["港区"]
    post(client, district=str(port.pk))
    assert Complaint.objects.get().district == port


def test_a_letter_to_the_mailbox_keeps_its_kind(client: Client) -> None:
    response = post(client, MAILBOX, mailbox_kind="suggestion")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "mailbox" and complaint.mailbox_kind == "suggestion"
    assert complaint.public_message  # the website-inspection alarms apply


def test_an_anonymous_report_keeps_no_personal_data(client: Client) -> None:
    response = post(client, anonymous="on")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert not any(getattr(complaint, field) for field in PERSONAL)


def test_a_named_report_needs_a_name_and_a_phone_or_email(client: Client) -> None:
    response = post(client, name="", phone="", email="")
    assert response.status_code == 400
    found = errors(response)
    assert found["name"] == ["Name: Enter your name, or choose to report anonymously."]
    assert found["phone"] == [
        "Phone: Enter a phone number or an email address so that we can reply."
    ]
    assert post(client, phone="", email="a@example.cn").status_code == 302


def test_bad_values_are_refused_naming_their_field(client: Client) -> None:
    response = post(client, phone="12345", id_number="110105194912310021", latitude="95")
    found = errors(response)
    assert found["phone"][0].startswith("Phone: Enter a mobile number")
    assert found["id_number"][0].startswith("Identity document number: The last character")
    assert found["latitude"][0].startswith("Latitude:")
    assert not Complaint.objects.exists()


def test_a_latitude_needs_its_longitude(client: Client) -> None:
    response = post(client, longitude="")
    assert errors(response)["longitude"] == [
        "Longitude: Give both the latitude and the longitude, or neither."
    ]


def test_the_privacy_notice_must_be_acknowledged(client: Client) -> None:
    response = post(client, privacy_acknowledged=None)
    assert "privacy_acknowledged" in errors(response)
    assert not Complaint.objects.exists()


# ---------------------------------------------------------------- spam protection


def test_a_filled_honeypot_is_refused(client: Client) -> None:
    response = post(client, website="http://spam.example")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This message could not be accepted."]
    assert not Complaint.objects.exists()


def test_a_form_sent_within_seconds_is_refused_and_can_be_sent_again(client: Client) -> None:
    response = post(client, age=timedelta(seconds=1))
    assert response.status_code == 400
    assert "within seconds" in response.context["form"].non_field_errors()[0]
    assert not Complaint.objects.exists()
    # the redrawn form carries a fresh stamp, not the rejected one
    fresh = response.context["form"].data["form_token"]
    assert fresh and fresh != response.wsgi_request.POST["form_token"]
    assert post(client, age=timedelta(seconds=5)).status_code == 302


def test_a_form_older_than_a_day_is_refused(client: Client) -> None:
    response = post(client, age=timedelta(hours=25))
    assert response.status_code == 400
    assert "more than a day" in response.context["form"].non_field_errors()[0]
    assert post(client, age=timedelta(hours=23)).status_code == 302


def test_a_forged_or_missing_stamp_is_refused(client: Client) -> None:
    assert post(client, form_token="complaint-form:1abc:forged").status_code == 400
    assert post(client, form_token="").status_code == 400
    assert not Complaint.objects.exists()


# ---------------------------------------------------------------- photos


def test_photos_are_kept_cleaned(client: Client) -> None:
    response = post(client, photos=[png(name="a.png"), png((5, 5), "b.png")])
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    photos = list(complaint.photos.all())
    assert len(photos) == 2 and all(p.content_type == "image/png" for p in photos)
    assert not any(p.public for p in photos)  # staff decide what may be shown


def test_a_file_that_is_not_a_photo_is_refused_by_name_and_nothing_is_kept(
    client: Client,
) -> None:
    fake = SimpleUploadedFile("evidence.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = post(client, photos=[png(), fake])
    assert response.status_code == 400
    message = " ".join(errors(response)["photos"])
    assert "evidence.jpg" in message
    assert not Complaint.objects.exists() and not Photo.objects.exists()


def test_too_many_or_too_large_photos_are_refused(client: Client, settings: Any) -> None:
    response = post(client, photos=[png(name=f"{i}.png") for i in range(6)])
    assert errors(response)["photos"] == ["Photos: Attach at most 5 photos."]
    settings.COMPLAINTS_PHOTO_MAX_BYTES = 50
    big = png((40, 40), "big.png")
    response = post(client, photos=[big])
    assert "big.png" in errors(response)["photos"][0]
    assert not Complaint.objects.exists()


# ---------------------------------------------------------------- rate limit


def test_submissions_are_rate_limited(client: Client, settings: Any) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    assert post(client).status_code == 302
    assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert Complaint.objects.count() == 2


def test_refused_submissions_do_not_use_up_the_limit(client: Client, settings: Any) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "1/hour"
    for _ in range(3):
        assert post(client, title="").status_code == 400
    assert post(client).status_code == 302


def test_the_chinese_form_speaks_chinese(demo: Any) -> None:
    districts()
    html = Client().get(NEW).content.decode()
    assert '<html lang="zh-Hans"' in html or 'lang="zh-hans"' in html.lower()
    assert "化工异味" in html  # the extra question's Chinese value
