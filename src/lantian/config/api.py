"""The public HTTP API under /api/v1/: one NinjaAPI, one error format, each app's router.

Every error, whatever raised it, is answered as::

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": […]}}

``details`` lists the offending fields for validation errors (``loc`` names the field).
Every message is in the request's language and names the field it is about: pydantic's
and django-ninja's own messages are English only, so they are replaced here by ours
(:func:`validation_message`).
"""

from __future__ import annotations

import logging
import typing
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic_core import PydanticKnownError
from pydantic_core.core_schema import ErrorType

from lantian.air.api import router as air_router
from lantian.approvals.api import router as approvals_router
from lantian.complaints.api import router as complaints_router
from lantian.core.api import router as core_router
from lantian.core.apitypes import ERROR_CODES
from lantian.core.ratelimit import RateLimited
from lantian.disclosure.api import router as disclosure_router
from lantian.eia.api import router as eia_router
from lantian.enforcement.api import router as enforcement_router
from lantian.foi.api import router as foi_router
from lantian.sources.api import router as sources_router

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


def error_response(
    request: HttpRequest, status: int, message: str, details: list[Any] | None = None
) -> HttpResponse:
    body = {
        "error": {
            "status": status,
            "code": ERROR_CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }
    return api.create_response(request, body, status=status)


# pydantic's own error types: their messages are English only. Other errors are ours
# (core.apitypes, a form's codes) and already carry a message in the request's language.
PYDANTIC_TYPES = frozenset(typing.get_args(ErrorType))


def _stock(error: dict[str, Any]) -> bool:
    """Whether ``error`` carries pydantic's own English message (a custom error may reuse
    a built-in type, e.g. ``too_long``, with a message of ours)."""
    kind = str(error.get("type", ""))
    if kind not in PYDANTIC_TYPES:
        return False
    try:
        return error.get("msg") == PydanticKnownError(kind, error.get("ctx")).message()
    except (TypeError, KeyError, ValueError):  # pydantic's own carry the context they need
        return False


def _message(kind: str, ctx: dict[str, Any], name: str) -> str:
    """Our message for a pydantic error type, naming the field ``name``."""
    groups = {
        "missing": _("%(name)s is required."),
        "string_type": _("%(name)s must be text."),
        "string_too_long": _("%(name)s must have at most %(count)s characters."),
        "string_too_short": _("%(name)s must have at least %(count)s characters."),
        "bool_type": _("%(name)s must be true or false."),
        "int_type": _("%(name)s must be a whole number."),
        "float_type": _("%(name)s must be a number."),
        "date_type": _("%(name)s must be a date written YYYY-MM-DD."),
        "datetime_type": _("%(name)s must be a date and time written YYYY-MM-DDTHH:MM."),
        "list_type": _("%(name)s must be a list."),
        "dict_type": _("%(name)s must be an object."),
        "choice": _("%(name)s must be one of the values the API document lists."),
        "json_invalid": _("The request body is not valid JSON."),
        "extra_forbidden": _("%(name)s is not a field of this request."),
        "greater_than_equal": _("%(name)s must be at least %(limit)s."),
        "less_than_equal": _("%(name)s must be at most %(limit)s."),
        "greater_than": _("%(name)s must be more than %(limit)s."),
        "less_than": _("%(name)s must be less than %(limit)s."),
    }
    aliases = {
        "bool_parsing": "bool_type",
        "int_parsing": "int_type",
        "int_parsing_size": "int_type",
        "int_from_float": "int_type",
        "float_parsing": "float_type",
        "finite_number": "float_type",
        "decimal_type": "float_type",
        "decimal_parsing": "float_type",
        "date_parsing": "date_type",
        "date_from_datetime_parsing": "date_type",
        "date_from_datetime_inexact": "date_type",
        "datetime_parsing": "datetime_type",
        "datetime_from_date_parsing": "datetime_type",
        "datetime_object_invalid": "datetime_type",
        "string_unicode": "string_type",
        "too_long": "list_type",
        "too_short": "list_type",
        "tuple_type": "list_type",
        "iterable_type": "list_type",
        "model_type": "dict_type",
        "model_attributes_type": "dict_type",
        "mapping_type": "dict_type",
        "enum": "choice",
        "literal_error": "choice",
    }
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        # a validator's own ValueError: its text is ours (gettext), keep it
        return _("%(name)s: %(message)s") % {"name": name, "message": ctx["error"]}
    message = groups.get(aliases.get(kind, kind), _("%(name)s is not valid."))
    count = ctx.get("max_length", ctx.get("min_length"))
    limit = next((ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx), None)
    return message % {"name": name, "count": count, "limit": limit}


def field_name(loc: list[Any]) -> str:
    """The field a ``loc`` points at, as a client wrote it: ``observations[2].time``.
    The first element is the source (query, path, body) and a body's parameter name
    (``payload``) is not the client's."""
    parts = list(loc[1:])
    if loc and loc[0] == "body" and parts:
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or _("the request body")


def validation_message(error: dict[str, Any]) -> str:
    """The message of one validation error in the request's language, naming its field."""
    if not _stock(error):
        return str(error.get("msg", ""))
    name = field_name(list(error.get("loc", [])))
    return _message(str(error["type"]), error.get("ctx") or {}, name)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "loc": list(err.get("loc", [])),
            "message": validation_message(err),
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
    message = str(exc.message)
    if message.startswith("Cannot parse request body"):  # django-ninja's own, in English
        message = _("The request body is not valid JSON.")
    return error_response(request, exc.status_code, message)


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
api.add_router("", complaints_router)
api.add_router("", sources_router)
api.add_router("", enforcement_router)
api.add_router("", eia_router)
api.add_router("", approvals_router)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/v1/ answer in the API's error format, not as an HTML page."""
    return error_response(request, 404, _("No such endpoint."))


def status_message(status: int) -> str:
    """A status Django answers before the API sees the request, in the request's language
    (the reason phrase is English)."""
    messages = {
        400: _("The request could not be read."),
        403: _("This request is not allowed."),
        404: _("No such endpoint."),
        405: _("This method is not allowed on this endpoint."),
        413: _("The request body is too large."),
        500: _("Internal server error."),
    }
    return str(messages.get(status, _("Error.")))


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
            message = status_message(response.status_code) or response.reason_phrase
            json_response = error_response(request, response.status_code, message)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
