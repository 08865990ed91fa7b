"""Bounded parameter types of the public API (no parameter can reach a 500).

Every date, number and text a client sends is checked against a stated range before a
handler sees it, and the range is in the OpenAPI document (``minimum``/``maximum`` for
numbers, ``formatMinimum``/``formatMaximum`` for dates, ``maxLength`` for text, ``enum``
for a choice, so a generated client checks a value before it sends it). A value outside
its range is the API's 422: ``details[].loc`` names the parameter and
``details[].message`` states what is allowed.

Use the aliases in a ninja signature or Schema::

    def view(request, day: ApiDate, page: Annotated[int, Between(1, 10)] = 1): ...
"""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic import field_validator as _field_validator
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Dates the API accepts anywhere (a domain may narrow them: see core.api's calendar).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# Page numbers stop here: deep enough for every list, and offsets stay small integers.
MAX_PAGE = 100_000

# Text no database column can hold: NUL (PostgreSQL refuses it) and lone surrogates (a
# JSON "\ud800", not valid Unicode, can't be encoded). One-line text (codes, search
# words) refuses every control character too.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _name(info: ValidationInfo) -> str:
    return info.field_name or _("the value")


class _Check:
    """An ``Annotated`` marker: ``check`` runs after the type's own validation, and
    ``documented`` is added to the type's JSON schema."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {**handler(schema), **self.documented()}

    def check(self, value: Any, info: ValidationInfo) -> Any:
        raise NotImplementedError

    def documented(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Between(_Check):
    """``Annotated`` marker: a number, a date or a datetime's own calendar date lies in
    ``[low, high]`` (both allowed)."""

    low: Any
    high: Any

    def documented(self) -> dict[str, Any]:
        if isinstance(self.low, date):
            return {"formatMinimum": self.low.isoformat(), "formatMaximum": self.high.isoformat()}
        return {"minimum": self.low, "maximum": self.high}

    def check(self, value: Any, info: ValidationInfo) -> Any:
        return self.verify(value, _name(info))

    def verify(self, value: Any, name: str) -> Any:
        """``value`` if it is in the range, else the error naming ``name`` and the range."""
        # A datetime is judged by its own wall-clock date, so no offset can move it past
        # the bound; converting it to UTC first could overflow at year 1 or 9999.
        key = value.date() if isinstance(value, datetime) else value
        if self.low <= key <= self.high:
            return value
        low, high = (b.isoformat() if isinstance(b, date) else b for b in (self.low, self.high))
        raise PydanticCustomError(
            "out_of_range",
            _("%(name)s must be from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
            {"low": low, "high": high},
        )


@dataclass(frozen=True)
class Text(_Check):
    """``Annotated`` marker: at most ``max_length`` characters (no limit: None) and
    nothing a database can't store; ``one_line`` text (codes, search words, the
    default) has no control character at all."""

    max_length: int | None = None
    one_line: bool = True

    def documented(self) -> dict[str, Any]:
        return {} if self.max_length is None else {"maxLength": self.max_length}

    def check(self, value: str, info: ValidationInfo) -> str:
        if self.max_length is not None and len(value) > self.max_length:
            raise PydanticCustomError(
                "too_long",
                _("%(name)s must have at most %(count)s characters.")
                % {"name": _name(info), "count": self.max_length},
                {"max_length": self.max_length},
            )
        check_text(value, _name(info), one_line=self.one_line)
        return value


@dataclass(frozen=True, init=False)
class OneOf(_Check):
    """``Annotated`` marker: the value is one of ``values`` (the ``enum`` of the document).
    On a response field it also holds the server to what the document promises."""

    values: tuple[Any, ...]

    def __init__(self, values: Iterable[Any]) -> None:
        object.__setattr__(self, "values", tuple(values))

    def documented(self) -> dict[str, Any]:
        return {"enum": list(self.values)}

    def check(self, value: Any, info: ValidationInfo) -> Any:
        if value in self.values:
            return value
        allowed = ", ".join(str(v) for v in self.values)
        raise PydanticCustomError(
            "not_a_choice",
            _("%(name)s must be one of: %(values)s.") % {"name": _name(info), "values": allowed},
            {"expected": list(self.values)},
        )


def Choice(values: Iterable[Any], kind: type = str) -> Any:
    """A ``kind`` (text by default) that is one of ``values``: ``Choice(Model.Kind.values)``."""
    return Annotated[kind, OneOf(values)]


def check_text(value: Any, name: str, *, one_line: bool = False) -> None:
    """Refuse what a database can't store (and, ``one_line``, any control character) in
    a text, or in every key and text of a JSON value (a body not typed field by field)."""
    refused = _NOT_ONE_LINE if one_line else _UNSTORABLE
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if refused.search(item):
                raise PydanticCustomError(
                    "invalid_characters",
                    _("%(name)s must not contain control characters or invalid Unicode.")
                    % {"name": name},
                )
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


# The offsets of the world's time zones (UTC-12 to UTC+14); PostgreSQL refuses a time
# more than 15:59 from UTC, and Python accepts up to 23:59.
MAX_OFFSET = timedelta(hours=14)


def check_offset(value: datetime, name: str) -> datetime:
    """``value`` with an offset: Asia/Shanghai time (the current time zone) when it has
    none; an offset beyond ±14:00 is refused."""
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise PydanticCustomError(
            "offset_out_of_range",
            _("%(name)s must have a UTC offset from -14:00 to +14:00.") % {"name": name},
        )
    return value


def _offset(value: datetime, info: ValidationInfo) -> datetime:
    return check_offset(value, _name(info))


ApiDate = Annotated[date, Between(EARLIEST_DATE, LATEST_DATE)]
"""A calendar date from 1900-01-01 to 2100-12-31."""

ApiDateTime = Annotated[datetime, Between(EARLIEST_DATE, LATEST_DATE), AfterValidator(_offset)]
"""A date and time on a day from 1900-01-01 to 2100-12-31, its offset within ±14:00 (local
time when it has none)."""

_MONTH = re.compile("[0-9]{4}-[0-9]{2}")
EARLIEST_MONTH = f"{EARLIEST_DATE:%Y-%m}"
LATEST_MONTH = f"{LATEST_DATE:%Y-%m}"


def _month(value: Any, info: ValidationInfo) -> date:
    """``YYYY-MM`` → the month's first day, within the API's dates."""
    name = _name(info)
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        raise PydanticCustomError(
            "month_format",
            _("%(name)s must be a month written YYYY-MM, such as 2026-03.") % {"name": name},
        )
    year, month = int(value[:4]), int(value[5:])
    if not 1 <= month <= 12 or not EARLIEST_MONTH <= value <= LATEST_MONTH:
        raise PydanticCustomError(
            "out_of_range",
            _("%(name)s must be a month from %(low)s to %(high)s.")
            % {"name": name, "low": EARLIEST_MONTH, "high": LATEST_MONTH},
            {"low": EARLIEST_MONTH, "high": LATEST_MONTH},
        )
    return date(year, month, 1)


FreeText = Annotated[str, Text(one_line=False)]
"""Text of any length (a form checks it) that a database can store: lines, tabs, no NUL."""

ApiMonth = Annotated[
    date,
    BeforeValidator(_month),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "minLength": 7,
            "maxLength": 7,
            "description": f"A month, YYYY-MM, from {EARLIEST_MONTH} to {LATEST_MONTH}.",
            # "example", not the list "examples": django-ninja copies the keyword onto the
            # parameter, where OpenAPI's "examples" is a map (openapi-spec-validator refuses).
            "example": "2026-03",
        }
    ),
]
"""A calendar month written ``YYYY-MM`` (1900-01 … 2100-12), given to the handler as the
month's first day."""


def period(start: str, end: str, *, max_days: int | None = None) -> Any:
    """A Schema validator for a period: ``end`` is not before ``start`` and, with
    ``max_days``, at most that many days after it. Declare ``start`` before ``end``;
    the error is reported on ``end``. Either side may be left out."""

    def check(cls: type, value: Any, info: ValidationInfo) -> Any:
        first = info.data.get(start)
        if value is None or first is None:
            return value
        names = {"start": start, "end": end, "days": max_days}
        if value < first:
            raise PydanticCustomError(
                "period_order", _("%(end)s must not be before %(start)s.") % names
            )
        if max_days is not None and value - first > timedelta(days=max_days):
            raise PydanticCustomError(
                "period_too_long",
                _("%(start)s and %(end)s must be at most %(days)s days apart.") % names,
                {"max_days": max_days},
            )
        return value

    return _field_validator(end)(classmethod(check))


def paged(*, page_size: int, max_page_size: int) -> Callable[[Callable], Callable]:
    """``@paginate`` by page number with both numbers bounded (and documented):
    ``page`` from 1 to :data:`MAX_PAGE`, ``page_size`` from 1 to ``max_page_size``."""

    default_size, largest = page_size, max_page_size  # the class body reuses the names

    class Input(Schema):
        page: Annotated[int, Between(1, MAX_PAGE)] = Field(1, description="Page number.")
        page_size: Annotated[int, Between(1, largest)] | None = Field(
            None, description=f"Items per page, {default_size} when not given."
        )

    pagination = type(f"PageNumbers{max_page_size}", (PageNumberPagination,), {"Input": Input})
    return paginate(pagination, page_size=page_size, max_page_size=max_page_size)


class Mapped:
    """A queryset whose items a paginator (``paged``) maps through ``convert`` after
    slicing, so that only the page's rows are converted."""

    def __init__(self, queryset: Any, convert: Callable[[Any], Any]) -> None:
        self.queryset, self.convert = queryset, convert

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.convert(item) for item in self.queryset[index]]


# The error ``code`` of each status the API answers with ("error" for any other).
ERROR_CODES = {
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


class ErrorBody(Schema):
    status: int
    code: Choice([*ERROR_CODES.values(), "error"])
    message: str
    details: list[dict]


class ErrorOut(Schema):
    """The API's one error format (see ``lantian.config.api``)."""

    error: ErrorBody
