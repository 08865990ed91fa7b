"""Back office of disclosure on application: the "依申请公开" menu group (queues, case
list, case pages, registration of letters and visits) and the audit-log labels of the
back office's own actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lantian.foi import services
from lantian.foi.admin import dashboard, views  # noqa: F401  (dashboard: registers its sources)
from lantian.foi.admin.viewsets import FoiViewSetGroup


@hooks.register("register_admin_viewset")
def register_foi_viewsets() -> FoiViewSetGroup:
    return FoiViewSetGroup()


@hooks.register("register_log_actions")
def register_foi_log_actions(actions: Any) -> None:
    actions.register_action(
        services.AUDIT_ACTION, _("Case step"), _("Step taken on a disclosure application")
    )
    actions.register_action(
        views.CASE_VIEWED, _("Case viewed"), _("Disclosure application opened by staff")
    )
    actions.register_action(
        views.DOCUMENT_DOWNLOADED,
        _("Case document downloaded"),
        _("Letter or released file of a disclosure application downloaded"),
    )
    actions.register_action(
        views.CASES_EXPORTED,
        _("Cases exported"),
        _("List of disclosure applications exported to a spreadsheet"),
    )


from lantian.foi import letter_admin  # noqa: E402, F401  (letter templates: F3)
