"""Settings → API keys: administrators list the keys of machine clients, issue one (its
plain key shown once, on the page that answers the form; only its hash is kept) and
revoke one. The views check the role themselves and core.admin_access puts the same check
in front of them (core/wagtail_hooks.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lantian.core import admin_access, apikeys
from lantian.core.models import ApiKey
from lantian.core.roles import Role, roles_of


def is_administrator(user: Any, view_kwargs: Mapping[str, Any] | None = None) -> bool:
    """Administrators (and superusers) only: a key opens an API to a machine client."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or Role.ADMINISTRATOR in roles_of(user)


class IssueKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Who uses the key, e.g. the system of a station or an enterprise."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("What the key may do; give it no more than its client needs."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # read at each request: apps register their scopes when they are ready
        self.fields["scopes"].choices = apikeys.known_scopes()


def _scope_labels(scopes: list[str]) -> list[str]:
    return [str(apikeys.KNOWN_SCOPES.get(scope, scope)) for scope in scopes]


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        return admin_access.refused(request)
    keys = [
        # only what the list needs: never the hash
        {
            "pk": key.pk,
            "name": key.name,
            "prefix": key.prefix,
            "scopes": _scope_labels(key.scopes),
            "is_active": key.is_active,
            "created_at": key.created_at,
            "last_used_at": key.last_used_at,
        }
        for key in ApiKey.objects.order_by("-is_active", "name", "pk")
    ]
    context = {"page_title": _("API keys"), "keys": keys}
    return _no_store(render(request, "core/admin/apikeys/index.html", context))


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        return admin_access.refused(request)
    form = IssueKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record, plain = apikeys.issue_key(
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=sorted(form.cleaned_data["scopes"]),
        )
        # answered here, not after a redirect: the plain key exists only in this response
        context = {
            "page_title": _("API key issued"),
            "record": record,
            "scopes": _scope_labels(record.scopes),
            "plain_key": plain,
        }
        return _no_store(render(request, "core/admin/apikeys/issued.html", context))
    context = {"page_title": _("Issue an API key"), "form": form}
    return _no_store(render(request, "core/admin/apikeys/create.html", context))


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_administrator(request.user):
        return admin_access.refused(request)
    key = get_object_or_404(ApiKey, pk=pk)
    if request.method == "POST":
        if key.is_active:
            apikeys.revoke_key(actor=request.user, key=key)
            messages.success(request, _("The key %(name)s is revoked.") % {"name": key.name})
        return redirect("lantian_apikeys_index")
    context = {
        "page_title": _("Revoke an API key"),
        "key": key,
        "scopes": _scope_labels(key.scopes),
    }
    return _no_store(render(request, "core/admin/apikeys/revoke.html", context))
