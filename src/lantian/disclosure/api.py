"""Proactive-disclosure endpoints of the public API (`/api/v1/disclosures…`).

Only published items appear; a draft, scheduled, withdrawn or unknown item is the same
404. No personal data: items carry the issuing department, never the editor."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import date
from typing import Annotated, Any

import nh3
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from wagtail.rich_text import expand_db_html

from lantian.core.apitypes import Between, Choice, ErrorOut, OneOf, Text, paged
from lantian.disclosure import selectors
from lantian.disclosure.models import DisclosureItem

router = Router(tags=["disclosure"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)
Kind = Choice(DisclosureItem.Kind.values)
Validity = Choice(DisclosureItem.Validity.values)


def _absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None and path else path


class CodeName(Schema):
    code: str
    name: str


class AttachmentOut(Schema):
    title: str
    url: str
    content_type: str
    size: int

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, selectors.attachment_path(obj))


class DisclosureOut(Schema):
    index_no: str
    kind: Kind
    title: str
    title_en: str
    category: CodeName
    department: CodeName
    doc_number: str
    formed_on: date
    published_on: date | None
    validity: Validity
    keywords: str
    summary: str
    url: str
    attachments: list[AttachmentOut]
    snippet: str | None = Field(
        None, description="With ``q``: an HTML-escaped excerpt, the matched words in <mark>."
    )

    @staticmethod
    def resolve_category(obj: Any) -> dict[str, str]:
        return {"code": obj.category.code, "name": obj.category.name}

    @staticmethod
    def resolve_department(obj: Any) -> dict[str, str]:
        return {"code": obj.department.code, "name": obj.department.name}

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, selectors.item_path(obj.index_no))

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_snippet(obj: Any) -> str | None:
        return str(obj.snippet) if getattr(obj, "searched", False) else None


class DisclosureDetailOut(DisclosureOut):
    body: str = Field(description="The body as HTML (cleaned).")
    effective_from: date | None
    invalid_from: date | None

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return nh3.clean(expand_db_html(obj.body or ""))


@router.get(
    "/disclosures",
    response={200: list[DisclosureOut], 422: ErrorOut},
    summary="Disclosed items",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=20, max_page_size=100)
def disclosures(
    request: HttpRequest,
    q: Annotated[str, Text(100)] = Query("", description="Words to search, Chinese or English."),
    category: Annotated[str, Text(20)] | None = Query(
        None, description="A catalogue code; sub-categories too."
    ),
    department: Annotated[str, Text(40)] | None = Query(None, description="A department code."),
    year: Annotated[int, Between(1949, 2100)] | None = Query(
        None, description="Year of publication, 1949 to 2100."
    ),
    kind: Annotated[str, Text(20), OneOf(DisclosureItem.Kind.values)] | None = Query(
        None, description="The kind of item."
    ),
) -> object:
    """Published items, newest first; with ``q`` the best matches first, each with a
    ``snippet``. Chinese words are found inside sentences; ``环评`` also finds
    ``环境影响评价`` (the project's synonyms)."""
    return selectors.search(q, category=category, department=department, year=year, kind=kind)


@router.get(
    "/disclosures/{path:index_no}",
    response={200: DisclosureDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One disclosed item",
)
@decorate_view(PUBLIC_CACHE)
def disclosure(request: HttpRequest, index_no: Annotated[str, Text(60)]) -> object:
    """An item by its index number (索引号, which holds a "/"; send it as is or encoded)."""
    item = selectors.item_by_index_no(index_no)
    if item is None:
        raise HttpError(404, _("No published item has this index number."))
    return item
