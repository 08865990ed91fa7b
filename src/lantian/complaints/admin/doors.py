"""Doors of the complaints back office (core.admin_access): each screen's own check, put
in front of it so that a refusal is a 403 before the view runs and a dashboard link is
offered only to those who may open it. Which case is behind a door stays
:func:`~lantian.complaints.admin.permissions.visible_cases` (a 404 outside it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lantian.complaints.admin import permissions, views
from lantian.complaints.admin.settings import SETTINGS_VIEWSETS
from lantian.core import admin_access


def _viewer(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return permissions.can_view(user)


def _worker(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return permissions.can_change(user)


def _registrar(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    return permissions.can_register(user)


def _chooser(model: Any) -> str:
    return f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:*"


admin_access.register(f"{views.NAMESPACE}:*", _viewer)
admin_access.register(f"{views.NAMESPACE}:act", _worker)
admin_access.register(f"{views.NAMESPACE}:register", _registrar)
for viewset in SETTINGS_VIEWSETS:
    admin_access.register(
        [f"{viewset.url_namespace}:*", _chooser(viewset.model)],
        admin_access.holds_model_permission(viewset.model),
    )
