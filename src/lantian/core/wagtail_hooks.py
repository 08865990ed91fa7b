"""Core's back office: staff dashboard, two-step verification, calendar, departments and
API keys."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import ModelLogEntry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantian.core import admin_access, apikey_admin, apikeys, audit, dashboard, twofactor
from lantian.core.calendar_admin import CalendarDayFilterSet
from lantian.core.models import (
    AuditLogEntry,
    CalendarDay,
    CalendarYear,
    Department,
    StaffProfile,
)


@hooks.register("insert_global_admin_css")
def admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("register_admin_urls")
def two_factor_urls() -> list[Any]:
    return [
        path("two-factor/", twofactor.setup, name="lantian_2fa_setup"),
        path("two-factor/verify/", twofactor.verify, name="lantian_2fa_verify"),
        path("two-factor/disable/", twofactor.disable, name="lantian_2fa_disable"),
    ]


# Doors Wagtail leaves open (core.admin_access). The task chooser is part of the workflow
# editor; the workflow screens of pages are for those who edit pages; the confirmation of a
# bulk action lists the chosen objects' titles, so only to those who hold a permission on
# the model (each app adds the doors of its own screens).
admin_access.register(
    [
        "wagtailadmin_workflows:task_chooser",
        "wagtailadmin_workflows:task_chooser_results",
        "wagtailadmin_workflows:task_chooser_create",
        "wagtailadmin_workflows:task_chosen",
    ],
    admin_access.manages_workflows,
)
admin_access.register(
    "wagtailadmin_pages:*workflow*",  # actions, cancellation, preview, history
    admin_access.edits_pages,
)
admin_access.register("wagtail_bulk_action", admin_access.holds_permission_on_named_model)
admin_access.register("lantian_apikeys_*", apikey_admin.is_administrator)


@hooks.register("register_admin_urls")
def api_key_urls() -> list[Any]:
    return [
        path("api-keys/", apikey_admin.index, name="lantian_apikeys_index"),
        path("api-keys/new/", apikey_admin.create, name="lantian_apikeys_create"),
        path("api-keys/<int:pk>/revoke/", apikey_admin.revoke, name="lantian_apikeys_revoke"),
    ]


class ApiKeysMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return apikey_admin.is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def api_keys_menu_item() -> MenuItem:
    return ApiKeysMenuItem(
        _("API keys"), reverse("lantian_apikeys_index"), icon_name="key", order=900
    )


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request: HttpRequest) -> dict[str, str]:
    return {
        "url": reverse("lantian_2fa_setup"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from your phone after the password."),
    }


@hooks.register("register_log_actions")
def register_lantian_log_actions(actions: Any) -> None:
    actions.register_action(audit.CLOCK_EVENT, _("Clock event"), _("Deadline clock event recorded"))
    actions.register_action(
        audit.CALENDAR_SEEDED, _("Calendar seeded"), _("Holiday calendar loaded from the library")
    )
    actions.register_action(
        audit.ROLE_CHANGED, _("Roles changed"), _("Department or roles changed")
    )
    actions.register_action(
        audit.TWO_FACTOR_ENABLED,
        _("Two-step verification on"),
        _("Two-step verification turned on"),
    )
    actions.register_action(apikeys.API_KEY_REVOKED, _("API key revoked"), _("API key revoked"))
    actions.register_action(
        audit.TWO_FACTOR_DISABLED,
        _("Two-step verification off"),
        _("Two-step verification turned off"),
    )


@hooks.register("register_log_actions", order=100)  # after Wagtail's own registration
def read_model_logs_through_audit_filters(actions: Any) -> None:
    """Every model but pages logs to :class:`AuditLogEntry` (a proxy of Wagtail's
    ``ModelLogEntry``), and it replaces ``ModelLogEntry`` among the log models Wagtail lists
    (Reports → Site history, its filters and downloads): each list then goes through
    ``AuditLogEntry.objects.viewable_by_user`` and the apps' filters (core.audit)."""
    actions.register_model(models.Model, AuditLogEntry)
    actions.log_entry_models.discard(ModelLogEntry)


USER_AUDIT_FIELDS = ("username", "email", "first_name", "last_name", "is_active", "is_superuser")


def _user_state(user: Any) -> dict[str, Any]:
    state = audit.snapshot(user, USER_AUDIT_FIELDS)
    state["groups"] = sorted(user.groups.values_list("name", flat=True))
    return state


@hooks.register("before_edit_user")
def remember_user_before_edit(request: HttpRequest, user: Any) -> None:
    request._lantian_user_before = _user_state(user)  # type: ignore[attr-defined]


@hooks.register("after_edit_user")
def record_user_changes(request: HttpRequest, user: Any) -> None:
    """Wagtail logs "edited"; add which fields and roles changed to that same entry."""
    before = getattr(request, "_lantian_user_before", None)
    if before is not None:
        audit.add_changes_to_latest(
            instance=user, changes=audit.changed_fields(before, _user_state(user))
        )


@hooks.register("after_create_user")
def record_new_user_roles(request: HttpRequest, user: Any) -> None:
    audit.add_changes_to_latest(instance=user, changes=audit.changed_fields({}, _user_state(user)))


@hooks.register("construct_homepage_panels")
def add_welcome_panel(request: HttpRequest, panels: list[Any]) -> None:
    """Our panel lists the user's work, review steps among it (only those the user may
    decide); Wagtail's own list of review steps (every step of the user's groups, also the
    ones they may not approve) goes."""
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels.insert(0, dashboard.StaffWelcomePanel())


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "code", "name_en", "parent", "phone", "is_active"]
    search_fields = ["name", "name_en", "code"]
    url_prefix = "core/departments"


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff profiles")
    list_display = ["user", "department", "title"]
    list_filter = ["department"]
    url_prefix = "core/staff"


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "date"
    menu_label = _("Calendar years")
    list_display = ["year", "confirmed", "source", "updated_at"]
    url_prefix = "core/calendar-years"


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "calendar-alt"
    menu_label = _("Holidays and make-up days")
    list_display = ["date", "kind", "name"]
    filterset_class = CalendarDayFilterSet  # this year and the next unless another is chosen
    search_fields = ["name"]
    list_per_page = 50
    url_prefix = "core/calendar-days"


class BureauViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Bureau")
    menu_icon = "site"
    menu_order = 800
    items = (DepartmentViewSet, StaffProfileViewSet, CalendarYearViewSet, CalendarDayViewSet)


register_snippet(BureauViewSetGroup)
