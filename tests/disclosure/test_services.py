"""Disclosure services: index numbers, sanitising, attachments checked by content,
withdrawal, links, and an audit entry for every write."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from wagtail.models import ModelLogEntry

from lantian.core.roles import Role
from lantian.disclosure import services
from lantian.disclosure.models import DisclosureItem

from .disclosure_fixtures import ELF, PE, SCRIPT, docx_bytes, pdf_bytes, png_bytes, xlsx_bytes


def actions(item: DisclosureItem) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(item)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_new_item_is_a_draft_with_an_index_number_and_a_revision(make_item: Any) -> None:
    item = make_item()
    assert item.index_no == f"MB1C00001/2026-{int(item.index_no[-5:]):05d}"
    assert not item.live
    assert item.latest_revision is not None
    second = make_item("第二条")
    assert int(second.index_no[-5:]) == int(item.index_no[-5:]) + 1
    assert actions(item) == ["wagtail.create"]


def test_index_number_year_is_the_year_formed(make_item: Any) -> None:
    item = make_item(formed_on=date(2025, 12, 30))
    assert item.index_no.startswith("MB1C00001/2025-")


def test_script_in_title_and_body_is_neutralised(make_item: Any) -> None:
    item = make_item(
        "<script>alert(1)</script>空气质量<b>月报</b>",
        summary="<img src=x onerror=alert(1)>摘要",
        body='<p onclick="x()">正文<script>alert(2)</script><a href="javascript:alert(3)">链接</a>'
        '<a href="https://sthjj.demo.gov.cn/">官网</a></p><iframe src="//evil"></iframe>',
    )
    assert item.title == "空气质量月报"
    assert item.summary == "摘要"
    assert "script" not in item.body and "onclick" not in item.body
    assert "javascript" not in item.body and "iframe" not in item.body
    assert '<a href="https://sthjj.demo.gov.cn/">官网</a>' in item.body


def test_escaped_script_in_a_title_is_stripped_too(make_item: Any) -> None:
    item = make_item("&lt;script&gt;alert(1)&lt;/script&gt;通知")
    assert item.title == "通知"


def test_sensitive_without_a_note_is_refused(make_item: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        make_item(sensitive=True, review_note="  ")
    assert "review_note" in refused.value.message_dict
    item = make_item(sensitive=True, review_note="经保密审查，不涉及国家秘密，可以公开。")
    assert item.sensitive


def test_editing_a_draft_is_audited_with_the_changed_fields(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    item = make_item()
    services.save_item(actor=staff[Role.EDITOR], item=item, title="新标题")
    entry = ModelLogEntry.objects.for_instance(item).filter(action="wagtail.edit").get()
    assert entry.data["changes"]["title"][1] == "新标题"
    assert entry.user_id == staff[Role.EDITOR].pk
    item.refresh_from_db()
    assert item.title == "新标题"


def test_unknown_field_is_an_error(make_item: Any) -> None:
    with pytest.raises(TypeError):
        make_item(published_on=date(2026, 1, 1))


@pytest.mark.parametrize(
    ("filename", "maker", "content_type"),
    [
        ("报告.pdf", pdf_bytes, "application/pdf"),
        ("通知.docx", docx_bytes, services.check_file.__globals__["DOCX"]),
        ("数据.xlsx", xlsx_bytes, services.check_file.__globals__["XLSX"]),
        ("图.png", png_bytes, "image/png"),
    ],
)
def test_real_files_are_accepted(
    make_item: Any, staff: dict[Role, Any], filename: str, maker: Any, content_type: str
) -> None:
    item = make_item()
    attachment = services.add_attachment(
        actor=staff[Role.EDITOR], item=item, filename=filename, content=maker()
    )
    assert attachment.pk and attachment.content_type == content_type
    assert len(attachment.sha256) == 64
    assert "lantian.disclosure_attachment_added" in actions(item)
    item.refresh_from_db()
    assert item.attachments.count() == 1
    assert len(item.get_latest_revision().content["attachments"]) == 1


@pytest.mark.parametrize(
    ("filename", "content"),
    [("公告.pdf", ELF), ("公告.pdf", PE), ("公告.pdf", SCRIPT), ("table.xlsx", b"PK\x03\x04junk")],
)
def test_disguised_executables_are_refused_naming_the_file(
    make_item: Any, staff: dict[Role, Any], filename: str, content: bytes
) -> None:
    item = make_item()
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(
            actor=staff[Role.EDITOR], item=item, filename=filename, content=content
        )
    assert filename in refused.value.messages[0]
    assert item.attachments.count() == 0


def test_a_pdf_named_docx_is_refused(make_item: Any, staff: dict[Role, Any]) -> None:
    with pytest.raises(ValidationError, match=r"x\.docx"):
        services.add_attachment(
            actor=staff[Role.EDITOR], item=make_item(), filename="x.docx", content=pdf_bytes()
        )


def test_size_limit(make_item: Any, staff: dict[Role, Any], settings: Any) -> None:
    settings.DISCLOSURE_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError, match=r"big\.pdf"):
        services.add_attachment(
            actor=staff[Role.EDITOR], item=make_item(), filename="big.pdf", content=content
        )


def test_withdrawal_keeps_the_index_number_and_records_the_reason(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    item = services.publish_item(actor=None, item=make_item())
    assert item.live and item.published_on is not None
    number = item.index_no
    with pytest.raises(ValidationError):
        services.withdraw_item(actor=staff[Role.DEPARTMENT_HEAD], item=item, reason=" ")
    withdrawn = services.withdraw_item(
        actor=staff[Role.DEPARTMENT_HEAD], item=item, reason="文件已被新版替代"
    )
    withdrawn.refresh_from_db()
    assert not withdrawn.live
    assert withdrawn.index_no == number
    assert withdrawn.withdrawn_reason == "文件已被新版替代"
    entry = ModelLogEntry.objects.for_instance(item).get(action=services.WITHDRAWN)
    assert entry.data["reason"] == "文件已被新版替代"
    assert entry.user_id == staff[Role.DEPARTMENT_HEAD].pk
    # a new item never gets the withdrawn item's number
    assert make_item().index_no != number


def test_an_editor_may_not_withdraw(make_item: Any, staff: dict[Role, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    item = services.publish_item(actor=None, item=make_item())
    with pytest.raises(PermissionDenied):
        services.withdraw_item(actor=staff[Role.EDITOR], item=item, reason="不需要了")


def test_links_are_mutual_and_audited(make_item: Any, staff: dict[Role, Any]) -> None:
    policy = make_item(
        "关于加强扬尘污染防治的通知", kind=DisclosureItem.Kind.POLICY, category="02.01"
    )
    reading = make_item(
        "《关于加强扬尘污染防治的通知》政策解读",
        kind=DisclosureItem.Kind.INTERPRETATION,
        category="03.01",
    )
    services.link_interpretation(actor=staff[Role.EDITOR], interpretation=reading, policy=policy)
    reading.refresh_from_db()
    assert reading.interprets == policy
    assert list(policy.interpretations.all()) == [reading]
    assert list(policy.related_items.all()) == [reading]
    with pytest.raises(ValidationError):
        services.link_interpretation(
            actor=staff[Role.EDITOR], interpretation=policy, policy=reading
        )
    other = make_item("其他")
    services.link_related(actor=staff[Role.EDITOR], item=other, others=[policy])
    assert set(policy.related_items.all()) == {reading, other}
    assert services.LINKED in actions(other)


def test_index_numbers_sequential_are_unique(make_item: Any) -> None:
    numbers = [make_item(f"条目{n}").index_no for n in range(5)]
    assert len(set(numbers)) == 5


@pytest.mark.django_db(transaction=True)
def test_index_numbers_unique_under_concurrent_creation(catalogue_tx: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one lock: concurrency is tested on PostgreSQL")
    from django.db import connections

    from lantian.core.models import Department

    category, department = catalogue_tx
    numbers: list[str] = []
    errors: list[BaseException] = []

    def create(n: int) -> None:
        try:
            item = services.save_item(
                actor=None,
                title=f"并发条目{n}",
                category=category,
                department=Department.objects.get(pk=department.pk),
                formed_on=date(2026, 5, 6),
            )
            numbers.append(item.index_no)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(numbers) == 8 and len(set(numbers)) == 8


@pytest.fixture
def catalogue_tx(transactional_db: Any) -> Any:
    from lantian.core.models import Department
    from lantian.demo import bureau

    bureau.load(password="x-password-for-tests-1")
    services.ensure_catalogue(actor=None)
    from lantian.disclosure.models import Category

    return Category.objects.get(code="05.01"), Department.objects.get(code="monitoring")


@pytest.mark.parametrize(("name", "content"), [("通知.pdf", ELF), ("表.xlsx", SCRIPT)])
def test_the_upload_form_field_refuses_disguised_files(name: str, content: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantian.disclosure.uploads import validate_attachment_file

    with pytest.raises(ValidationError, match=name.split(".")[0]):
        validate_attachment_file(SimpleUploadedFile(name, content))
    validate_attachment_file(SimpleUploadedFile("报告.pdf", pdf_bytes()))


def test_the_item_form_wants_a_note_for_a_sensitive_item(catalogue: Any, demo: Any) -> None:
    from lantian.core.models import Department
    from lantian.disclosure.admin import ITEM_PANELS

    form_class = ITEM_PANELS.bind_to_model(DisclosureItem).get_form_class()
    data = {
        "kind": "document",
        "category": catalogue["05.01"].pk,
        "department": Department.objects.get(code="monitoring").pk,
        "title": "<b>月报</b>",
        "formed_on": "2026-10-09",
        "validity": "valid",
        "attribute": "proactive",
        "sensitive": "on",
        "review_note": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "questions-count": "0",
    }
    form = form_class(data, instance=DisclosureItem())
    assert not form.is_valid()
    assert "review_note" in form.errors
    form = form_class({**data, "review_note": "已审查"}, instance=DisclosureItem())
    form.is_valid()
    assert "review_note" not in form.errors
    assert form.cleaned_data["title"] == "月报"


def test_an_item_created_without_a_number_gets_one_audited(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    item = make_item()
    DisclosureItem.objects.filter(pk=item.pk).update(index_no=None)
    item.refresh_from_db()
    numbered = services.assign_index_number(actor=staff[Role.EDITOR], item=item)
    assert numbered.index_no and numbered.index_no.startswith("MB1C00001/2026-")
    assert services.INDEX_NUMBER_ASSIGNED in actions(item)
    assert services.assign_index_number(actor=None, item=numbered).index_no == numbered.index_no
