"""The EIA back office's URLs, doors and menu, registered with Wagtail when
``lantian.eia.wagtail_hooks`` imports this module. The doors
(:mod:`lantian.core.admin_access`) put each screen's check in front of its URL, so a
refusal is a 403 before the view runs; the menu offers an item only to those its door
lets through."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from lantian.core import admin_access
from lantian.eia import selectors
from lantian.eia.admin import access, comment_views, import_views, views

NAMESPACE = views.NAMESPACE
MENU_HOOK = "register_eia_menu_item"

patterns = [
    path("projects/", views.project_index, name="projects"),
    path("projects/<int:pk>/", views.project_page, name="project"),
    path("projects/add/", views.project_add, name="project_add"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/notices/add/", views.notice_add, name="notice_add"),
    path("projects/<int:pk>/decision/", views.decision, name="decision"),
    path("projects/<int:pk>/pauses/add/", views.pause_add, name="pause_add"),
    path("projects/<int:pk>/pauses/<int:pause_pk>/", views.pause_edit, name="pause_edit"),
    path("projects/<int:pk>/completion/", views.completion, name="completion"),
    path("projects/<int:pk>/documents/add/", views.document_add, name="document_add"),
    path(
        "projects/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path(
        "projects/<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
]
patterns += [
    path("imports/", import_views.imports_index, name="imports"),
    path("imports/upload/", import_views.upload, name="import_upload"),
    path("imports/template/", import_views.template, name="import_template"),
    path("imports/<int:pk>/", import_views.report, name="import"),
    path("imports/<int:pk>/file/", import_views.download, name="import_file"),
]


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    return [path("eia/", include((patterns, NAMESPACE), namespace=NAMESPACE))]


def names(*found: str) -> list[str]:
    return [f"{NAMESPACE}:{name}" for name in found]


admin_access.register(f"{NAMESPACE}:*", admin_access.capability(access.can_view))
admin_access.register(
    names(
        "project_add",
        "project_edit",
        "notice_add",
        "pause_add",
        "pause_edit",
        "completion",
        "document_add",
        "document_remove",
    ),
    admin_access.capability(access.can_edit),
)
admin_access.register(names("decision"), admin_access.capability(access.can_decide))


admin_access.register(
    names("imports", "import_upload", "import_template", "import", "import_file"),
    admin_access.capability(access.can_import),
)


class _Item(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can_view(request.user)


class _ImportsItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can_import(request.user)


@hooks.register(MENU_HOOK)
def projects_item() -> MenuItem:
    return _Item(_("EIA projects"), reverse(f"{NAMESPACE}:projects"), icon_name="site", order=100)


@hooks.register(MENU_HOOK)
def imports_item() -> MenuItem:
    return _ImportsItem(
        _("Imports"), reverse(f"{NAMESPACE}:imports"), icon_name="upload", order=300
    )


@hooks.register("register_admin_menu_item")
def eia_menu() -> MenuItem:
    return SubmenuMenuItem(
        _("EIA approvals"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="site",
        name="eia",
        order=836,
    )


# ---- the public's comments: the moderation queue, a comment, publish or not, reply

patterns += comment_views.patterns
admin_access.register(names(*comment_views.NAMES), admin_access.capability(access.can_moderate))


class _CommentsItem(MenuItem):
    """The menu's "Public comments", with how many await moderation."""

    def is_shown(self, request: Any) -> bool:
        return access.can_moderate(request.user)

    def render_component(self, request: Any) -> Any:
        pending = selectors.pending_comment_count()
        label = (
            _("Public comments (%(count)d awaiting moderation)") % {"count": pending}
            if pending
            else self.label
        )
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs
        )


@hooks.register(MENU_HOOK)
def comments_item() -> MenuItem:
    return _CommentsItem(
        _("Public comments"),
        reverse(f"{NAMESPACE}:comments"),
        name="eia-comments",
        icon_name="comment",
        order=200,
    )
