"""The public pages: the published items by type with a search, an item's whole guide
(materials with their downloads, the procedure drawn and written out), a draft never
public (404), and the files served as attachments, never sniffed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lantian.approvals.models import ApprovalItem

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_items_by_type_not_drafts(
    demo: object, published: ApprovalItem, draft: ApprovalItem
) -> None:
    response = Client().get(reverse("approvals:items"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.name in html
    assert draft.name not in html
    assert 'aria-label="Breadcrumb"' in html or "breadcrumbs" in html


def test_the_list_searches_and_filters_by_type(demo: object, published: ApprovalItem) -> None:
    client = Client()
    found = client.get(reverse("approvals:items"), {"q": "排污"}).content.decode()
    assert published.name in found
    none = client.get(reverse("approvals:items"), {"q": "辐射"}).content.decode()
    assert published.name not in none
    other = client.get(reverse("approvals:items"), {"type": "public_service"}).content.decode()
    assert published.name not in other
    bad = client.get(reverse("approvals:items"), {"type": "<script>", "q": "x" * 500})
    assert bad.status_code == 200


def test_the_guide_page_shows_every_element(demo: object, published: ApprovalItem) -> None:
    response = Client().get(reverse("approvals:item", args=[published.code]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        published.name,
        "《中华人民共和国环境影响评价法》",
        "第二十二条",
        published.conditions,
        published.office_address,
        published.phone,
        published.online_url,
        published.consultation,
        published.complaint,
        published.result_name,
        published.validity,
        "建设单位营业执照",
    ):
        assert text in html, text
    # the flow chart is an ordered list: its text is the text equivalent
    assert '<ol class="flow"' in html
    assert html.index("申请") < html.index("受理") < html.index("作出批准或者不予批准的决定")
    material = published.materials.get(fill_in=True)
    assert (
        reverse("approvals:material_file", args=[published.code, material.pk, "template"]) in html
    )


def test_a_draft_and_an_unknown_code_are_not_found(demo: object, draft: ApprovalItem) -> None:
    client = Client()
    assert client.get(reverse("approvals:item", args=[draft.code])).status_code == 404
    assert client.get(reverse("approvals:item", args=["NO-SUCH"])).status_code == 404
    material = draft.materials.get(fill_in=True)
    link = reverse("approvals:material_file", args=[draft.code, material.pk, "template"])
    assert client.get(link).status_code == 404


def test_template_and_sample_are_served_as_attachments(published: ApprovalItem) -> None:
    material = published.materials.get(fill_in=True)
    client = Client()
    for which in ("template", "sample"):
        link = reverse("approvals:material_file", args=[published.code, material.pk, which])
        response = client.get(link)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"PK")
    other = published.materials.get(fill_in=False)
    for args in ((other.pk, "template"), (material.pk, "note")):
        link = reverse("approvals:material_file", args=[published.code, *args])
        assert client.get(link).status_code == 404
