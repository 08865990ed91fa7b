"""Back office for the publication outbox: each item's delivery state per channel.

A read-only listing (the outbox is written by the publishing signals and the delivery
job, never by hand), filtered by channel, state or item, with a "retry now" button for
staff who hold ``disclosure.change_publication``. Imported from ``wagtail_hooks.py``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lantian.disclosure import channels, outbox
from lantian.disclosure.models import DisclosureItem, Publication

RETRY_PERMISSION = "disclosure.change_publication"
RETRYABLE = (Publication.State.FAILED, Publication.State.GAVE_UP, Publication.State.PENDING)


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Staff may view the outbox; nobody adds, edits or deletes its rows by hand."""

    READ_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in self.READ_ONLY and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> Any:
        return super().users_with_any_permission(
            [action for action in actions if action not in self.READ_ONLY]
        )


register_permission_policy(Publication, OutboxPermissionPolicy(Publication))


def _channel_choices() -> list[tuple[str, str]]:
    return [(channel.code, channel.label) for channel in channels.all_channels()]


class PublicationFilterSet(WagtailFilterSet):
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=_channel_choices)
    state = django_filters.ChoiceFilter(label=_("state"), choices=Publication.State.choices)
    item = django_filters.NumberFilter(label=_("item (number)"), field_name="item_id")

    class Meta:
        model = Publication
        fields = ["channel", "state", "item"]


class RetryColumn(Column):
    """A "retry now" button (a POST form) on rows that can be retried, for staff who may."""

    def render_cell_html(self, instance: Publication, parent_context: dict[str, Any]) -> str:
        request = parent_context.get("request")
        if (
            request is None
            or instance.state not in RETRYABLE
            or not request.user.has_perm(RETRY_PERMISSION)
        ):
            return mark_safe("<td></td>")
        return format_html(
            '<td><form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}">'
            '<button type="submit" class="button button-small button-secondary">{}</button>'
            "</form></td>",
            reverse(publication_viewset.get_url_name("retry"), args=[instance.pk]),
            get_token(request),
            request.get_full_path(),
            _("Retry now"),
        )


def _item_title(row: Publication) -> str:
    return row.item.title


def _channel(row: Publication) -> str:
    return channels.channel_label(row.channel)


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "mail"
    menu_label = _("Publications")
    menu_order = 830
    add_to_admin_menu = True
    url_prefix = "disclosure/publications"
    filterset_class = PublicationFilterSet
    list_display = [
        Column("item", label=_("disclosure item"), accessor=_item_title),
        Column("channel", label=_("channel"), accessor=_channel),
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        RetryColumn("retry", label=_("retry")),
    ]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "item",
        "channel",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "external_id",
        "last_error",
        "created_at",
    ]

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("retry/<int:pk>/", retry, name="retry")]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Publication.objects.select_related("item").order_by("-created_at", "channel")


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a failed or given-up delivery due now with fresh attempts (audited)."""
    if not request.user.has_perm(RETRY_PERMISSION):
        raise PermissionDenied
    row = get_object_or_404(Publication, pk=pk)
    try:
        outbox.retry_publication(publication=row, actor=request.user)
    except ValueError:
        messages.error(request, _("Only a pending or failed delivery can be retried."))
    else:
        messages.success(
            request,
            _("“%(title)s” will be sent to %(channel)s again shortly.")
            % {"title": row.item.title, "channel": channels.channel_label(row.channel)},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse(publication_viewset.get_url_name("list"))
    return redirect(target)


@hooks.register("register_snippet_listing_buttons")
def publications_button(snippet: Any, user: Any, next_url: str | None = None) -> list[Button]:
    """On a disclosure item's row: its delivery state on every channel."""
    if not isinstance(snippet, DisclosureItem) or not user.has_perm("disclosure.view_publication"):
        return []
    url = reverse(publication_viewset.get_url_name("list")) + f"?item={snippet.pk}"
    return [Button(_("Publications"), url=url, icon_name="mail", priority=60)]


@hooks.register("register_log_actions")
def register_channel_log_actions(actions: Any) -> None:
    actions.register_action(
        outbox.PUBLICATION_RETRIED,
        _("Publication retried"),
        _("Delivery to a channel retried"),
    )


# Registered here, on its own menu item; when the disclosure menu group wants it, move
# PublicationViewSet into the group's items and drop this registration.
publication_viewset = PublicationViewSet()
register_snippet(publication_viewset)
