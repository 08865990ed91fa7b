"""The category's extra questions at staff registration (the back office's "Register a
complaint"): asked as the public form asks them (one builder,
lantian.complaints.questions), the chosen category's answers stored on the case, a
required one left empty refused on its field — on the staff form and the public form
alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lantian.complaints.models import Category, Complaint
from lantian.core.roles import Role
from tests.complaints.public import NEW, districts, post

from .conftest import signed_in

pytestmark = pytest.mark.django_db

REGISTER = "complaints_admin:register"
SITE = "attr_construction__site"
HOURS = "attr_construction__hours"


@pytest.fixture
def construction(demo: Any) -> Category:
    """A category with a required question and an optional multiple-choice one."""
    return Category.objects.create(
        code="construction",
        name="施工扬尘",
        name_en="Construction dust",
        sort_order=90,
        attributes=[
            {
                "code": "site",
                "datatype": "string",
                "required": True,
                "description": "工地名称",
                "description_en": "Name of the building site",
                "order": 1,
            },
            {
                "code": "hours",
                "datatype": "multivaluelist",
                "required": False,
                "description": "发生时段",
                "description_en": "When does it happen?",
                "order": 2,
                "values": [
                    {"key": "day", "name": "白天", "name_en": "By day"},
                    {"key": "night", "name": "夜间", "name_en": "At night"},
                ],
            },
        ],
    )


def call(category: Category, **changes: Any) -> dict[str, Any]:
    """A 12369 call as staff enter it."""
    data = {
        "channel": "hotline_12369",
        "submitted_on": "2026-10-12",
        "submitted_time": "21:30",
        "category": category.pk,
        "title": "工地夜间扬尘",
        "description": "北山路工地夜间土方作业，未覆盖，扬尘很大。",
        "name": "郑国华",
        "phone": "13905995678",
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_the_staff_form_asks_every_categorys_questions_grouped_by_category(
    staff: dict[Role, Any], construction: Category
) -> None:
    response = signed_in(staff[Role.CASE_HANDLER]).get(reverse(REGISTER))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-attributes-for="{construction.pk}"' in html
    assert f'name="{SITE}"' in html and "Name of the building site" in html
    assert f'name="{HOURS}"' in html and "At night" in html
    # the default air category's questions, from the same builder as the public form's
    assert 'name="attr_air__odour"' in html and "What do you smell or see?" in html
    assert "complaints/admin-register" in html  # the script showing the chosen one only
    # drawn after the category, before the subject
    assert html.index('name="category"') < html.index(f'name="{SITE}"') < html.index('name="title"')


def test_a_staff_registration_stores_the_answers_to_the_categorys_questions(
    staff: dict[Role, Any], construction: Category
) -> None:
    response = signed_in(staff[Role.ADMINISTRATOR]).post(
        reverse(REGISTER),
        call(
            construction,
            **{SITE: " 北山路安置房二期工地 ", HOURS: ["night"], "attr_air__odour": "chemical"},
        ),
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    complaint = Complaint.objects.get(title="工地夜间扬尘")
    assert complaint.category == construction
    # the chosen category's answers only (another category's field is dropped)
    assert complaint.attributes == {"site": "北山路安置房二期工地", "hours": ["night"]}
    assert complaint.received_on == date(2026, 10, 12)
    page = signed_in(staff[Role.ADMINISTRATOR]).get(
        reverse("complaints_admin:case", args=[complaint.pk])
    )
    assert "北山路安置房二期工地" in page.content.decode()  # under its question


def test_a_required_question_left_empty_is_refused_on_its_field(
    staff: dict[Role, Any], construction: Category
) -> None:
    client = signed_in(staff[Role.ADMINISTRATOR])
    for empty in (None, "   "):
        response = client.post(reverse(REGISTER), call(construction, **{SITE: empty}))
        assert response.status_code == 400
        form = response.context["form"]
        assert list(form.errors) == [SITE]
        assert form.errors.as_data()[SITE][0].code == "required"
        assert form.fields[SITE].label == "Name of the building site"
        html = response.content.decode()
        assert "This is required." in html and "Name of the building site" in html
    assert not Complaint.objects.filter(title="工地夜间扬尘").exists()


def test_another_categorys_required_question_is_not_asked(
    staff: dict[Role, Any], construction: Category, categories: dict[str, Category]
) -> None:
    response = signed_in(staff[Role.ADMINISTRATOR]).post(
        reverse(REGISTER), call(categories["water"], title="河道排污")
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    assert Complaint.objects.get(title="河道排污").attributes == {}


def test_the_public_form_refuses_the_same_empty_answer(construction: Category) -> None:
    cache.clear()
    districts()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = post(client, category=str(construction.pk))
    assert refused.status_code == 400  # drawn again with its errors
    assert list(refused.context["form"].errors) == [SITE]
    accepted = post(client, NEW, category=str(construction.pk), **{SITE: "北山路工地"})
    assert accepted.status_code == 302
    assert Complaint.objects.get(category=construction).attributes == {"site": "北山路工地"}
