"""The public HTTP API under /api/v1/: one NinjaAPI, one error format, each app's router.

Every error, whatever raised it, is answered as::

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": […]}}

``details`` lists the offending fields for validation errors (``loc`` names the field).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lantian.air.api import router as air_router
from lantian.core.api import router as core_router
from lantian.core.ratelimit import RateLimited
from lantian.disclosure.api import router as disclosure_router
from lantian.foi.api import router as foi_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Lantian API",
    version="1",
    description=(
        "Open data of the Demo City Ecology and Environment Bureau: air quality, "
        "disclosures, approvals, supervision. Responses are JSON; errors share one format."
    ),
    urls_namespace="api-v1",
)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def error_response(
    request: HttpRequest, status: int, message: str, details: list[Any] | None = None
) -> HttpResponse:
    body = {
        "error": {
            "status": status,
            "code": STATUS_CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "loc": list(err.get("loc", [])),
            "message": str(err.get("msg", "")),
            "type": err.get("type", ""),
        }
        for err in exc.errors
    ]
    return error_response(request, 422, _("The request has invalid fields."), details)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, _("Authentication required."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc.message))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, _("Not found."))


@api.exception_handler(SuspiciousOperation)
def on_bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """What Django refuses while reading a request (a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields) is the client's error, as in Django."""
    if isinstance(exc, RequestDataTooBig):
        return error_response(request, 400, _("The request body is too large."))
    return error_response(request, 400, _("The request could not be read."))


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = error_response(request, 429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return error_response(request, 500, _("Internal server error."))


api.add_router("", core_router)
api.add_router("", air_router)
api.add_router("", disclosure_router)
api.add_router("", foi_router)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/v1/ answer in the API's error format, not as an HTML page."""
    return error_response(request, 404, _("No such endpoint."))


class JsonErrorMiddleware:
    """Errors Django answers before the API sees the request (wrong method, CSRF) get the
    API's JSON error format too, so clients parse one shape."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            message = response.reason_phrase or _("Error.")
            json_response = error_response(request, response.status_code, message)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
