"""The back office's shell carries the bureau's name and logo, not Wagtail's, and shows
staff no links to Wagtail's own guides and release notes (help menu, dashboard).

The templates under ``core/templates/wagtailadmin/`` do the rest: the page title, logo
and favicon, the sign-in heading, booleans as 是/否 and empty values as — in tables and
inspect views. Registered from ``CoreConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

# Wagtail's help menu items that lead to wagtail.org (the keyboard shortcuts stay).
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def drop_wagtail_help(request: HttpRequest, items: list[Any]) -> None:
    items[:] = [item for item in items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]
