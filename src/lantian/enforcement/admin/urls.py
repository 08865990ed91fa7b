"""The enforcement back office's URLs, doors and menu, registered with Wagtail when
``lantian.enforcement.wagtail_hooks`` imports this module.

The doors (:mod:`lantian.core.admin_access`) put each screen's check in front of its URL,
so a refusal is a 403 before the view runs; the menu offers an item only to those its
door lets through."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from lantian.core import admin_access
from lantian.enforcement.admin import access, views

NAMESPACE = views.NAMESPACE
MENU_HOOK = "register_enforcement_menu_item"

patterns = (
    [
        path("penalties/", views.penalties, name="penalties"),
        path("penalties/add/", views.penalty_add, name="penalty_add"),
        path("penalties/<int:pk>/", views.penalty, name="penalty"),
        path("penalties/<int:pk>/edit/", views.penalty_edit, name="penalty_edit"),
        path("penalties/<int:pk>/publish/", views.penalty_publish, name="penalty_publish"),
        path("penalties/<int:pk>/status/", views.penalty_status, name="penalty_status"),
        path("inspections/", views.inspections, name="inspections"),
        path("inspections/add/", views.inspection_add, name="inspection_add"),
        path("inspections/<int:pk>/", views.inspection_edit, name="inspection_edit"),
        path("compulsory/", views.compulsory, name="compulsory"),
        path("compulsory/add/", views.compulsory_add, name="compulsory_add"),
        path("compulsory/<int:pk>/", views.compulsory_edit, name="compulsory_edit"),
        path("ratings/", views.ratings, name="ratings"),
        path("ratings/rate/", views.rate, name="rate"),
        path("ratings/<int:pk>/", views.rating_page, name="rating"),
        path("ratings/<int:pk>/rate/", views.rerate, name="rerate"),
        path("ratings/<int:pk>/publish/", views.rating_publish, name="rating_publish"),
        path("ratings/<int:pk>/objections/", views.objection_add, name="objection_add"),
        path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
        path("ratings/<int:pk>/repairs/", views.repair_add, name="repair_add"),
        path("reports/", views.reports, name="reports"),
        path("reports/late/", views.late_reports, name="late_reports"),
    ],
    NAMESPACE,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("enforcement/", include(patterns, namespace=NAMESPACE))]


def _names(*names: str) -> list[str]:
    return [f"{NAMESPACE}:{name}" for name in names]


admin_access.register(f"{NAMESPACE}:*", admin_access.capability(access.can_view))
admin_access.register(
    _names(
        "penalty_add",
        "penalty_edit",
        "inspection_add",
        "inspection_edit",
        "compulsory_add",
        "compulsory_edit",
        "rate",
        "rerate",
        "objection_add",
    ),
    admin_access.capability(access.can_work),
)
admin_access.register(
    _names("penalty_publish", "penalty_status", "rating_publish", "objection_decide", "repair_add"),
    admin_access.capability(access.can_decide),
)


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can_view(request.user)


def _item(label: Any, name: str, icon: str, order: int) -> MenuItem:
    return _Item(label, reverse(f"{NAMESPACE}:{name}"), icon_name=icon, order=order)


@hooks.register(MENU_HOOK)
def penalties_item() -> MenuItem:
    return _item(_("Penalty decisions"), "penalties", "doc-full-inverse", 100)


@hooks.register(MENU_HOOK)
def inspections_item() -> MenuItem:
    return _item(_("Inspections"), "inspections", "search", 200)


@hooks.register(MENU_HOOK)
def compulsory_item() -> MenuItem:
    return _item(_("Compulsory measures"), "compulsory", "lock", 250)


@hooks.register(MENU_HOOK)
def ratings_item() -> MenuItem:
    return _item(_("Credit ratings"), "ratings", "pick", 300)


@hooks.register(MENU_HOOK)
def reports_item() -> MenuItem:
    return _item(_("Disclosure reports"), "reports", "doc-empty", 400)


@hooks.register(MENU_HOOK)
def late_reports_item() -> MenuItem:
    return _item(_("Late and missing reports"), "late_reports", "warning", 500)


@hooks.register("register_admin_menu_item")
def enforcement_menu() -> MenuItem:
    return SubmenuMenuItem(
        _("Enforcement"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="warning",
        name="enforcement",
        order=845,
    )
