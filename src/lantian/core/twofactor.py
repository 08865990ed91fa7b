"""Optional TOTP two-factor sign-in for staff (django-otp).

A staff member turns it on from their account menu by scanning a QR code and typing
one code. From then on, after the password, the back office asks for a current code
before showing anything. ``LANTIAN_REQUIRE_TWO_FACTOR=true`` makes it compulsory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantian.core import audit
from lantian.core.http import safe_next

ADMIN_PREFIX = "/admin/"
# The verification and set-up pages themselves, signing out, and the assets those pages
# load (icon sprite, JavaScript catalogue).
EXEMPT_URL_NAMES = (
    "lantian_2fa_verify",
    "lantian_2fa_setup",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@functools.cache
def _exempt_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in EXEMPT_URL_NAMES)


def _required() -> bool:
    return bool(getattr(settings, "LANTIAN_REQUIRE_TWO_FACTOR", False))


class StaffTwoFactorMiddleware:
    """Stop a signed-in staff member at the back-office door until their code is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(ADMIN_PREFIX)
            and not user.is_verified()
            and request.path not in _exempt_paths()
        ):
            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('lantian_2fa_verify')}?next={request.get_full_path()}")
            if _required():
                return redirect("lantian_2fa_setup")
        return self.get_response(request)


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, reverse("wagtailadmin_home"))


def verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (
                d
                for d in TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
                if d.verify_token(form.cleaned_data["token"])
            ),
            None,
        )
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("token", _("That code is not valid. Try the current one."))
    return render(
        request,
        "core/two_factor_verify.html",
        {"form": form, "next": _safe_next(request), "page_title": _("Two-step verification")},
    )


def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed:
        return render(
            request,
            "core/two_factor_setup.html",
            {"enabled": True, "page_title": _("Two-step verification")},
        )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            audit.record(actor=user, instance=user, action=audit.TWO_FACTOR_ENABLED)
            messages.success(request, _("Two-step verification is on."))
            return redirect("wagtailadmin_home")
        form.add_error("token", _("That code is not valid. Try the current one."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1a1a1a")
    return render(
        request,
        "core/two_factor_setup.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": qr_svg,
            "secret": _base32(device.bin_key),
            "page_title": _("Two-step verification"),
        },
    )


@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    deleted, _counts = TOTPDevice.objects.filter(user=request.user).delete()
    if deleted:
        audit.record(actor=request.user, instance=request.user, action=audit.TWO_FACTOR_DISABLED)
    messages.success(request, _("Two-step verification is off."))
    return redirect("lantian_2fa_setup")


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
