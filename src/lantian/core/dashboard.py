"""The back-office dashboard: the welcome panel with the user's work (core.attention), and
core's own sources — review steps the user may decide, items returned to the user, the
holiday calendar. Imported by ``wagtail_hooks``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component

from lantian.core import admin_access, attention, selectors
from lantian.core.models import CalendarYear
from lantian.core.roles import Role, roles_of


class StaffWelcomePanel(Component):
    """Greets the staff member with department and roles, and lists their work."""

    name = "lantian_welcome"
    template_name = "core/dashboard_panel.html"
    order = 10

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        request = parent_context["request"]
        return {
            "summary": selectors.staff_summary(request.user),
            "sections": attention.sections_for(request.user),
        }


def edit_link(user: Any, obj: Any) -> str:
    """The admin edit URL of ``obj`` if ``user`` may open it, else "": Wagtail's URL finder
    asks the object's permission policy exactly as the edit view does, and the doors in
    front of the view (core.admin_access) are asked too."""
    url = AdminURLFinder(user).get_edit_url(obj)
    return url if url and admin_access.allows(user, url) else ""


def each_link_checked(user: Any) -> bool:
    """The policy of sources whose items lead to different objects' screens: each item's
    link is that screen's own check (:func:`edit_link`)."""
    return True


def _title(obj: Any) -> str:
    title = getattr(obj, "get_admin_display_title", None)
    return str(title() if callable(title) else obj)


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@attention.register(
    allowed=each_link_checked, heading=gettext_lazy("Waiting for your review"), order=10
)
def review_steps(user: Any) -> list[attention.AttentionItem]:
    """Review steps (Wagtail workflow tasks) the user may decide: in their task's group,
    not their own edit, of their department where the step asks for it — whatever the
    task's ``get_actions`` says for an approval."""
    from wagtail.models import TaskState

    states = (
        TaskState.objects.reviewable_by(user)
        .select_related("workflow_state", "workflow_state__requested_by", "task")
        .order_by("started_at", "pk")
    )
    items = []
    for state in states:
        obj = state.workflow_state.content_object
        if obj is None:
            continue
        actions = {name for name, *_rest in state.task.specific.get_actions(obj, user)}
        url = edit_link(user, obj) if "approve" in actions else ""
        if url:
            items.append(
                attention.AttentionItem(
                    label=_title(obj),
                    url=url,
                    detail=_("%(task)s · submitted by %(person)s on %(date)s")
                    % {
                        "task": state.task.name,
                        "person": _person(state.workflow_state.requested_by),
                        "date": f"{state.workflow_state.created_at.date():%Y-%m-%d}",
                    },
                )
            )
    return items


@attention.register(
    allowed=each_link_checked, heading=gettext_lazy("Returned to you for changes"), order=20
)
def returned_to_me(user: Any) -> list[attention.AttentionItem]:
    """What the user submitted for review and a reviewer sent back, with the remark."""
    from wagtail.models import WorkflowState

    states = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
        .select_related("current_task_state", "current_task_state__finished_by")
        .order_by("current_task_state__finished_at", "pk")
    )
    items = []
    for state in states:
        obj = state.content_object
        task_state = state.current_task_state
        url = edit_link(user, obj) if obj is not None else ""
        if url and task_state is not None:
            remark = task_state.comment or _("no remark")
            items.append(
                attention.AttentionItem(
                    label=_title(obj),
                    url=url,
                    urgent=True,
                    detail=_("Changes requested by %(person)s: %(remark)s")
                    % {"person": _person(task_state.finished_by), "remark": remark},
                )
            )
    return items


# The calendar years' list is where the State Council's notice is entered.
enters_calendar = admin_access.holds_model_permission(CalendarYear, ["add", "change"])


def administers_calendar(user: Any) -> bool:
    """Administrators' work, behind the calendar list's policy (adding or changing a year)."""
    administers = user.is_superuser or Role.ADMINISTRATOR in roles_of(user)
    return administers and enters_calendar(user, {})


@attention.register(
    allowed=administers_calendar, heading=gettext_lazy("Holiday calendar"), order=90
)
def calendar_attention(user: Any) -> list[attention.AttentionItem]:
    return [
        attention.AttentionItem(
            label=_(
                "The holiday calendar for %(year)s is not confirmed yet: enter the State "
                "Council notice so that deadlines in %(year)s stop being provisional."
            )
            % {"year": year},
            url=reverse("wagtailsnippets_core_calendaryear:list"),
            urgent=True,
        )
        for year in selectors.unconfirmed_calendar_years()
    ]
