"""The public application form (`/services/foi/apply/`): every field's checks, the
privacy notice, CSRF, the one-time confirmation with the codes, the rate limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from lantian.core.i18n import html_lang
from lantian.foi import services
from lantian.foi.forms import (
    ApplicationForm,
    credit_code_error,
    resident_id_check_character,
    resident_id_error,
)
from lantian.foi.models import Application
from tests.foi.public import ORGANISATION, PERSON, PERSONAL, credit_code, resident_id

pytestmark = pytest.mark.django_db
APPLY = "/services/foi/apply/"
DONE = "/services/foi/apply/done/"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post(client: Client, **changes: Any) -> Any:
    data = {**PERSON, **changes}
    return client.post(APPLY, {k: v for k, v in data.items() if v is not None})


def errors(response: Any) -> dict[str, list[str]]:
    return {k: list(v) for k, v in response.context["form"].errors.items()}


# ---------------------------------------------------------------- identity numbers


def test_resident_id_check_character_from_gb_11643() -> None:
    # the standard's worked example: 11010519491231002 → X
    assert resident_id_check_character("11010519491231002") == "X"
    assert resident_id_error("11010519491231002X") is None
    assert resident_id_error("110105194912310021") is not None  # wrong check character
    assert resident_id_error("11010519491331002X") is not None  # month 13
    assert resident_id_error("1101051949123100") is not None  # 16 characters
    assert resident_id_error("01010519491231002X") is not None  # no region starts with 0
    assert resident_id_error(resident_id("11010530000101001")) is not None  # born in 3000


def test_credit_code_check_character_from_gb_32100() -> None:
    assert credit_code_error("91350100M000100Y43") is None  # a published code
    assert credit_code_error("91350100M000100Y44") is not None
    assert credit_code_error("91350100M000100YI3") is not None  # I is not used
    assert credit_code_error(credit_code()) is None


# ---------------------------------------------------------------- the page


def test_the_form_has_every_field_the_privacy_notice_and_csrf(client: Client) -> None:
    response = client.get(APPLY)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (*PERSON, "legal_representative", "contact_person", "fee_waiver_requested"):
        assert f'name="{name}"' in html, name
    assert "csrfmiddlewaretoken" in html
    assert 'id="privacy-notice"' in html and "Article 29" in html
    for choice in ("commercial", "research", "public_interest", "legal_service"):
        assert f'value="{choice}"' in html
    assert "Legal person or other organisation" in html
    assert "no-store" in response["Cache-Control"]


def test_the_services_section_links_to_the_form_and_tracking(client: Client) -> None:
    html = client.get("/services/").content.decode()
    assert 'href="/services/foi/apply/"' in html and 'href="/services/foi/track/"' in html


def test_the_form_in_chinese_by_default() -> None:
    html = Client().get(APPLY).content.decode()
    assert '<html lang="zh-Hans"' in html
    assert "自然人" in html or "Natural person" in html  # the model's label (catalogue)


# ---------------------------------------------------------------- submission


def test_a_person_applies_and_sees_the_codes_once(client: Client) -> None:
    response = post(client)
    assert response.status_code == 302 and response["Location"] == DONE
    assert "verification" not in response["Location"]
    application = Application.objects.get()
    assert application.channel == "online"
    assert application.received_on is None  # confirmed by staff (Art. 31)
    assert application.name == "林晓梅" and application.legal_representative == ""
    page = client.get(DONE)
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    tracking = re.search(r'data-testid="tracking-code">([^<]+)<', html).group(1)
    code = re.search(r'data-testid="verification-code">([^<]+)<', html).group(1)
    assert tracking == application.tracking_code
    assert services.check_verification(application, code)
    assert "20 working days" in html and "Article 31" in html and "data-print" in html
    assert 'href="/services/foi/track/"' in html
    for value in PERSONAL:
        assert value not in html
    # shown once: the page no longer has it
    again = client.get(DONE).content.decode()
    assert code not in again and 'data-testid="verification-code"' not in again


def test_an_organisation_applies_with_its_credit_code(client: Client) -> None:
    assert post(client, **ORGANISATION).status_code == 302
    application = Application.objects.get()
    assert application.applicant_type == "public_interest"
    assert application.id_type == "credit_code"
    assert application.contact_person == "赵敏" and application.legal_representative == "陈建国"


def test_spaces_and_lower_case_in_the_id_number_are_tidied(client: Client) -> None:
    number = resident_id("11010519491231002")  # ends in X
    spaced = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
    assert post(client, id_number=spaced).status_code == 302
    assert Application.objects.get().id_number == number


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"applicant_type": ""}, "applicant_type"),
        ({"applicant_type": "government"}, "applicant_type"),
        ({"id_number": ""}, "id_number"),
        (
            {"id_number": resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")},
            "id_number",
        ),
        ({"id_number": "32050219881315123X"}, "id_number"),
        ({"id_type": "credit_code"}, "id_type"),  # a person with a credit code
        ({"phone": ""}, "phone"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "1396215887"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),  # delivery by email needs one
        ({"delivery": "post", "address": ""}, "address"),
        ({"form": "paper", "delivery": "email"}, "delivery"),
        ({"postcode": "21500"}, "postcode"),
        ({"description": ""}, "description"),
        ({"description": "数据"}, "description"),
        ({"form": "microfilm"}, "form"),
        ({"privacy_acknowledged": None}, "privacy_acknowledged"),
    ],
)
def test_bad_person_input_is_refused_on_its_field(
    client: Client, changes: dict[str, Any], field: str
) -> None:
    response = post(client, **changes)
    assert response.status_code == 200
    assert field in errors(response), errors(response)
    assert not Application.objects.exists()
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    assert 'aria-invalid="true"' in html or field in ("applicant_type", "form", "delivery")


# Django's own messages, in English and in its zh-hans catalogue: never on our pages
STOCK = (
    "Ensure this value",
    "This field is required",
    "Select a valid choice",
    "Enter a valid email",
    "确保该变量",
    "这个字段是必填项",
    "选择一个有效的选项",
    "输入一个有效的",
)
TOO_LONG = {
    "name": "林" * 201,
    "id_number": "1" * 51,
    "phone": "1" * 31,
    "address": "路" * 301,
    "postcode": "1" * 11,
    "document_hint": "文" * 301,
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_errors_are_in_the_page_language_and_name_their_field(language: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = post(client, **TOO_LONG, email="not-an-email", id_type="nope", delivery="post")
    html = response.content.decode()
    assert f'<html lang="{html_lang(language)}"' in html
    form = response.context["form"]
    with translation.override(language):
        named = gettext("%(name)s: %(message)s")
        too_long = gettext("Use at most %(limit_value)d characters (you entered %(show_value)d).")
        expected = {
            field: named
            % {
                "name": form.fields[field].label,
                "message": too_long
                % {"limit_value": form.fields[field].max_length, "show_value": len(value)},
            }
            for field, value in TOO_LONG.items()
        }
        expected["email"] = named % {
            "name": form.fields["email"].label,
            "message": gettext("Enter an email address, such as name@example.cn."),
        }
        expected["id_type"] = named % {
            "name": form.fields["id_type"].label,
            "message": gettext("Choose one of the options offered."),
        }
    assert {field: list(errors) for field, errors in form.errors.items()} == {
        field: [message] for field, message in expected.items()
    }
    for message in expected.values():
        assert escape(message) in html  # in the summary and next to the field
        assert html.count(escape(message)) == 2
    for stock in STOCK:
        assert stock not in html, stock


def test_a_message_names_the_field_in_chinese() -> None:
    # the labels are translated already: the Chinese page names the field in Chinese
    response = post(Client(), name="")
    with translation.override("zh-hans"):
        label = gettext("Name")
    [message] = response.context["form"].errors["name"]
    assert label != "Name" and message.startswith(label)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_type": "resident_id", "id_number": resident_id()}, "id_type"),
        ({"id_number": "91320500MA1N8XQ03A"}, "id_number"),
        ({"id_number": ""}, "id_number"),
        ({"contact_person": ""}, "contact_person"),
        ({"legal_representative": ""}, "legal_representative"),
    ],
)
def test_bad_organisation_input_is_refused_on_its_field(
    client: Client, changes: dict[str, Any], field: str
) -> None:
    response = post(client, **{**ORGANISATION, **changes})
    assert response.status_code == 200
    assert field in errors(response), errors(response)
    assert not Application.objects.exists()


def test_refused_input_is_kept_except_nothing_is_lost(client: Client) -> None:
    html = post(client, phone="12345").content.decode()
    assert "林晓梅" in html and PERSON["description"] in html  # the applicant's own page


def test_a_person_never_gets_organisation_fields_stored(client: Client) -> None:
    post(client, legal_representative="某人", contact_person="某人")
    application = Application.objects.get()
    assert application.legal_representative == "" and application.contact_person == ""


def test_the_form_validates_like_the_api_without_a_request() -> None:
    form = ApplicationForm(data={**PERSON, "privacy_acknowledged": True})
    assert form.is_valid(), form.errors
    assert set(form.application_fields()) == set(services.APPLICANT_FIELDS)


def test_csrf_is_enforced() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(APPLY, PERSON)
    assert response.status_code == 403
    assert not Application.objects.exists()
    page = client.get(APPLY)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post(APPLY, {**PERSON, "csrfmiddlewaretoken": token}).status_code == 302


def test_submissions_are_rate_limited_per_address(client: Client, settings) -> None:
    settings.FOI_SUBMIT_RATE = "2/hour"
    assert post(client).status_code == 302
    assert post(client, phone="bad").status_code == 200  # refused input does not count
    assert post(client).status_code == 302
    refused = post(client)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()
    assert Application.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert post(other).status_code == 302  # another address has its own window


def test_tracking_codes_follow_the_year(client: Client) -> None:
    post(client)
    code = Application.objects.get().tracking_code
    assert re.fullmatch(rf"YSQ{timezone.localdate().year}\d{{5}}", code)
