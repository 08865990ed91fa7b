"""The back office's shell carries the bureau's name and logo, not Wagtail's, and shows
staff no links to Wagtail's own guides and release notes (help menu, dashboard).

The templates under ``core/templates/wagtailadmin/`` do the rest: the page title, logo
and favicon, the sign-in heading, booleans as 是/否 and empty values as — in tables and
inspect views. Registered from ``CoreConfig.ready``; the sign-in form is
``WAGTAILADMIN_USER_LOGIN_FORM``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

# Wagtail's help menu items that lead to wagtail.org (the keyboard shortcuts stay).
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def drop_wagtail_help(request: HttpRequest, items: list[Any]) -> None:
    items[:] = [item for item in items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, its password field labelled (Wagtail's has no label, so the
    field's name showed through untranslated: "Password")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
