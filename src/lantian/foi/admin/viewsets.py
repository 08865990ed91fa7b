"""The "依申请公开" menu group: the case list (a Wagtail ModelViewSet with its own views
for everything but the list) and one menu entry per queue."""

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

from lantian.foi.admin import views
from lantian.foi.admin.permissions import can_change, can_view
from lantian.foi.models import Application


class CaseMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_view(request.user)


class RegisterMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_change(request.user)


class CaseViewSet(ModelViewSet):
    model = Application
    name = views.NAMESPACE
    url_prefix = "foi/cases"
    icon = "folder-open-inverse"
    menu_label = _("All applications")
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
            path("", self.index_view, name="cases"),  # the name the dashboard links to
            path("register/", views.register, name="register"),
            path("<int:pk>/", views.case, name="case"),
            path("<int:pk>/act/<slug:name>/", views.act, name="act"),
            path("<int:pk>/letters/<int:letter_pk>.<str:fmt>", views.letter, name="letter"),
            path("<int:pk>/files/<int:file_pk>/", views.released_file, name="released_file"),
        ]

    @property
    def url_finder_class(self) -> Any:
        # audit-log and search links to a case open its case page
        return type(
            "CaseURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("case")}
        )

    def get_permissions_to_register(self) -> QuerySet[Any]:
        from django.contrib.auth.models import Permission

        content_type = ContentType.objects.get_for_model(Application)
        return Permission.objects.filter(
            content_type=content_type, codename__in=["view_application", "change_application"]
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
    menu_label = _("Register a letter or visit")
    icon = "plus"
    name = "foi_register"
    menu_item_class = RegisterMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return []

    @property
    def menu_url(self) -> str:  # type: ignore[override]
        return reverse(f"{views.NAMESPACE}:register")


def _queue(key: str, label: Any, icon: str) -> QueueViewSet:
    return QueueViewSet(name=f"foi_queue_{key}", queue=key, menu_label=label, icon=icon)


class FoiViewSetGroup(ViewSetGroup):
    menu_label = _("Disclosure on application")
    menu_icon = "folder-open-inverse"
    menu_order = 820
    items = (
        _queue(views.Queue.NEW, _("New"), "mail"),
        _queue(views.Queue.MINE, _("Mine"), "user"),
        _queue(views.Queue.DUE_SOON, _("Due soon"), "time"),
        _queue(views.Queue.OVERDUE, _("Overdue"), "warning"),
        CaseViewSet(),
        RegisterViewSet(),
    )
