"""The settings administrators edit (Wagtail snippets, audited): categories with their
Open311 extra questions, routing rules unique per category × district (empty sides
included), channel rules, letter templates."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.complaints.admin.settings import validate_attributes
from lantian.complaints.models import Category, ChannelRule, LetterTemplate, RoutingRule
from lantian.core.models import Department
from lantian.core.roles import Role

pytestmark = pytest.mark.django_db

SMELL = {
    "code": "smell",
    "datatype": "singlevaluelist",
    "required": True,
    "description": "气味类型",
    "order": 1,
    "values": [{"key": "rotten_egg", "name": "臭鸡蛋味"}, {"key": "solvent", "name": "油漆味"}],
}


def admin_client(staff: dict[Role, Any]) -> Client:
    client = Client()
    client.force_login(
        staff[Role.ADMINISTRATOR], backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def category_form(**fields: Any) -> dict[str, Any]:
    data = {
        "code": "odour",
        "name": "异味扰民",
        "name_en": "Odour",
        "description": "",
        "description_en": "",
        "keywords": "臭味",
        "attributes": "[]",
        "sort_order": "50",
        "is_active": "on",
    }
    data.update(fields)
    return data


# ---------------------------------------------------------------- extra questions


def test_valid_questions_are_kept_in_order() -> None:
    when = {"code": "when", "datatype": "datetime", "description": "发生时间", "order": 0}
    assert validate_attributes([SMELL, when]) == [when, SMELL]
    assert validate_attributes(None) == []


@pytest.mark.parametrize(
    ("questions", "named"),
    [
        ({"code": "x"}, "list"),
        ([{"code": "a b", "datatype": "string", "description": "问"}], "code"),
        ([{"code": "a", "datatype": "colour", "description": "问"}], "datatype"),
        ([{"code": "a", "datatype": "string"}], "description"),
        ([{"code": "a", "datatype": "singlevaluelist", "description": "问"}], "values"),
        ([{**SMELL, "values": [{"key": "x"}]}], "name"),
        ([SMELL, SMELL], "twice"),
        ([{"code": "a", "datatype": "string", "description": "问", "required": "yes"}], "required"),
        ([{"code": "a", "datatype": "string", "description": "问", "colour": 1}], "colour"),
    ],
)
def test_bad_questions_are_refused_naming_what_is_wrong(questions: Any, named: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_attributes(questions)
    assert named in " ".join(refused.value.messages)


def test_administrator_adds_a_category_with_questions(staff: dict[Role, Any]) -> None:
    client = admin_client(staff)
    bad = client.post(
        reverse("complaints_categories:add"), category_form(attributes='[{"code": "a"}]')
    )
    assert bad.status_code == 200  # the form again, with the error
    assert "datatype" in bad.content.decode()
    assert not Category.objects.filter(code="odour").exists()
    not_json = client.post(reverse("complaints_categories:add"), category_form(attributes="[{"))
    assert not_json.status_code == 200
    assert not Category.objects.filter(code="odour").exists()
    ok = client.post(
        reverse("complaints_categories:add"),
        category_form(attributes=json.dumps([SMELL], ensure_ascii=False)),
    )
    assert ok.status_code == 302
    category = Category.objects.get(code="odour")
    assert category.attributes == [SMELL]
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(category.pk)
    ).exists()
    edit = client.get(reverse("complaints_categories:edit", args=[category.pk]))
    assert edit.status_code == 200 and "臭鸡蛋味" in edit.content.decode()


def test_handlers_cannot_edit_the_settings(client_as: Any) -> None:
    handler = client_as(Role.CASE_HANDLER)
    assert handler.post(reverse("complaints_categories:add"), category_form()).status_code == 403
    assert not Category.objects.filter(code="odour").exists()


# ---------------------------------------------------------------- routing rules


def test_routing_rules_are_unique_with_empty_sides(staff: dict[Role, Any]) -> None:
    client = admin_client(staff)
    RoutingRule.objects.all().delete()
    air = Department.objects.get(code="air")
    water = Department.objects.get(code="water")
    category = Category.objects.get(code="air")
    first = client.post(
        reverse("complaints_routing:add"), {"category": "", "district": "", "department": air.pk}
    )
    assert first.status_code == 302
    rule = RoutingRule.objects.get()
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(rule.pk)).exists()
    # the database sees two empty sides as different; the form does not
    again = client.post(
        reverse("complaints_routing:add"), {"category": "", "district": "", "department": water.pk}
    )
    assert again.status_code == 200
    assert air.name in again.content.decode()
    assert RoutingRule.objects.count() == 1
    specific = client.post(
        reverse("complaints_routing:add"),
        {"category": category.pk, "district": "", "department": water.pk},
    )
    assert specific.status_code == 302
    twice = client.post(
        reverse("complaints_routing:add"),
        {"category": category.pk, "district": "", "department": air.pk},
    )
    assert twice.status_code == 200
    assert RoutingRule.objects.count() == 2
    # editing a rule keeps its own pair
    edit = client.post(
        reverse("complaints_routing:edit", args=[rule.pk]),
        {"category": "", "district": "", "department": water.pk},
    )
    assert edit.status_code == 302
    rule.refresh_from_db()
    assert rule.department == water


# ---------------------------------------------------------------- channel rules


def test_channel_rules_are_edited_and_audited(staff: dict[Role, Any]) -> None:
    client = admin_client(staff)
    rule = ChannelRule.objects.get(channel="mailbox")
    url = reverse("complaints_channels:edit", args=[rule.pk])
    data = {
        "channel": "mailbox",
        "intake_limit": "15",
        "intake_unit": "calendar_days",
        "handling_limit": "0",
        "handling_unit": "calendar_days",
        "max_extension": "30",
        "public_message": "on",
    }
    assert client.post(url, data).status_code == 200  # 0 days refused
    ok = client.post(url, {**data, "handling_limit": "30"})
    assert ok.status_code == 302
    rule.refresh_from_db()
    assert rule.handling_limit == 30 and rule.public_message
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(rule.pk)).exists()


# ---------------------------------------------------------------- letter templates


def test_letter_templates_must_be_valid_templates(staff: dict[Role, Any]) -> None:
    client = admin_client(staff)
    template = LetterTemplate.objects.first()
    if template is None:
        template = LetterTemplate.objects.create(
            kind="reply", title="答复意见书", body="{{ case_no }}"
        )
    url = reverse("complaints_letter_templates:edit", args=[template.pk])
    data = {"kind": template.kind, "title": template.title, "body": "{% if case_no %}未结束"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    template.refresh_from_db()
    assert template.body != data["body"]
    ok = client.post(
        url, {**data, "body": "编号：{{ case_no }}\n{% if reply %}{{ reply }}{% endif %}"}
    )
    assert ok.status_code == 302
    template.refresh_from_db()
    assert "{{ case_no }}" in template.body
