"""Back office of reports: Reports → Annual disclosure report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantian.core import admin_access
from lantian.reports import annual_services, annual_views, inspection_views, views
from lantian.reports.transparency_views import can_view_transparency, transparency_score


@hooks.register("register_admin_urls")
def report_urls() -> list[Any]:
    return [
        path("reports/foi-annual/", views.foi_annual_report, name="reports_foi_annual"),
    ]


class FoiAnnualMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return views.can_view_foi_annual(request.user)


@hooks.register("register_reports_menu_item")
def foi_annual_menu_item() -> MenuItem:
    return FoiAnnualMenuItem(
        _("Annual disclosure report"),
        reverse("reports_foi_annual"),
        icon_name="table",
        order=900,
    )


# ---- the website self-inspection (administrators)

admin_access.register(
    "reports_inspection*", admin_access.capability(inspection_views.can_view_inspection)
)


@hooks.register("register_admin_urls")
def inspection_urls() -> list[Any]:
    return [
        path(
            "reports/inspection/", inspection_views.inspection_dashboard, name="reports_inspection"
        ),
        path(
            "reports/inspection/<int:pk>/",
            inspection_views.inspection_dashboard,
            name="reports_inspection_run_detail",
        ),
        path(
            "reports/inspection/run/",
            inspection_views.inspection_run_now,
            name="reports_inspection_run",
        ),
    ]


class InspectionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return inspection_views.can_view_inspection(request.user)


@hooks.register("register_reports_menu_item")
def inspection_menu_item() -> MenuItem:
    return InspectionMenuItem(
        _("Website self-inspection"), reverse("reports_inspection"), icon_name="site", order=910
    )


# ---- the complete annual disclosure report, sections 一 to 六 (the office)

admin_access.register("reports_annual", admin_access.capability(annual_views.can_view_annual))


@hooks.register("register_admin_urls")
def annual_urls() -> list[Any]:
    return [path("reports/annual/", annual_views.annual_report, name="reports_annual")]


class AnnualMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return annual_views.can_view_annual(request.user)


@hooks.register("register_reports_menu_item")
def annual_menu_item() -> MenuItem:
    return AnnualMenuItem(
        _("Annual disclosure report (complete)"),
        reverse("reports_annual"),
        icon_name="doc-full",
        order=895,
    )


@hooks.register("register_log_actions")
def register_annual_log_actions(actions: Any) -> None:
    actions.register_action(
        annual_services.TEXT_SAVED,
        _("Annual report text saved"),
        _("Narrative of the annual disclosure report saved"),
    )
    actions.register_action(
        annual_services.PUBLISHED,
        _("Annual report published"),
        _("Annual disclosure report published as a disclosure item"),
    )


# ---- the transparency self-score (leaders, reviewers, administrators)

admin_access.register("reports_transparency", admin_access.capability(can_view_transparency))


@hooks.register("register_admin_urls")
def transparency_urls() -> list[Any]:
    return [path("reports/transparency/", transparency_score, name="reports_transparency")]


class TransparencyMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_transparency(request.user)


@hooks.register("register_reports_menu_item")
def transparency_menu_item() -> MenuItem:
    return TransparencyMenuItem(
        _("Transparency self-score"), reverse("reports_transparency"), icon_name="table", order=920
    )
