"""The review workflow of disclosure items: 保密审查 → 部门负责人审批 → publication.

Imported by Wagtail's settings (``WAGTAIL_FINISH_WORKFLOW_ACTION``) while its own models
load, so nothing here imports models at module level.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

WORKFLOW_NAME = "主动公开审核"
REVIEW_TASK_NAME = "保密审查"
APPROVAL_TASK_NAME = "部门负责人审批"


def latest_editor_ids(obj: Any) -> set[int]:
    """Users whose edit is under review: the author of the latest revision and whoever
    submitted the workflow in progress."""
    from wagtail.models import Revision

    if obj is None or obj.pk is None:
        return set()
    ids: set[int] = set()
    revision = (
        Revision.objects.for_instance(obj).order_by("-created_at", "-pk").only("user_id").first()
    )
    if revision and revision.user_id:
        ids.add(revision.user_id)
    state = getattr(obj, "current_workflow_state", None)
    if state is not None and state.requested_by_id:
        ids.add(state.requested_by_id)
    return ids


def is_own_edit(obj: Any, user: Any) -> bool:
    return bool(getattr(user, "pk", None)) and user.pk in latest_editor_ids(obj)


def heads_department_of(obj: Any, user: Any) -> bool:
    """Whether ``user`` may give the department head's approval for ``obj``: a head of the
    item's own department, or any head when that department has none (a small bureau),
    or an administrator."""
    from django.contrib.auth import get_user_model

    from lantian.core.roles import Role, roles_of

    roles = roles_of(user)
    if getattr(user, "is_superuser", False) or Role.ADMINISTRATOR in roles:
        return True
    if Role.DEPARTMENT_HEAD not in roles:
        return False
    department_id = getattr(obj, "department_id", None)
    profile = getattr(user, "staff_profile", None)
    if department_id is None or getattr(profile, "department_id", None) == department_id:
        return True
    heads_there = get_user_model().objects.filter(
        is_active=True,
        groups__name=Role.DEPARTMENT_HEAD.group_name,
        staff_profile__department_id=department_id,
    )
    return not heads_there.exists()


def check_can_approve(task: Any, task_state: Any, user: Any) -> None:
    """Raise PermissionDenied (four eyes) or ValidationError (sensitive without a note)."""
    from lantian.disclosure.models import ConfidentialityReviewTask, DisclosureItem

    obj = task_state.workflow_state.content_object
    if "approve" not in {name for name, *_rest in task.get_actions(obj, user)}:
        if is_own_edit(obj, user):
            raise PermissionDenied(_("Nobody may approve their own edit: ask another reviewer."))
        raise PermissionDenied(_("You may not approve this step."))
    if isinstance(obj, DisclosureItem) and isinstance(task, ConfidentialityReviewTask):
        reviewed = task_state.revision.as_object() if task_state.revision_id else obj
        check_sensitive_note(reviewed.sensitive, reviewed.review_note)


def check_sensitive_note(sensitive: bool, note: str) -> None:
    if sensitive and not (note or "").strip():
        raise ValidationError(
            {
                "review_note": _(
                    "An item marked sensitive needs a written confidentiality review note."
                )
            }
        )


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
