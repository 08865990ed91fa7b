"""The review workflow of disclosure items: 保密审查 → 部门负责人审批 → publication — its
set-up and what happens when it finishes. The rules its tasks apply are in
:mod:`lantian.disclosure.review`, which the task models use; this module uses the models,
never the other way round.

Imported by Wagtail's settings (``WAGTAIL_FINISH_WORKFLOW_ACTION``) while its own models
load, so nothing here imports models at module level.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

WORKFLOW_NAME = "主动公开审核"
REVIEW_TASK_NAME = "保密审查"
APPROVAL_TASK_NAME = "部门负责人审批"


def publish_workflow_state(workflow_state: Any, user: Any = None) -> None:
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: publish the approved revision.

    For disclosure items the completed workflow is the authority to publish (no role holds
    the "publish" permission, so nobody bypasses review); everything else keeps Wagtail's
    behaviour.
    """
    from wagtail.workflows import publish_workflow_state as wagtail_publish

    from lantian.disclosure.models import DisclosureItem

    obj = workflow_state.content_object
    if isinstance(obj, DisclosureItem):
        obj.get_latest_revision().publish(user=user, skip_permission_checks=True)
    else:
        wagtail_publish(workflow_state, user=user)


@transaction.atomic
def ensure_workflow(using: str = "default") -> Any:
    """Create the workflow "主动公开审核" with its two tasks and assign it to disclosure
    items; safe to run again (an administrator's later changes to it are kept)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    from lantian.core.roles import Role, ensure_roles
    from lantian.disclosure.models import (
        ConfidentialityReviewTask,
        DepartmentApprovalTask,
        DisclosureItem,
    )

    content_type = ContentType.objects.db_manager(using).get_for_model(
        DisclosureItem, for_concrete_model=False
    )
    assigned = WorkflowContentType.objects.using(using).filter(content_type=content_type).first()
    if assigned is not None:
        return assigned.workflow
    groups = ensure_roles(using=using)
    workflow, _created = Workflow.objects.using(using).get_or_create(name=WORKFLOW_NAME)
    steps = (
        (ConfidentialityReviewTask, REVIEW_TASK_NAME, Role.REVIEWER),
        (DepartmentApprovalTask, APPROVAL_TASK_NAME, Role.DEPARTMENT_HEAD),
    )
    for order, (model, name, role) in enumerate(steps):
        task = model.objects.using(using).filter(name=name).first()
        if task is None:
            task = model(name=name)
            task.save(using=using)
            task.groups.set([groups[role]])
        WorkflowTask.objects.using(using).get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowContentType.objects.using(using).create(workflow=workflow, content_type=content_type)
    return workflow
