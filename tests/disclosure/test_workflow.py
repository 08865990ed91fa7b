"""Review workflow: 保密审查 by a reviewer, then 部门负责人审批, then publication now or at
the go-live time; four eyes; nobody without the workflow publishes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, Revision, WorkflowContentType

from lantian.core.roles import Role
from lantian.core.services import save_staff_member
from lantian.disclosure import selectors, services
from lantian.disclosure.models import (
    ConfidentialityReviewTask,
    DepartmentApprovalTask,
    DisclosureItem,
)
from lantian.disclosure.workflow import WORKFLOW_NAME


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the services' English messages (the site defaults to Chinese)."""
    with translation.override("en"):
        yield


def reviewed(item: DisclosureItem, staff: dict[Role, Any]) -> DisclosureItem:
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    services.approve_step(actor=staff[Role.REVIEWER], item=item, comment="不涉密，可公开")
    return services.approve_step(actor=staff[Role.DEPARTMENT_HEAD], item=item)


def test_the_workflow_is_assigned_to_items_with_the_role_groups(demo: Any) -> None:
    assigned = WorkflowContentType.objects.get(content_type__model="disclosureitem")
    assert assigned.workflow.name == WORKFLOW_NAME
    tasks = [task.specific for task in assigned.workflow.tasks]
    assert [type(task) for task in tasks] == [ConfidentialityReviewTask, DepartmentApprovalTask]
    assert [list(t.groups.values_list("name", flat=True)) for t in tasks] == [
        [Role.REVIEWER.group_name],
        [Role.DEPARTMENT_HEAD.group_name],
    ]


def test_review_then_approval_publishes(make_item: Any, staff: dict[Role, Any]) -> None:
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    assert item.current_workflow_task.specific.__class__ is ConfidentialityReviewTask
    services.approve_step(actor=staff[Role.REVIEWER], item=item)
    item.refresh_from_db()
    assert not item.live
    assert item.current_workflow_task.specific.__class__ is DepartmentApprovalTask
    item = services.approve_step(actor=staff[Role.DEPARTMENT_HEAD], item=item)
    assert item.live
    assert item.published_on == timezone.localdate()
    assert selectors.item_by_index_no(item.index_no) == item
    logged = set(ModelLogEntry.objects.for_instance(item).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "wagtail.workflow.approve"} <= logged
    assert "wagtail.publish" in logged


def test_an_editor_cannot_publish(make_item: Any, staff: dict[Role, Any]) -> None:
    editor = staff[Role.EDITOR]
    item = make_item()
    assert not editor.has_perm("disclosure.publish_disclosureitem")
    with pytest.raises(PermissionDenied):
        services.publish_item(actor=editor, item=item)
    item.refresh_from_db()
    assert not item.live


def test_an_editor_cannot_approve(make_item: Any, staff: dict[Role, Any]) -> None:
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    with pytest.raises(PermissionDenied):
        services.approve_step(actor=staff[Role.EDITOR], item=item)


def test_the_editor_page_offers_the_editor_no_publish_action(
    make_item: Any, client_as: Any
) -> None:
    item = make_item()
    response = client_as(Role.EDITOR).get(reverse("disclosure_items:edit", args=[item.pk]))
    assert response.status_code == 200
    assert b'name="action-publish"' not in response.content
    assert b'name="action-submit"' in response.content


def test_the_last_editor_is_refused_at_review(make_item: Any, staff: dict[Role, Any]) -> None:
    reviewer = staff[Role.REVIEWER]
    item = make_item()
    services.save_item(actor=reviewer, item=item, summary="审核员改过的摘要")
    services.submit_for_review(actor=reviewer, item=item)
    task = item.current_workflow_task.specific
    assert "approve" not in [name for name, *_ in task.get_actions(item, reviewer)]
    with pytest.raises(PermissionDenied, match="own edit"):
        services.approve_step(actor=reviewer, item=item)
    # another reviewer may
    other = save_staff_member(
        actor=None,
        username="reviewer2",
        family_name="周",
        given_name="静",
        email="reviewer2@sthjj.demo.gov.cn",
        department=None,
        roles=[Role.REVIEWER],
    )
    services.approve_step(actor=other, item=item)
    item.refresh_from_db()
    assert item.current_workflow_task.specific.__class__ is DepartmentApprovalTask


def test_the_head_cannot_approve_an_edit_of_their_own(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    head = staff[Role.DEPARTMENT_HEAD]
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    services.approve_step(actor=staff[Role.REVIEWER], item=item)
    services.save_item(actor=head, item=item, title="处长修改后的标题")
    with pytest.raises(PermissionDenied):
        services.approve_step(actor=head, item=item)
    item.refresh_from_db()
    assert not item.live


def test_only_a_head_of_the_items_department_approves_where_it_has_one(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    from lantian.core.models import Department

    air_head = staff[Role.DEPARTMENT_HEAD]  # head of 大气环境处
    item = make_item()  # issued by the monitoring station, which has no head yet
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    services.approve_step(actor=staff[Role.REVIEWER], item=item)
    monitoring_head = save_staff_member(
        actor=None,
        username="monitoring-head",
        family_name="周",
        given_name="站长",
        email="zhou@sthjj.demo.gov.cn",
        department=Department.objects.get(code="monitoring"),
        roles=[Role.DEPARTMENT_HEAD],
    )
    with pytest.raises(PermissionDenied):  # now the station has its own head
        services.approve_step(actor=air_head, item=item)
    item = services.approve_step(actor=monitoring_head, item=item)
    assert item.live


def test_a_superuser_is_no_exception_to_four_eyes(make_item: Any, staff: dict[Role, Any]) -> None:
    admin = staff[Role.ADMINISTRATOR]
    item = make_item(actor=admin)
    services.submit_for_review(actor=admin, item=item)
    with pytest.raises(PermissionDenied):
        services.approve_step(actor=admin, item=item)


def test_sensitive_without_a_note_is_refused_at_review(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    state = item.current_workflow_task_state
    content = dict(state.revision.content, sensitive=True, review_note="")
    Revision.objects.filter(pk=state.revision_id).update(content=content)
    with pytest.raises(ValidationError) as refused:
        services.approve_step(actor=staff[Role.REVIEWER], item=item)
    assert "review_note" in refused.value.message_dict


def test_request_changes_needs_a_comment_and_returns_the_item(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    with pytest.raises(ValidationError):
        services.request_changes(actor=staff[Role.REVIEWER], item=item, comment="")
    services.request_changes(actor=staff[Role.REVIEWER], item=item, comment="请补充文号")
    item.refresh_from_db()
    assert item.current_workflow_state.status == "needs_changes"
    assert not item.live


def test_a_scheduled_item_goes_live_when_the_job_runs_after_its_time(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    from lantian.core.tasks import publish_scheduled_pages

    go_live = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    item = reviewed(make_item(go_live_at=go_live), staff)
    assert not item.live
    assert item.published_on is None  # scheduled is not published (条例 Art. 26 counts on)
    revision = item.revisions.get(approved_go_live_at__isnull=False)
    assert revision.approved_go_live_at == go_live
    publish_scheduled_pages.call()  # before its time: nothing happens
    item.refresh_from_db()
    assert not item.live
    assert not selectors.live_items().filter(pk=item.pk).exists()
    # the time comes
    past = timezone.now() - timedelta(minutes=1)
    content = dict(revision.content, go_live_at=past.isoformat())
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)
    publish_scheduled_pages.call()
    item.refresh_from_db()
    assert item.live
    assert item.published_on == timezone.localdate()
    assert selectors.live_items().filter(pk=item.pk).exists()


def test_draft_scheduled_and_withdrawn_items_are_not_live(
    make_item: Any, staff: dict[Role, Any]
) -> None:
    draft = make_item("草稿")
    scheduled = reviewed(make_item("定时", go_live_at=timezone.now() + timedelta(days=1)), staff)
    withdrawn = reviewed(make_item("撤回"), staff)
    services.withdraw_item(actor=staff[Role.DEPARTMENT_HEAD], item=withdrawn, reason="内容有误")
    live = set(selectors.live_items().values_list("pk", flat=True))
    assert not {draft.pk, scheduled.pk, withdrawn.pk} & live


def test_withdraw_page_requires_a_reason(
    make_item: Any, staff: dict[Role, Any], client_as: Any
) -> None:
    item = reviewed(make_item(), staff)
    url = reverse("disclosure_items:unpublish", args=[item.pk])
    head = client_as(Role.DEPARTMENT_HEAD)
    assert head.get(url).status_code == 200
    response = head.post(url, {"reason": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.live
    response = head.post(url, {"reason": "政策已废止，撤回原文"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live and item.withdrawn_reason == "政策已废止，撤回原文"
    assert client_as(Role.EDITOR).get(url).status_code in (302, 403)


def test_an_editor_cannot_withdraw_by_posting(
    make_item: Any, staff: dict[Role, Any], client_as: Any
) -> None:
    item = reviewed(make_item(), staff)
    url = reverse("disclosure_items:unpublish", args=[item.pk])
    response = client_as(Role.EDITOR).post(url, {"reason": "编辑想撤回"})
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.live and item.withdrawn_reason == ""


def test_history_view_lists_the_changes(
    make_item: Any, staff: dict[Role, Any], client_as: Any
) -> None:
    item = reviewed(make_item(), staff)
    response = client_as(Role.REVIEWER).get(reverse("disclosure_items:history", args=[item.pk]))
    assert response.status_code == 200


def test_inspect_view_shows_metadata_timeliness_and_channels(
    make_item: Any, staff: dict[Role, Any], client_as: Any
) -> None:
    item = reviewed(make_item(), staff)
    response = client_as(Role.EDITOR).get(reverse("disclosure_items:inspect", args=[item.pk]))
    assert response.status_code == 200
    assert item.index_no.encode() in response.content
