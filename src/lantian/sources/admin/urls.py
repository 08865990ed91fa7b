"""The sources back office's URLs, doors and menu, registered with Wagtail when
``lantian.sources.wagtail_hooks`` imports this module.

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
from lantian.sources.admin import access, views

NAMESPACE = views.NAMESPACE
MENU_HOOK = "register_sources_menu_item"

patterns = (
    [
        path("", views.index, name="index"),
        path("add/", views.enterprise_add, name="enterprise_add"),
        path("<int:pk>/", views.enterprise, name="enterprise"),
        path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
        path("<int:pk>/outlets/add/", views.outlet_add, name="outlet_add"),
        path("outlets/<int:pk>/", views.outlet_edit, name="outlet_edit"),
        path("<int:pk>/permits/add/", views.permit_add, name="permit_add"),
        path("permits/<int:pk>/", views.permit_edit, name="permit_edit"),
        path("<int:pk>/listings/add/", views.listing_add, name="listing_add"),
        path("listings/<int:pk>/remove/", views.listing_remove, name="listing_remove"),
        path("<int:pk>/keys/bind/", views.key_bind, name="key_bind"),
        path("<int:pk>/accounts/invite/", views.account_invite, name="account_invite"),
        path("accounts/<int:pk>/resend/", views.account_resend, name="account_resend"),
        path("accounts/<int:pk>/revoke/", views.account_revoke, name="account_revoke"),
        path("uploads/", views.batches, name="batches"),
        path("uploads/<int:pk>/", views.batch, name="batch"),
        path("uploads/<int:pk>/progress.json", views.batch_progress, name="batch_progress"),
        path("uploads/new/<slug:kind>/", views.upload, name="upload"),
        path("exceedances/", views.exceedances, name="exceedances"),
        path("exceedances/<int:pk>/", views.exceedance, name="exceedance"),
        path("publications/", views.publications, name="publications"),
        path("publications/key-unit-list/", views.publish_list, name="publish_list"),
        path("publications/supervisory-report/", views.publish_report, name="publish_report"),
    ],
    NAMESPACE,
)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("sources/", include(patterns, namespace=NAMESPACE))]


def _names(*names: str) -> list[str]:
    return [f"{NAMESPACE}:{name}" for name in names]


# Every screen (the batch page and the progress it polls, batch_progress, among them)
# needs at least the view capability.
admin_access.register(f"{NAMESPACE}:*", admin_access.capability(access.can_view))
admin_access.register(
    _names(
        "enterprise_add",
        "enterprise_edit",
        "outlet_add",
        "outlet_edit",
        "permit_add",
        "permit_edit",
        "listing_add",
        "listing_remove",
    ),
    admin_access.capability(access.can_edit),
)
admin_access.register(_names("key_bind"), admin_access.capability(access.can_bind))
admin_access.register(
    _names("account_invite", "account_resend", "account_revoke"),
    admin_access.capability(access.can_manage_accounts),
)
admin_access.register(_names("upload"), admin_access.capability(access.can_upload))
admin_access.register(_names("publish_list"), admin_access.capability(access.can_publish_list))
admin_access.register(_names("publish_report"), admin_access.capability(access.can_publish_report))


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can_view(request.user)


@hooks.register(MENU_HOOK)
def enterprises_item() -> MenuItem:
    return _Item(_("Enterprises"), reverse(f"{NAMESPACE}:index"), icon_name="site", order=100)


@hooks.register(MENU_HOOK)
def exceedances_item() -> MenuItem:
    return _Item(
        _("Exceedance events"), reverse(f"{NAMESPACE}:exceedances"), icon_name="warning", order=200
    )


@hooks.register(MENU_HOOK)
def uploads_item() -> MenuItem:
    return _Item(_("Data uploads"), reverse(f"{NAMESPACE}:batches"), icon_name="upload", order=300)


@hooks.register(MENU_HOOK)
def publications_item() -> MenuItem:
    return _Item(
        _("Publications"), reverse(f"{NAMESPACE}:publications"), icon_name="doc-full", order=400
    )


@hooks.register("register_admin_menu_item")
def sources_menu() -> MenuItem:
    return SubmenuMenuItem(
        _("Pollution sources"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="site",
        name="pollution-sources",
        order=840,
    )
