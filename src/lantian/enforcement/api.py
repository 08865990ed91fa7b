"""Enforcement endpoints of the public API: published penalty decisions with their
publication check (7 working days), and published enterprise credit ratings.

No personal data: an individual offender's name is masked (core privacy masking)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from lantian.core.apitypes import Between, Choice, ErrorOut, Mapped, Text, paged
from lantian.core.calendar import work_calendar
from lantian.enforcement import rating, selectors
from lantian.enforcement.models import Penalty

router = Router(tags=["enforcement"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)

Year = Annotated[int, Between(2000, 2100)]


class PenaltyOut(Schema):
    document_number: str
    enterprise: str | None = Field(
        description="The enterprise's unified social credit code; null for an individual."
    )
    offender: str = Field(description="The enterprise's name, or an individual's name masked.")
    offender_kind: Choice(Penalty.OffenderKind.values)
    penalty_types: list[Choice(Penalty.PenaltyType.values)]
    fine: float = Field(description="Fine in yuan (0 when no fine was imposed).")
    decided_on: date
    published_on: date
    due: date = Field(description="The last day of the 7 working days to publish.")
    working_days: int = Field(description="Working days from the decision to publication.")
    late: bool = Field(description="Published after more than 7 working days.")
    provisional: bool = Field(
        description="The count runs into a year whose holiday calendar is not confirmed."
    )
    status: Choice(Penalty.Status.values)


class PenaltyQuery(Schema):
    year: Year | None = Field(None, description="Decisions made in this year.")
    enterprise: Annotated[str, Text(18)] = Field(
        "", description="One enterprise, by its unified social credit code."
    )


@router.get(
    "/penalties",
    response={200: list[PenaltyOut], 422: ErrorOut},
    summary="Published administrative penalty decisions",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=50, max_page_size=500)
def penalty_list(request: HttpRequest, query: Query[PenaltyQuery]) -> object:
    """Published decisions, newest first, each with its publication check: published
    within 7 working days of the decision (双公示) or late."""
    found = selectors.published_penalties(year=query.year, credit_code=query.enterprise)
    today, calendar = timezone.localdate(), work_calendar()
    return Mapped(found, lambda p: selectors.as_public_penalty(p, today, calendar))


class RatingOut(Schema):
    credit_code: str
    enterprise: str
    year: int
    scheme: Choice(rating.scheme_names())
    level: Choice(selectors.level_codes()) = Field(
        description="The level held: the rating's, or the level after credit repair."
    )
    level_name: str
    colour: Choice(selectors.colours())
    colour_hex: str
    score: float | None = Field(description="Null when a veto decided the level.")
    rated_level: Choice(selectors.level_codes())
    repaired: bool
    published_on: date | None


class RatingQuery(Schema):
    year: Year | None = Field(None, description="Ratings of this year.")


@router.get(
    "/credit-ratings",
    response={200: list[RatingOut], 422: ErrorOut},
    summary="Published enterprise environmental credit ratings",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=100, max_page_size=1000)
def rating_list(request: HttpRequest, query: Query[RatingQuery]) -> object:
    """Published ratings by year and enterprise name, with the scheme (national four
    colours, or Jiangsu's five) and the level's colour."""
    return Mapped(selectors.published_ratings(year=query.year), selectors.as_public_rating)
