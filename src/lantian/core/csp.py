"""Content-Security-Policy by area: strict on the public site, relaxed in the back office.

Django's ``ContentSecurityPolicyMiddleware`` sends ``settings.SECURE_CSP`` on every
response unless the response carries a policy of its own (``_csp_config``, what the
``csp_override`` decorator sets). This middleware, placed after Django's, gives every
response under the Wagtail admin the back-office policy below.

Why the back office is relaxed (decision 0031): Wagtail 8's admin still writes inline
``<script>`` blocks (the date and time widgets, inline panels, multiple choosers) and
inline ``<style>``; a nonce cannot be added to templates we do not own, and 'unsafe-inline'
is ignored by browsers as soon as a nonce or hash is listed, so the admin policy lists
neither. It is still 'self' only for every fetch, object-src 'none', and it may be
framed only by itself (Wagtail's live preview). Only signed-in staff reach these pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.csp import CSP


def admin_policy() -> dict[str, list[str]]:
    """The public policy with inline script and style allowed, blobs (image previews),
    same-origin frames (the preview panel) and same-origin framing."""
    policy = {name: list(values) for name, values in settings.SECURE_CSP.items()}
    policy["script-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    policy["style-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    policy.pop("style-src-attr", None)
    policy["img-src"] = [*policy.get("img-src", [CSP.SELF]), "blob:"]
    policy["frame-src"] = [CSP.SELF]
    policy["frame-ancestors"] = [CSP.SELF]
    return policy


class AreaPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = admin_policy()
        self.prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = self.policy
        return response
