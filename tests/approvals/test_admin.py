"""The approvals back office per role: editors write guides and their materials,
reviewers publish and withdraw them, administrators do both; case handlers, department
heads and data managers get a 403 and anonymous visitors the login page. Publication of
an incomplete guide is refused with its missing elements, and the completeness report
lists each item's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantian.approvals import services
from lantian.approvals.admin import access
from lantian.approvals.models import ApprovalItem, Material
from lantian.core.roles import Role
from tests.approvals.conftest import docx_bytes
from tests.complaints.conftest import signed_in

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"approvals_admin:{name}", args=args)


ITEM_POST = {
    "name": "建设项目环境影响报告书审批",
    "code": "T-XK-0100",
    "kind": "licensing",
    "authority": "示范市生态环境局",
    "legal_basis_lines": (
        "《中华人民共和国环境影响评价法》 | 第二十二条\n《建设项目环境保护管理条例》 | 第九条"
    ),
    "conditions": "符合法定规划。",
    "steps_lines": "申请 | 提交材料\n受理\n决定 | 作出批准或者不予批准的决定",
    "statutory_days": "60",
    "promised_days": "20",
    "free": "on",
    "office_address": "示范市人民路100号",
    "office_hours": "工作日 9:00—17:00",
    "phone": "0999-86601234",
    "online_url": "https://zwfw.sfs.demo.gov.cn/sthjj/",
    "consultation": "电话咨询",
    "complaint": "法规与标准处",
    "result_name": "批复",
    "validity": "五年",
    "review_days": "60",
    "litigation_months": "6",
}


def test_role_matrix(staff: dict[Role, Any]) -> None:
    capabilities = {"view": access.can_view, "edit": access.can_edit, "publish": access.can_publish}
    expected = {
        Role.EDITOR: {"view", "edit"},
        Role.REVIEWER: {"view", "publish"},
        Role.ADMINISTRATOR: {"view", "edit", "publish"},
        Role.CASE_HANDLER: set(),
        Role.DEPARTMENT_HEAD: set(),
        Role.DATA_MANAGER: set(),
    }
    for role, allowed in expected.items():
        user = staff[role]
        assert {n for n, check in capabilities.items() if check(user)} == allowed, role
    assert not access.can_view(None)


def test_anonymous_visitors_are_sent_to_the_login(draft: ApprovalItem) -> None:
    for path in (url("items"), url("item", draft.pk), url("item_add"), url("completeness")):
        response = Client().get(path)
        assert response.status_code == 302, path
        assert reverse("wagtailadmin_login") in response["Location"]


def test_roles_without_rights_are_refused(staff: dict[Role, Any], draft: ApprovalItem) -> None:
    material = draft.materials.first()
    for role in (Role.CASE_HANDLER, Role.DEPARTMENT_HEAD, Role.DATA_MANAGER):
        client = signed_in(staff[role])
        for path in (url("items"), url("item", draft.pk), url("completeness"), url("item_add")):
            assert client.get(path).status_code == 403, (role, path)
        assert client.post(url("item_publish", draft.pk)).status_code == 403
        assert client.post(url("material_remove", material.pk)).status_code == 403
    reviewer = signed_in(staff[Role.REVIEWER])
    assert reviewer.get(url("item", draft.pk)).status_code == 200
    for path in (url("item_add"), url("item_edit", draft.pk), url("material_add", draft.pk)):
        assert reviewer.get(path).status_code == 403, path
    assert reviewer.post(url("material_remove", material.pk)).status_code == 403
    editor = signed_in(staff[Role.EDITOR])
    assert editor.post(url("item_publish", draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ApprovalItem.Status.DRAFT
    assert Material.objects.filter(pk=material.pk).exists()


def test_an_editor_writes_a_guide_and_its_material(demo: object, staff: dict[Role, Any]) -> None:
    editor = staff[Role.EDITOR]
    client = signed_in(editor)
    assert client.get(url("item_add")).status_code == 200
    response = client.post(url("item_add"), ITEM_POST)
    assert response.status_code == 302
    item = ApprovalItem.objects.get(code="T-XK-0100")
    assert item.legal_basis[1] == {"law": "《建设项目环境保护管理条例》", "article": "第九条"}
    assert item.steps[1] == {"name": "受理", "description": ""}
    entry = ModelLogEntry.objects.for_instance(item).get()
    assert entry.action == "wagtail.create" and entry.user_id == editor.pk

    form = SimpleUploadedFile("申请表.docx", docx_bytes(), content_type="application/msword")
    sample = SimpleUploadedFile("示范.docx", docx_bytes("示范"), content_type="application/msword")
    post = {"order": "1", "name": "申请表", "form": "paper", "copies": "1", "original": "original",
            "required": "on", "fill_in": "on", "template": form, "sample": sample}  # fmt: skip
    assert client.post(url("material_add", item.pk), post).status_code == 302
    material = item.materials.get()
    assert material.template and material.sample
    assert ModelLogEntry.objects.for_instance(material).get().user_id == editor.pk

    page = client.get(url("item", item.pk))
    assert page.status_code == 200
    edit = dict(ITEM_POST, promised_days="90")  # longer than the statutory 60
    assert client.post(url("item_edit", item.pk), edit).status_code == 400
    item.refresh_from_db()
    assert item.promised_days == 20


def test_a_disguised_upload_is_refused_in_the_form(
    staff: dict[Role, Any], draft: ApprovalItem
) -> None:
    client = signed_in(staff[Role.EDITOR])
    page = SimpleUploadedFile("申请表.pdf", b"<html><script>alert(1)</script></html>")
    post = {"order": "3", "name": "申请表", "form": "paper", "copies": "1",
            "original": "original", "template": page}  # fmt: skip
    response = client.post(url("material_add", draft.pk), post)
    assert response.status_code == 400
    assert draft.materials.count() == 2


def test_publishing_an_incomplete_guide_is_refused(staff: dict[Role, Any]) -> None:
    item = services.create_item(
        actor=None, code="T-XK-0200", name="辐射安全许可证核发", kind="licensing"
    )
    client = signed_in(staff[Role.REVIEWER])
    response = client.post(url("item_publish", item.pk), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The guide lacks required elements" in html
    assert "legal basis" in html and "office address" in html
    item.refresh_from_db()
    assert item.status == ApprovalItem.Status.DRAFT


def test_a_reviewer_publishes_and_withdraws(staff: dict[Role, Any], draft: ApprovalItem) -> None:
    reviewer = staff[Role.REVIEWER]
    client = signed_in(reviewer)
    assert client.post(url("item_publish", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    entry = ModelLogEntry.objects.for_instance(draft).latest("pk")
    assert entry.action == services.ITEM_PUBLISHED and entry.user_id == reviewer.pk
    assert client.post(url("item_withdraw", draft.pk), {"reason": ""}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published  # a withdrawal needs its reason
    client.post(url("item_withdraw", draft.pk), {"reason": "法规修订"})
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_completeness_report_lists_each_items_missing_elements(
    staff: dict[Role, Any], draft: ApprovalItem
) -> None:
    services.create_item(
        actor=None, code="T-XK-0300", name="入河排污口设置审核", kind="licensing", phone="0999"
    )
    response = signed_in(staff[Role.EDITOR]).get(url("completeness"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "入河排污口设置审核" in html and draft.name in html
    assert "1 guide lacks required elements." in html
    for label in ("legal basis", "materials", "procedure steps", "administrative review period"):
        assert label in html, label
    listing = signed_in(staff[Role.ADMINISTRATOR]).get(url("items")).content.decode()
    assert "T-XK-0300" in listing and "T-XK-0001" in listing


def test_an_editor_edits_and_removes_a_material(
    staff: dict[Role, Any], draft: ApprovalItem
) -> None:
    editor = staff[Role.EDITOR]
    client = signed_in(editor, language="zh-hans")
    material = draft.materials.get(fill_in=False)
    assert client.get(url("material_edit", material.pk)).status_code == 200
    post = {"order": "2", "name": material.name, "form": "electronic", "copies": "3",
            "original": "copy", "required": "on"}  # fmt: skip
    assert client.post(url("material_edit", material.pk), post).status_code == 302
    material.refresh_from_db()
    assert (material.form, material.copies) == ("electronic", 3)
    entry = ModelLogEntry.objects.for_instance(material).latest("pk")
    assert entry.user_id == editor.pk and entry.data["changes"]["copies"] == [1, 3]
    assert client.post(url("material_remove", material.pk)).status_code == 302
    assert not Material.objects.filter(pk=material.pk).exists()
    for path in (
        url("items"),
        url("item", draft.pk),
        url("completeness"),
        url("item_edit", draft.pk),
    ):
        assert client.get(path).status_code == 200, path
