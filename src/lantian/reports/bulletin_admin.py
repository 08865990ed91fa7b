"""Back office of the yearly bulletin: Reports → Environmental quality bulletin lists the
years with whether each is an annual assessment, and publishes one (to the disclosure
review) on a POST. Editors and administrators (who may add disclosure items)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lantian.core import admin_access
from lantian.disclosure import selectors as disclosure_selectors
from lantian.reports import bulletin as engine
from lantian.reports import bulletin_services


def can_publish_bulletin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "disclosure.add_disclosureitem"
    )


@require_http_methods(["GET", "POST"])
def bulletin_admin(request: HttpRequest) -> HttpResponse:
    if not can_publish_bulletin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        if year not in engine.years():
            messages.error(request, _("No data for that year."))
        else:
            try:
                item = bulletin_services.publish(actor=request.user, year=year)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The %(year)s bulletin was sent to the disclosure review (%(index)s).")
                    % {"year": year, "index": item.index_no},
                )
        return redirect("reports_bulletin")
    today = timezone.localdate()
    rows = []
    for year in engine.years():
        b = engine.bulletin(year, today=today)
        title, _title_en = bulletin_services.item_titles(year)
        item = disclosure_selectors.item_titled(bulletin_services.CATEGORY, title)
        rows.append(
            {
                "year": year,
                "complete": b.complete,
                "valid_days": b.air.valid_days if b.air else 0,
                "item": item,
                "item_url": disclosure_selectors.item_admin_path(item) if item else "",
            }
        )
    context = {
        **admin_access.screen(
            _("Environmental quality bulletin"), (_("Environmental quality bulletin"), "")
        ),
        "rows": rows,
    }
    return render(request, "reports/bulletin_admin.html", context)


# ---- Wagtail hooks (imported by reports/wagtail_hooks.py)

admin_access.register("reports_bulletin", admin_access.capability(can_publish_bulletin))


@hooks.register("register_log_actions")
def register_bulletin_log_actions(actions: Any) -> None:
    actions.register_action(
        bulletin_services.PUBLISHED,
        gettext_lazy("Bulletin published"),
        gettext_lazy("The yearly environmental quality bulletin published as a disclosure item"),
    )


@hooks.register("register_admin_urls")
def bulletin_urls() -> list[Any]:
    return [path("reports/bulletin/", bulletin_admin, name="reports_bulletin")]


class BulletinMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_publish_bulletin(request.user)


@hooks.register("register_reports_menu_item")
def bulletin_menu_item() -> MenuItem:
    return BulletinMenuItem(
        gettext_lazy("Environmental quality bulletin"),
        reverse("reports_bulletin"),
        icon_name="doc-full-inverse",
        order=920,
    )
