"""The approvals back office's URLs, doors and menu, registered with Wagtail when
``lantian.approvals.wagtail_hooks`` imports this module. The doors
(:mod:`lantian.core.admin_access`) put each screen's check in front of its URL, so a
refusal is a 403 before the view runs; the menu offers an item only to those its door
lets through."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from lantian.approvals.admin import access, views
from lantian.core import admin_access

NAMESPACE = views.NAMESPACE
MENU_HOOK = "register_approvals_menu_item"

patterns = (
    [
        path("items/", views.item_index, name="items"),
        path("items/add/", views.item_add, name="item_add"),
        path("items/<int:pk>/", views.item_page, name="item"),
        path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
        path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
        path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
        path("items/<int:pk>/materials/add/", views.material_add, name="material_add"),
        path("materials/<int:pk>/", views.material_edit, name="material_edit"),
        path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
        path("completeness/", views.completeness, name="completeness"),
    ],
    NAMESPACE,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("approvals/", include(patterns, namespace=NAMESPACE))]


def _names(*names: str) -> list[str]:
    return [f"{NAMESPACE}:{name}" for name in names]


admin_access.register(f"{NAMESPACE}:*", admin_access.capability(access.can_view))
admin_access.register(
    _names("item_add", "item_edit", "material_add", "material_edit", "material_remove"),
    admin_access.capability(access.can_edit),
)
admin_access.register(
    _names("item_publish", "item_withdraw"), admin_access.capability(access.can_publish)
)


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can_view(request.user)


@hooks.register(MENU_HOOK)
def items_item() -> MenuItem:
    return _Item(_("Approval items"), reverse(f"{NAMESPACE}:items"), icon_name="list-ul", order=100)


@hooks.register(MENU_HOOK)
def completeness_item() -> MenuItem:
    return _Item(
        _("Guide completeness"),
        reverse(f"{NAMESPACE}:completeness"),
        icon_name="warning",
        order=200,
    )


@hooks.register("register_admin_menu_item")
def approvals_menu() -> MenuItem:
    return SubmenuMenuItem(
        _("Approval services"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="tasks",
        name="approvals",
        order=835,
    )
