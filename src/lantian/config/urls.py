from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantian.config.api import api
from lantian.config.api import not_found as api_not_found
from lantian.core import admin_access
from lantian.portal import pwa
from lantian.portal import views as portal_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
    path("search/", portal_views.search, name="search"),
    path("accessibility/text-size/", portal_views.text_size, name="text_size"),
    # The phone app: manifest and a service worker whose scope is the whole site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    # Before Wagtail's catch-all: the air pages live under the 环境质量 section's URL.
    path("environment/air/", include("lantian.air.urls")),
    path("environment/water/", include("lantian.water.urls")),
    # … with the yearly environmental quality bulletin beside them.
    path("reports/", include("lantian.reports.bulletin_urls")),
    # … and the disclosure pages and feeds under the 信息公开 section's.
    # (the published annual disclosure reports beside the disclosure pages)
    path("disclosure/annual-reports/", include("lantian.reports.urls")),
    path("disclosure/", include("lantian.disclosure.urls")),
    # … and the application for government information under 办事服务's.
    path("services/foi/", include("lantian.foi.urls")),
    # … and complaints, the mailbox and their public replies under 政民互动's.
    path("interaction/", include("lantian.complaints.urls")),
    # … and the enterprises, their data and exceedances under 污染源监管's.
    path("sources/", include("lantian.sources.urls")),
    # … with the penalties, credit ratings and enterprise disclosure reports beside them.
    path("sources/", include("lantian.enforcement.urls")),
    # … the EIA projects and their notices under 环评审批's,
    path("eia/", include("lantian.eia.urls")),
    # … and the approval items' service guides under 办事服务's.
    path("services/approvals/", include("lantian.approvals.urls")),
    # Open311 GeoReport v2 (discovery, services, requests) for other systems.
    path("open311/", include("lantian.complaints.open311_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.LANTIAN_SERVE_IMAGES:
    # Without a proxy (`make demo`): the image renditions pages show, as nginx would serve
    # them (docs/operations.md); originals and every other file stay behind their views.
    from pathlib import Path

    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}images/(?P<path>.+)$",
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / "images"},  # nothing above it
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

# Permission checks in front of the admin views Wagtail leaves open (core.admin_access);
# every app has registered its own by now (importing Wagtail's admin URLs ran the hooks).
admin_access.guard(urlpatterns)
