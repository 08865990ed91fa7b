"""Approval-item endpoints of the public API (`/api/v1/services/items…`): the published
items, each with every element of its service guide and whether it is complete (with
the codes of the missing elements, :mod:`lantian.approvals.guides`)."""

# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from lantian.approvals import selectors
from lantian.approvals.models import ApprovalItem, Material
from lantian.core.apitypes import Choice, ErrorOut, Mapped, OneOf, Text, paged

router = Router(tags=["approvals"])
PUBLIC_CACHE = cache_control(public=True, max_age=300)


class LegalBasisOut(Schema):
    law: str
    article: str


class StepOut(Schema):
    name: str
    description: str


class MaterialOut(Schema):
    name: str
    form: Choice(Material.Form.values) | None = Field(description="Paper, electronic or both.")
    copies: int | None
    original: Choice(Material.Original.values) | None = Field(
        description="Original, copy, or both."
    )
    required: bool
    condition: str = Field(description="When a conditional material is needed.")
    note: str
    template_url: str | None = Field(description="The blank template to download.")
    sample_url: str | None = Field(description="A filled-in sample to download.")


class ItemOut(Schema):
    code: str
    name: str
    type: Choice(ApprovalItem.Kind.values) = Field(
        description="licensing (行政许可), other_power (其他行政权力), public_service (公共服务)."
    )
    authority: str = Field(description="The implementing body.")
    legal_basis: list[LegalBasisOut]
    conditions: str
    materials: list[MaterialOut]
    steps: list[StepOut] = Field(description="The procedure, in order.")
    statutory_days: int | None = Field(description="Statutory time limit, working days.")
    promised_days: int | None = Field(description="Promised time limit, working days.")
    free: bool = Field(description="No fee is charged (不收费).")
    fee_amount: str
    fee_basis: str
    office_address: str
    office_hours: str
    phone: str
    online_url: str
    consultation: str
    complaint: str
    result_name: str = Field(description="The result: the licence or document issued.")
    validity: str
    review_days: int | None = Field(description="Administrative review within these days.")
    litigation_months: int | None = Field(
        description="Administrative litigation within these months."
    )
    updated: datetime
    complete: bool = Field(description="The guide has every required element.")
    missing: list[str] = Field(
        description="Codes of the missing elements (e.g. fee.basis, material.2.copies)."
    )


class ItemQuery(Schema):
    type: Annotated[str, Text(20), OneOf(ApprovalItem.Kind.values)] | None = Field(
        None, description="Items of this type."
    )
    q: Annotated[str, Text(50)] = Field(
        "", description="Words in the name, code, result or conditions."
    )


@router.get(
    "/services/items",
    response={200: list[ItemOut], 422: ErrorOut},
    summary="Published approval items with their service guides",
)
@decorate_view(PUBLIC_CACHE)
@paged(page_size=50, max_page_size=200)
def item_list(request: HttpRequest, query: Query[ItemQuery]) -> object:
    """The published approval items by type and code, each with its whole service guide
    and its completeness."""
    found = selectors.published_items(kind=query.type or "", q=query.q)
    return Mapped(found, selectors.as_api)


@router.get(
    "/services/items/{code}",
    response={200: ItemOut, 404: ErrorOut, 422: ErrorOut},
    summary="One published approval item's service guide",
)
@decorate_view(PUBLIC_CACHE)
def item_detail(request: HttpRequest, code: Annotated[str, Text(40)]) -> object:
    """Every element of the guide, the materials with their files, and completeness."""
    found = selectors.published_item(code)
    if found is None:
        raise HttpError(404, _("No published approval item has this code."))
    return selectors.as_api(found)
