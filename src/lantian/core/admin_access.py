"""Doors of the back office that Wagtail leaves open: admin views that answer 403 unless
the signed-in user may act there.

Wagtail asks no permission for some admin views — the workflow task chooser, the
confirmation before a workflow is cancelled, the confirmation pages of bulk actions
(which list the titles of the chosen objects), snippet choosers — and refuses others
only by a redirect to the dashboard once the object has been looked up (a workflow
action names the item it refuses). Each app names such views by their URL name
(``namespace:name``, ``*`` as a wildcard) with :func:`register` and a check of the user;
:func:`guard`, run on the root URLconf, puts the checks in front of the views, so a member
of staff who fails one gets a 403 page before the view runs. Anonymous visitors and users
without admin access pass on to Wagtail's own answer (the login page).

A view under several names' patterns must pass every check that matches. :func:`allows`
asks the same checks of a URL, so a link (the dashboard's) is offered only to those the
door would let through.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, URLPattern, URLResolver, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

# (user, the view's URL keyword arguments) -> may the user go through?
Check = Callable[[Any, Mapping[str, Any]], bool]

ANY_MODEL_PERMISSION = ("add", "change", "delete", "view")

_doors: list[tuple[str, Check]] = []


def register(names: str | Iterable[str], check: Check) -> None:
    """Put ``check`` in front of the admin views whose URL name matches ``names``."""
    for name in [names] if isinstance(names, str) else names:
        if (name, check) not in _doors:
            _doors.append((name, check))


def checks_for(view_name: str) -> list[Check]:
    return [check for pattern, check in _doors if fnmatchcase(view_name, pattern)]


def allows(user: Any, url: str) -> bool:
    """Whether the checks in front of the view at ``url`` (a path, query ignored) let
    ``user`` through; a URL that leads to no view does not."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return all(check(user, match.kwargs) for check in checks_for(match.view_name))


def refused(request: HttpRequest, message: Any = None) -> HttpResponse:
    """403 with a page that says so (Wagtail's own answer to a refusal is a redirect to
    the dashboard, which hides it from the status code); ``message`` says why."""
    context = {
        "page_title": _("No access"),
        # Wagtail's own words for a refusal (translated in its catalogue)
        "message": message or _("Sorry, you do not have permission to access this area."),
    }
    response = render(request, "core/admin/denied.html", context, status=403)
    add_never_cache_headers(response)
    return response


def capability(check: Callable[[Any], bool]) -> Check:
    """A door from a capability that needs only the user (``can_view(user)``, …): the
    apps' access modules state what each role may do, the doors put it before the URLs."""

    def allowed(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
        return bool(check(user))

    return allowed


def screen(title: Any, *trail: tuple[Any, str]) -> dict[str, Any]:
    """The context of a back-office screen: its title, and its crumbs from the home page
    through ``trail`` ((label, url) pairs, the last one the screen itself with no url)."""
    items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}]
    items += [{"url": link, "label": label} for label, link in trail]
    return {"page_title": title, "header_title": title, "breadcrumbs_items": items}


def _guarded(view: Callable[..., Any], view_name: str) -> Callable[..., Any]:
    @functools.wraps(view)
    def guarded_view(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        staff = user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
        if staff and not all(check(user, kwargs) for check in checks_for(view_name)):
            return refused(request)
        return view(request, *args, **kwargs)

    guarded_view.lantian_guarded = True  # type: ignore[attr-defined]
    return guarded_view


def guard(urlpatterns: Iterable[Any], namespace: str = "") -> None:
    """Put the registered checks in front of every matching view of ``urlpatterns``
    (in place, like Wagtail's ``decorate_urlpatterns``). Run it once from the root URLconf
    after importing Wagtail's admin URLs, which imports every app's ``wagtail_hooks``
    and so every registration."""
    for pattern in urlpatterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            guard(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view_name = f"{namespace}{pattern.name}"
            if checks_for(view_name) and not getattr(pattern.callback, "lantian_guarded", False):
                pattern.callback = _guarded(pattern.callback, view_name)


# ---- checks


def holds_model_permission(model: Any, actions: Iterable[str] = ANY_MODEL_PERMISSION) -> Check:
    """A check: the user holds one of ``actions`` on ``model`` (by Wagtail's permission
    policy for it: model, page or collection permissions)."""

    def check(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(model).user_has_any_permission(user, list(actions))

    return check


def any_of(*checks: Check) -> Check:
    def check(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
        return any(one(user, view_kwargs) for one in checks)

    return check


def holds_permission_on_named_model(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    """For views that name their model in the URL (``app_label``, ``model_name``): the
    user holds some permission on it. An unknown model passes on to the view's 404."""
    try:
        model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except (KeyError, LookupError):
        return True
    return holds_model_permission(model)(user, view_kwargs)


def manages_workflows(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    """Those who may create or edit workflows and their tasks (administrators)."""
    from wagtail.models import Task, Workflow

    return any_of(
        holds_model_permission(Workflow, ("add", "change")),
        holds_model_permission(Task, ("add", "change")),
    )(user, view_kwargs)


def edits_pages(user: Any, view_kwargs: Mapping[str, Any]) -> bool:
    """Those who may add, edit or publish pages somewhere in the tree."""
    from wagtail.models import Page

    return holds_model_permission(Page, ("add", "change", "publish"))(user, view_kwargs)
