"""The back-office screens of disclosure items answer 403 to staff without disclosure
rights (case handlers, data managers): the review workflow's action, cancellation and
history screens, the item pages, the choosers and the bulk-action confirmation. Editors,
reviewers, heads and administrators keep them; which step each of them may take is still
the workflow's (four eyes, the task's group)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantian.core.roles import Role
from lantian.disclosure import services
from lantian.disclosure.models import DisclosureItem

pytestmark = pytest.mark.django_db

NO_DISCLOSURE_RIGHTS = (Role.CASE_HANDLER, Role.DATA_MANAGER)
MAY_ACT = (Role.EDITOR, Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.ADMINISTRATOR)
DRAFT_TITLE = "尚未公开的草稿标题"


@pytest.fixture
def in_review(make_item: Any, staff: dict[Role, Any]) -> DisclosureItem:
    """An item submitted for review, waiting at 保密审查."""
    item = make_item()
    services.submit_for_review(actor=staff[Role.EDITOR], item=item)
    item.refresh_from_db()
    return item


def workflow_urls(item: DisclosureItem) -> dict[str, str]:
    task_state = item.current_workflow_task_state
    workflow_state = item.current_workflow_state
    return {
        "workflow action": reverse(
            "disclosure_items:workflow_action", args=[item.pk, "approve", task_state.pk]
        ),
        "collect action data": reverse(
            "disclosure_items:collect_workflow_action_data",
            args=[item.pk, "approve", task_state.pk],
        ),
        "confirm cancellation": reverse(
            "disclosure_items:confirm_workflow_cancellation", args=[item.pk]
        ),
        "workflow history": reverse("disclosure_items:workflow_history", args=[item.pk]),
        "workflow history detail": reverse(
            "disclosure_items:workflow_history_detail", args=[item.pk, workflow_state.pk]
        ),
    }


def item_urls(item: DisclosureItem) -> dict[str, str]:
    revision = item.latest_revision
    chooser = "wagtailsnippetchoosers_disclosure_disclosureitem"
    return {
        "history": reverse("disclosure_items:history", args=[item.pk]),
        "history results": reverse("disclosure_items:history_results", args=[item.pk]),
        "inspect": reverse("disclosure_items:inspect", args=[item.pk]),
        "usage": reverse("disclosure_items:usage", args=[item.pk]),
        "compare revisions": reverse(
            "disclosure_items:revisions_compare", args=[item.pk, "earliest", "latest"]
        ),
        "revert": reverse("disclosure_items:revisions_revert", args=[item.pk, revision.pk]),
        "item chooser": reverse(f"{chooser}:choose"),
        "item chooser results": reverse(f"{chooser}:choose_results"),
        "item chosen": reverse(f"{chooser}:chosen", args=[item.pk]),
        "items chosen": reverse(f"{chooser}:chosen_multiple") + f"?id={item.pk}",
        "category chooser": reverse("wagtailsnippetchoosers_disclosure_category:choose"),
        "category chosen": reverse(
            "wagtailsnippetchoosers_disclosure_category:chosen", args=[item.category_id]
        ),
        "publication chooser": reverse("wagtailsnippetchoosers_disclosure_publication:choose"),
        "bulk delete": "/admin/bulk/disclosure/disclosureitem/delete/?id=all",
    }


@pytest.mark.parametrize("role", NO_DISCLOSURE_RIGHTS)
def test_staff_without_disclosure_rights_get_403_on_every_item_screen(
    role: Role, in_review: DisclosureItem, client_as: Any
) -> None:
    client = client_as(role)
    for name, url in {**workflow_urls(in_review), **item_urls(in_review)}.items():
        response = client.get(url)
        assert response.status_code == 403, (role, name, response.status_code)
        assert in_review.title not in response.content.decode(), (role, name)


@pytest.mark.parametrize("role", MAY_ACT)
def test_those_who_may_act_keep_the_workflow_screens(
    role: Role, in_review: DisclosureItem, client_as: Any
) -> None:
    client = client_as(role)
    urls = workflow_urls(in_review)
    for name in ("confirm cancellation", "workflow history", "workflow history detail"):
        assert client.get(urls[name]).status_code == 200, (role, name)
    for name in ("item chooser", "item chosen", "category chooser", "bulk delete"):
        assert client.get(item_urls(in_review)[name]).status_code == 200, (role, name)


def test_the_reviewer_reaches_the_review_action_and_others_are_refused_by_the_task(
    in_review: DisclosureItem, client_as: Any
) -> None:
    url = workflow_urls(in_review)["workflow action"]
    assert client_as(Role.REVIEWER).get(url).status_code == 200
    assert client_as(Role.ADMINISTRATOR).get(url).status_code == 200  # superuser
    for role in (Role.EDITOR, Role.DEPARTMENT_HEAD):  # not this task's group: Wagtail refuses
        assert client_as(role).get(url).status_code in (302, 403), role


@pytest.mark.parametrize("role", NO_DISCLOSURE_RIGHTS)
def test_a_posted_workflow_action_is_refused_and_changes_nothing(
    role: Role, in_review: DisclosureItem, client_as: Any
) -> None:
    urls = workflow_urls(in_review)
    client = client_as(role)
    assert client.post(urls["workflow action"], {"comment": "同意"}).status_code == 403
    assert client.post(urls["collect action data"], {"comment": "同意"}).status_code == 403
    in_review.refresh_from_db()
    assert in_review.current_workflow_task_state.task.name == "保密审查"
    assert in_review.current_workflow_task_state.status == "in_progress"


def test_a_workflow_action_on_a_draft_names_no_title_to_a_case_handler(
    make_item: Any, in_review: DisclosureItem, client_as: Any
) -> None:
    """Wagtail looked up the item first and refused with "'<title>' is not awaiting
    moderation" on the dashboard; now the refusal comes first and names nothing."""
    draft = make_item(DRAFT_TITLE)
    task_state = in_review.current_workflow_task_state
    url = reverse("disclosure_items:workflow_action", args=[draft.pk, "approve", task_state.pk])
    with translation.override("en"):
        response = client_as(Role.CASE_HANDLER).get(url, follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == []
    assert DRAFT_TITLE not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(in_review: DisclosureItem) -> None:
    for url in workflow_urls(in_review).values():
        response = Client().get(url)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
