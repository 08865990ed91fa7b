"""EIA endpoints of the public API (`/api/v1/eia/…`): the projects with their notices on
the statutory clock (working days, late decision notice) and their decision. Builders
are organisations known by their unified social credit code: no personal data."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from lantian.core.apitypes import Between, Choice, ErrorOut, Mapped, Text, paged
from lantian.core.calendar import work_calendar
from lantian.eia import selectors
from lantian.eia.models import Document, Notice, Project

router = Router(tags=["eia"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)

Year = Annotated[int, Between(2000, 2100)]


class NoticeOut(Schema):
    kind: Choice(Notice.Kind.values)
    starts_on: date
    ends_on: date
    published_on: date | None
    working_days: int = Field(description="Working days of the notice, both ends counted.")
    late: bool = Field(
        description="A decision notice published more than 7 working days after the "
        "decision, or a completion notice more than 5 working days after the acceptance "
        "report."
    )


class DocumentOut(Schema):
    kind: Choice(Document.Kind.values)
    title: str
    size: int = Field(description="Bytes.")
    url: str = Field(description="The public version's download (never a full text).")


class CompletionOut(Schema):
    completed_on: date | None
    commissioning_from: date | None
    commissioning_to: date | None
    acceptance_report_on: date | None = Field(description="The date of the acceptance report.")
    acceptance_result: Choice(Project.AcceptanceResult.values) | None
    report_published_late: bool = Field(
        description="The completion notice came more than 5 working days after the report."
    )
    filed_on: date | None = Field(
        description="Filed on the national completion acceptance platform."
    )
    filing_due: date | None = Field(
        description="The 5th working day after the completion notice ends."
    )
    filing_late: bool = Field(description="Filed late, or not filed and the due date passed.")


class CommentCountsOut(Schema):
    received: int = Field(description="Comments received on the project's notices.")
    published: int = Field(description="Comments published after moderation.")
    replied: int = Field(description="Comments the bureau has replied to.")


class ProjectOut(Schema):
    id: int
    name: str
    builder: str
    builder_credit_code: str = Field(description="The builder's unified social credit code.")
    address: str
    district: str | None
    latitude: float | None = Field(description="WGS 84.")
    longitude: float | None = Field(description="WGS 84.")
    industry_code: str = Field(description="GB/T 4754 class (4 digits), or empty.")
    industry_name: str
    category: Choice(Project.Category.values)
    preparer: str
    investment: float | None = Field(description="Total investment in 10,000 yuan.")
    accepted_on: date | None
    stage: Choice(Project.Stage.values)
    decision: Choice(Project.Decision.values) | None
    decision_number: str
    decided_on: date | None
    decision_due: date | None = Field(
        description="The end of the statutory decision period (60 days for a report book, "
        "30 for a report form, from acceptance, expert review and hearings not counted); "
        "null for a registration form (filed, not approved) or while the clock is paused."
    )
    decision_late: bool = Field(
        description="Decided after the due date, or undecided and the due date has passed."
    )
    conditions: str
    notices: list[NoticeOut]
    documents: list[DocumentOut] = Field(description="The public versions of its documents.")
    completion: CompletionOut | None = Field(
        description="The completion acceptance (an approved project)."
    )
    comments: CommentCountsOut = Field(
        description="The public's comments on the project's notices (the comments "
        "themselves, without contact details, are on the project's page)."
    )


class ProjectQuery(Schema):
    year: Year | None = Field(None, description="Projects accepted in this year.")
    district: Annotated[str, Text(50)] = Field("", description="A district, by its name.")
    category: Annotated[Choice(["", *Project.Category.values]), Text(20)] = Field(
        "", description="EIA category (any when empty)."
    )
    stage: Annotated[Choice(["", *Project.Stage.values]), Text(20)] = Field(
        "", description="Current stage (any when empty)."
    )
    industry: Annotated[str, Field(pattern=r"^([0-9]{2,4})?$"), Text(4)] = Field(
        "",
        description="A GB/T 4754 industry code or its first digits (44: electricity and "
        "heat production and supply); any when empty.",
    )
    q: Annotated[str, Text(100)] = Field(
        "", description="Words of the project's or builder's name, or a credit code."
    )


@router.get(
    "/eia/projects",
    response={200: list[ProjectOut], 422: ErrorOut},
    summary="EIA projects with their notices",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=50, max_page_size=200)
def project_list(request: HttpRequest, query: Query[ProjectQuery]) -> object:
    """Projects with at least one public notice, newest accepted first, each with its
    notices (acceptance ≥ 10, proposed approval ≥ 5, completion ≥ 20 working days; the
    decision notice late after 7 working days) and its decision."""
    found = selectors.public_projects(
        year=query.year,
        district=query.district,
        category=query.category,
        stage=query.stage,
        industry=query.industry,
        q=query.q,
    ).prefetch_related("notices", "pauses", "documents")
    found = selectors.with_comment_counts(found)
    calendar = work_calendar()
    return Mapped(found, lambda p: selectors.as_public_project(p, calendar))


@router.get(
    "/eia/projects/{project_id}",
    response={200: ProjectOut, 404: ErrorOut, 422: ErrorOut},
    summary="One EIA project",
)
@decorate_view(PUBLIC_CACHE)
def project_detail(
    request: HttpRequest, project_id: Annotated[int, Between(1, 2**31 - 1)]
) -> object:
    """A project by its id; 404 when there is no public project with it."""
    found = selectors.public_project(project_id)
    if found is None:
        raise HttpError(404, _("No EIA project has this id."))
    return selectors.as_public_project(found)
