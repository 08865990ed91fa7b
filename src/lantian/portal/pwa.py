"""The phone app: a web app manifest and a service worker for the air-quality pages.

The service worker is served from the site root so that its scope can be ``/``; it
precaches the air page and its static files, fetches the air page and the city's
current value network-first, and answers from the cache when the device is offline.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lantian.portal.site_settings import BureauSettings

THEME_COLOR = "#0b3a6e"  # --blue-900 of site.css
NOW_API = "/api/v1/air/now"
_BUREAU_SUFFIXES = ("生态环境局", " Ecology and Environment Bureau")


def city_name(bureau_name: str) -> str:
    """示范市生态环境局 → 示范市; Demo City Ecology and Environment Bureau → Demo City."""
    for suffix in _BUREAU_SUFFIXES:
        if bureau_name.endswith(suffix):
            name = bureau_name.removesuffix(suffix)
            return name.removeprefix("The ")
    return bureau_name


def shell() -> list[str]:
    """What the service worker stores when it is installed."""
    return [
        reverse("air:now"),
        static("lantian/css/site.css"),
        static("lantian/css/print.css"),
        static("lantian/css/air.css"),
        static("lantian/js/air-offline.js"),
        static("lantian/js/air-table.js"),
        static("lantian/icons/icon-192.png"),
        static("lantian/icons/icon-512.png"),
    ]


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    bureau = BureauSettings.for_request(request)
    city = city_name(bureau.display_name)
    icons: list[dict[str, Any]] = [
        {
            "src": static(f"lantian/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("lantian/icons/icon.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any",
        }
    )
    data = {
        "name": _("%(city)s air quality") % {"city": city},
        "short_name": _("Air quality"),
        "description": _("The city's air quality now, the forecast and each station's values."),
        "lang": "zh-Hans" if get_language().startswith("zh") else get_language(),  # BCP 47
        "start_url": reverse("air:now"),
        "scope": "/",
        "id": reverse("air:now"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    files = shell()
    version = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]
    body = render_to_string(
        "portal/sw.js",
        {
            "version": version,
            "shell": json.dumps(files),
            "start": json.dumps(reverse("air:now")),
            "network_first": json.dumps([reverse("air:now"), NOW_API]),
            "static_prefix": json.dumps(static("lantian/")),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
