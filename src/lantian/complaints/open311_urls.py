"""Open311 GeoReport v2 under /open311/: discovery beside the versioned endpoints."""

from __future__ import annotations

from django.urls import re_path

from lantian.complaints import open311

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^v2/services" + FMT, open311.service_list, name="services"),
    re_path(
        r"^v2/services/(?P<service_code>[^/]{1,100})" + FMT,
        open311.service_definition,
        name="service",
    ),
    re_path(r"^v2/requests" + FMT, open311.requests_view, name="requests"),
    re_path(
        r"^v2/requests/(?P<service_request_id>[^/]{1,100})" + FMT,
        open311.request_detail,
        name="request",
    ),
    re_path(r"^v2/tokens/(?P<token>[^/]{1,100})" + FMT, open311.token_detail, name="token"),
]
