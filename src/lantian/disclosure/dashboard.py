"""The dashboard's proactive-disclosure work (core.attention): an editor's drafts not yet
submitted for review, and the unpublished items of the user's department close to or
over their time limit. (Review steps waiting for the user and items returned to their
editor are core's: they are Wagtail workflow states, whatever the model.)

Drafts open their edit view and each link is that view's own check
(:func:`lantian.core.dashboard.edit_link`); the deadlines open the timeliness report,
behind the report's own check (:func:`lantian.disclosure.admin.reads_reports`).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.core import attention
from lantian.core.dashboard import each_link_checked, edit_link
from lantian.core.roles import Role, roles_of
from lantian.disclosure import selectors
from lantian.disclosure.admin import reads_reports
from lantian.disclosure.models import DisclosureItem


@attention.register(allowed=each_link_checked, heading=gettext_lazy("Your drafts"), order=25)
def my_drafts(user: Any) -> list[attention.AttentionItem]:
    """Items whose latest revision is the user's, not published, not withdrawn, not
    scheduled and not in review: drafts still to be finished and submitted."""
    from wagtail.models import WorkflowState

    drafts = (
        DisclosureItem.objects.filter(
            latest_revision__user=user,
            has_unpublished_changes=True,
            latest_revision__approved_go_live_at__isnull=True,
            withdrawn_reason="",
        )
        .select_related("latest_revision", "category")
        .order_by("-latest_revision__created_at", "-pk")
    )
    items = []
    for item in drafts:
        if WorkflowState.objects.active().for_instance(item).exists():
            continue  # in review or returned: core lists those
        url = edit_link(user, item)
        if url:
            items.append(
                attention.AttentionItem(
                    label=item.title,
                    url=url,
                    detail=_("Draft saved %(date)s · %(category)s")
                    % {
                        "date": f"{item.latest_revision.created_at.date():%Y-%m-%d}",
                        "category": item.category,
                    },
                )
            )
    return items


@attention.register(
    allowed=reads_reports, heading=gettext_lazy("Proactive disclosure: time limits"), order=55
)
def deadlines(user: Any) -> list[attention.AttentionItem]:
    """Editors and heads of the item's department (superusers: every department) see
    unpublished items close to or over their time limit."""
    roles = roles_of(user)
    if not ({Role.EDITOR, Role.DEPARTMENT_HEAD} & set(roles) or user.is_superuser):
        return []
    profile = getattr(user, "staff_profile", None)
    department = getattr(profile, "department", None)
    if department is None and not user.is_superuser:
        return []
    rows = selectors.attention_items(department=department)
    late = [item for item, result in rows if result.late]
    soon = [item for item, result in rows if result.due_soon]
    url = reverse("disclosure_timeliness_report")
    if department is not None:
        url += f"?department={department.pk}"
    items = []
    if late:
        items.append(
            attention.AttentionItem(
                label=_("Disclosure items over their time limit, not yet published"),
                url=url,
                count=len(late),
                urgent=True,
            )
        )
    if soon:
        items.append(
            attention.AttentionItem(
                label=_("Disclosure items due for publication soon"), url=url, count=len(soon)
            )
        )
    return items
