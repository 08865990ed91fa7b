"""The "政民互动 / Public interaction" menu group: the queues, the case list (a Wagtail
ModelViewSet with its own views for everything but the list), the registration of
calls and petitions, and the settings administrators edit (snippets).

Other back-office modules of the app add their screens to the group through
:data:`MENU_HOOK`: a viewset with ``menu_hook = MENU_HOOK`` or a ``MenuItem`` returned by
a function registered with ``@hooks.register(MENU_HOOK)``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lantian.complaints.admin import settings, views
from lantian.complaints.admin.permissions import can_register, can_view
from lantian.complaints.models import Complaint

MENU_HOOK = "register_complaints_menu_item"


class CaseMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_view(request.user)


class RegisterMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_register(request.user)


class CaseViewSet(ModelViewSet):
    model = Complaint
    name = views.NAMESPACE
    url_prefix = "complaints/cases"
    icon = "folder-open-inverse"
    menu_label = _("All cases")
    menu_item_class = CaseMenuItem
    index_view_class = views.CaseIndexView
    list_per_page = 30
    copy_view_enabled = False
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # only the list is Wagtail's; the case page, actions and registration are ours
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "history_url_name",
            "usage_url_name",
            "copy_url_name",
            "inspect_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("register/", views.register, name="register"),
            path("<int:pk>/", views.case, name="case"),
            path("<int:pk>/act/<slug:name>/", views.act, name="act"),
            path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
            path("<int:pk>/letters/<int:letter_pk>.<str:fmt>", views.letter, name="letter"),
        ]

    @property
    def url_finder_class(self) -> Any:
        # audit-log and search links to a case open its case page
        return type(
            "CaseURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("case")}
        )

    def get_permissions_to_register(self) -> QuerySet[Any]:
        from django.contrib.auth.models import Permission

        content_type = ContentType.objects.get_for_model(Complaint)
        return Permission.objects.filter(
            content_type=content_type,
            codename__in=["add_complaint", "view_complaint", "change_complaint"],
        )


class QueueViewSet(ViewSet):
    """A menu entry that opens the case list on one queue."""

    queue = ""
    menu_item_class = CaseMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return []

    @property
    def menu_url(self) -> str:  # type: ignore[override]
        return reverse(f"{views.NAMESPACE}:index") + f"?queue={self.queue}"


class RegisterViewSet(ViewSet):
    menu_label = _("Register a call, letter or visit")
    icon = "plus"
    name = "complaints_register"
    menu_item_class = RegisterMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return []

    @property
    def menu_url(self) -> str:  # type: ignore[override]
        return reverse(f"{views.NAMESPACE}:register")


def _queue(key: str, label: Any, icon: str) -> QueueViewSet:
    return QueueViewSet(name=f"complaints_queue_{key}", queue=key, menu_label=label, icon=icon)


def _settings_item(viewset_class: type) -> Any:
    viewset = viewset_class()
    viewset.menu_item_is_registered = True  # listed here, not under "Snippets"
    return viewset


class ComplaintsViewSetGroup(ViewSetGroup):
    menu_label = _("Public interaction")
    menu_icon = "comment"
    menu_order = 830
    submenu_hook = MENU_HOOK
    items = (
        _queue(views.Queue.NEW, _("Awaiting intake"), "mail"),
        _queue(views.Queue.MINE, _("Mine"), "user"),
        _queue(views.Queue.DUE_SOON, _("Due soon"), "time"),
        _queue(views.Queue.OVERDUE, _("Overdue"), "warning"),
        _queue(views.Queue.UNANSWERED, _("Unanswered messages"), "warning"),
        CaseViewSet(),
        RegisterViewSet(),
        *(_settings_item(viewset) for viewset in settings.SETTINGS_VIEWSETS),
    )
