"""The rules the review tasks of disclosure items apply (保密审查, 部门负责人审批): four
eyes, the head's own department, a note for a sensitive item. Used by the task models in
``disclosure.models``; imports none of them, so the models and the workflow set-up
(:mod:`lantian.disclosure.workflow`) depend on this module and not on each other."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


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


def check_can_approve(task: Any, obj: Any, user: Any) -> None:
    """Raise PermissionDenied unless ``task`` offers ``user`` its approve action on ``obj``
    (four eyes, the head's own department)."""
    if "approve" not in {name for name, *_rest in task.get_actions(obj, user)}:
        if is_own_edit(obj, user):
            raise PermissionDenied(_("Nobody may approve their own edit: ask another reviewer."))
        raise PermissionDenied(_("You may not approve this step."))


def check_sensitive_note(sensitive: bool, note: str) -> None:
    if sensitive and not (note or "").strip():
        raise ValidationError(
            {
                "review_note": _(
                    "An item marked sensitive needs a written confidentiality review note."
                )
            }
        )
