"""`GET /api/v1/services/items` and `/{code}`: published items only, every guide element
and the completeness flag with the missing elements."""

from __future__ import annotations

import pytest
from django.test import Client

from lantian.approvals.models import ApprovalItem
from lantian.demo import approvals as demo_approvals

pytestmark = pytest.mark.django_db
BASE = "/api/v1/services/items"


def test_the_list_has_every_element_and_the_complete_flag(
    published: ApprovalItem, draft: ApprovalItem
) -> None:
    body = Client().get(BASE).json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["code"] == published.code
    assert item["type"] == "licensing"
    assert item["complete"] is True and item["missing"] == []
    assert item["legal_basis"] == [
        {"law": "《中华人民共和国环境影响评价法》", "article": "第二十二条"}
    ]
    assert [s["name"] for s in item["steps"]] == ["申请", "受理", "决定"]
    assert item["statutory_days"] == 30 and item["promised_days"] == 10
    assert item["free"] is True
    assert item["review_days"] == 60 and item["litigation_months"] == 6
    for key in ("office_address", "office_hours", "phone", "online_url", "consultation",
                "complaint", "result_name", "validity", "authority", "conditions"):  # fmt: skip
        assert item[key], key
    form, licence = item["materials"]
    assert form["form"] == "both" and form["copies"] == 1 and form["original"] == "original"
    assert form["template_url"].endswith("/template/") and form["sample_url"]
    assert licence["original"] == "copy" and licence["template_url"] is None


def test_one_item_and_a_draft_is_404(published: ApprovalItem, draft: ApprovalItem) -> None:
    client = Client()
    assert client.get(f"{BASE}/{published.code}").json()["name"] == published.name
    missing = client.get(f"{BASE}/{draft.code}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert client.get(f"{BASE}/{'X' * 41}").status_code == 422


def test_filters_and_bounds(published: ApprovalItem) -> None:
    client = Client()
    assert client.get(BASE, {"type": "licensing"}).json()["count"] == 1
    assert client.get(BASE, {"type": "public_service"}).json()["count"] == 0
    assert client.get(BASE, {"q": "排污许可"}).json()["count"] == 1
    assert client.get(BASE, {"type": "permit"}).status_code == 422
    assert client.get(BASE, {"q": "x" * 51}).status_code == 422
    assert client.get(BASE, {"page_size": 201}).status_code == 422


def test_the_demo_items_are_complete_in_the_api() -> None:
    demo_approvals.load()
    body = Client().get(BASE, {"page_size": 100}).json()
    assert body["count"] == 12
    assert all(item["complete"] for item in body["items"])
    assert demo_approvals.INCOMPLETE_CODE not in {item["code"] for item in body["items"]}
