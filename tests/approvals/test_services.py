"""The services: publication refused for an incomplete guide (the error lists each
missing element), a published guide kept complete, files checked by content, and every
write in the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.models import ModelLogEntry

from lantian.approvals import selectors, services
from lantian.approvals.models import ApprovalItem, Material
from tests.approvals.conftest import docx, make_item

pytestmark = pytest.mark.django_db


def actions(instance: object) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(instance).order_by("pk").values_list("action", flat=True)
    )


def test_publishing_an_incomplete_guide_is_refused_with_each_missing_element() -> None:
    item = make_item(materials=False, phone="", free=False, fee_amount="100元", fee_basis="")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.publish_item(actor=None, item=item)
    assert refused.value.params["missing"] == ["materials", "fee.basis", "phone"]
    message = refused.value.messages[0]
    assert "materials" in message and "basis of the fee" in message and "phone" in message
    item.refresh_from_db()
    assert item.status == ApprovalItem.Status.DRAFT and item.published_at is None
    assert services.ITEM_PUBLISHED not in actions(item)


def test_a_complete_guide_is_published_and_audited(draft: ApprovalItem) -> None:
    assert selectors.missing(draft) == []
    services.publish_item(actor=None, item=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    assert actions(draft) == ["wagtail.create", services.ITEM_PUBLISHED]


def test_a_published_guide_cannot_lose_an_element(published: ApprovalItem) -> None:
    with pytest.raises(ValidationError) as refused:
        services.update_item(actor=None, item=published, validity="")
    assert refused.value.params["missing"] == ["validity"]
    published.refresh_from_db()
    assert published.validity == "五年"
    material = published.materials.get(fill_in=True)
    with pytest.raises(ValidationError):
        services.update_material(actor=None, material=material, copies=None)
    # one material may go (the guide stays complete), the last one may not
    services.remove_material(actor=None, material=published.materials.get(fill_in=False))
    with pytest.raises(ValidationError) as refused:
        services.remove_material(actor=None, material=material)
    assert refused.value.params["missing"] == ["materials"]
    assert published.materials.count() == 1


def test_withdrawal_returns_to_draft_with_the_reason(published: ApprovalItem) -> None:
    services.withdraw_item(actor=None, item=published, reason="法律修订，指南待更新")
    published.refresh_from_db()
    assert published.status == ApprovalItem.Status.DRAFT
    entry = ModelLogEntry.objects.for_instance(published).latest("pk")
    assert entry.action == services.ITEM_WITHDRAWN
    assert entry.data["reason"] == "法律修订，指南待更新"


def test_edits_and_materials_are_audited_with_their_changes(draft: ApprovalItem) -> None:
    services.update_item(actor=None, item=draft, promised_days=8)
    entry = ModelLogEntry.objects.for_instance(draft).latest("pk")
    assert entry.action == "wagtail.edit"
    assert entry.data["changes"]["promised_days"] == [10, 8]
    material = draft.materials.get(fill_in=False)
    services.update_material(actor=None, material=material, copies=2)
    assert actions(material) == ["wagtail.create", "wagtail.edit"]
    services.remove_material(actor=None, material=material)
    assert not Material.objects.filter(pk=material.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail.delete", object_id=str(material.pk)
    ).exists()


def test_promised_longer_than_statutory_is_refused() -> None:
    with pytest.raises(ValidationError):
        make_item(statutory_days=10, promised_days=20)
    assert not ApprovalItem.objects.exists()


def test_a_bad_code_and_a_duplicate_code_are_refused(draft: ApprovalItem) -> None:
    with pytest.raises(ValidationError) as refused:
        make_item(code="T-XK-0001")
    assert "code" in refused.value.error_dict
    with pytest.raises(ValidationError):
        make_item(code="../etc")


def test_lists_are_stored_as_structured_entries() -> None:
    item = make_item(legal_basis=[{"law": " 《行政许可法》 ", "article": "第三十八条", "x": 1}])
    assert item.legal_basis == [{"law": "《行政许可法》", "article": "第三十八条"}]
    with pytest.raises(ValidationError):
        make_item(code="T-XK-0009", steps="受理")


DISGUISED = {
    "page.pdf": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "form.docx": b"%PDF-1.4\n<html><script>alert(1)</script></html>",
    "form.pdf": b"%PDF-1.4\n%" + b"<script>alert(1)</script>",
    "tool.png": b"MZ\x90\x00" + b"\x00" * 100,
}


@pytest.mark.parametrize("name", sorted(DISGUISED))
@pytest.mark.parametrize("which", ["template", "sample"])
def test_disguised_files_are_refused(draft: ApprovalItem, name: str, which: str) -> None:
    upload = SimpleUploadedFile(name, DISGUISED[name], content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.add_material(
            actor=None, item=draft, name="示例", form="paper", copies=1, original="original",
            **{which: upload},
        )  # fmt: skip
    assert which in refused.value.error_dict
    assert draft.materials.count() == 2


def test_a_genuine_docx_is_kept(draft: ApprovalItem) -> None:
    material = services.add_material(
        actor=None, item=draft, name="补充说明", form="paper", copies=1, original="original",
        template=docx("补充说明.docx"),
    )  # fmt: skip
    assert material.template.name.startswith("approvals/templates/")
