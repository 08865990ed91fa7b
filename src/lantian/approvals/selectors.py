"""Reads of the approvals app: the items, their guides as plain data, what each lacks
(:mod:`lantian.approvals.guides`, with translated labels) and the API's shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantian.approvals import guides
from lantian.approvals.models import ApprovalItem, Material

# Labels of the elements guides.missing_elements names (a material's and a list entry's
# labels get its position).
ELEMENT_LABELS = {
    "name": gettext_lazy("name"),
    "code": gettext_lazy("code"),
    "kind": gettext_lazy("type"),
    "authority": gettext_lazy("implementing body"),
    "legal_basis": gettext_lazy("legal basis"),
    "conditions": gettext_lazy("conditions"),
    "materials": gettext_lazy("materials"),
    "steps": gettext_lazy("procedure steps"),
    "statutory_days": gettext_lazy("statutory time limit"),
    "promised_days": gettext_lazy("promised time limit"),
    "promised_days.exceeds": gettext_lazy("promised time limit longer than the statutory one"),
    "fee.amount": gettext_lazy("fee (or free of charge)"),
    "fee.basis": gettext_lazy("basis of the fee"),
    "office_address": gettext_lazy("office address"),
    "office_hours": gettext_lazy("office hours"),
    "phone": gettext_lazy("phone"),
    "online_url": gettext_lazy("online entry"),
    "consultation": gettext_lazy("consultation contact"),
    "complaint": gettext_lazy("complaint contact"),
    "result_name": gettext_lazy("result (licence name)"),
    "validity": gettext_lazy("validity of the result"),
    "relief.review": gettext_lazy("administrative review period"),
    "relief.litigation": gettext_lazy("administrative litigation period"),
}
PART_LABELS = {
    "law": gettext_lazy("law"),
    "article": gettext_lazy("article"),
    "name": gettext_lazy("name"),
    "form": gettext_lazy("form (paper or electronic)"),
    "copies": gettext_lazy("copies"),
    "original": gettext_lazy("original or copy"),
    "condition": gettext_lazy("when it is needed"),
    "template": gettext_lazy("template"),
    "sample": gettext_lazy("sample"),
}
_NUMBERED = re.compile(r"^(legal_basis|steps|material)\.(\d+)\.(\w+)$")


@dataclass(frozen=True)
class Missing:
    code: str
    label: str


def label(code: str) -> str:
    """The translated label of a missing element's code."""
    if code in ELEMENT_LABELS:
        return str(ELEMENT_LABELS[code])
    match = _NUMBERED.match(code)
    if match is None:
        return code
    group, number, part = match.groups()
    values = {"number": number, "part": PART_LABELS.get(part, part)}
    if group == "legal_basis":
        return _("legal basis %(number)s: %(part)s") % values
    if group == "steps":
        return _("procedure step %(number)s: %(part)s") % values
    return _("material %(number)s: %(part)s") % values


def _materials(item: ApprovalItem) -> list[Material]:
    return list(item.materials.all())


def guide_data(item: ApprovalItem) -> dict[str, Any]:
    """The plain mapping :func:`lantian.approvals.guides.missing_elements` reads."""
    data: dict[str, Any] = {name: getattr(item, name) for name in guides.TEXT_ELEMENTS}
    data.update(
        legal_basis=list(item.legal_basis or []),
        steps=list(item.steps or []),
        statutory_days=item.statutory_days,
        promised_days=item.promised_days,
        free=item.free,
        fee_amount=item.fee_amount,
        fee_basis=item.fee_basis,
        review_days=item.review_days,
        litigation_months=item.litigation_months,
        materials=[
            {
                "name": m.name,
                "form": m.form,
                "copies": m.copies,
                "original": m.original,
                "required": m.required,
                "condition": m.condition,
                "fill_in": m.fill_in,
                "template": bool(m.template),
                "sample": bool(m.sample),
            }
            for m in _materials(item)
        ],
    )
    return data


def missing(item: ApprovalItem) -> list[Missing]:
    """Each required element ``item``'s guide lacks, labelled."""
    return [Missing(code, label(code)) for code in guides.missing_elements(guide_data(item))]


def _with_materials(queryset: QuerySet[ApprovalItem]) -> QuerySet[ApprovalItem]:
    return queryset.prefetch_related(
        Prefetch("materials", queryset=Material.objects.order_by("order", "pk"))
    )


def items(*, kind: str = "", q: str = "", status: str = "") -> QuerySet[ApprovalItem]:
    """Every item (the back office), by type and code."""
    found = ApprovalItem.objects.all()
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    if q:
        found = found.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return _with_materials(found.order_by("kind", "code"))


def published_items(*, kind: str = "", q: str = "") -> QuerySet[ApprovalItem]:
    """The published items (the public site and API), searched by name, code, result and
    conditions."""
    found = ApprovalItem.objects.filter(status=ApprovalItem.Status.PUBLISHED)
    if kind:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(result_name__icontains=q)
            | Q(conditions__icontains=q)
        )
    return _with_materials(found.order_by("kind", "code"))


def published_item(code: str) -> ApprovalItem | None:
    return published_items().filter(code=code).first()


def item(pk: int) -> ApprovalItem | None:
    return _with_materials(ApprovalItem.objects.filter(pk=pk)).first()


@dataclass(frozen=True)
class ReportRow:
    item: ApprovalItem
    missing: list[Missing]


def completeness_report() -> list[ReportRow]:
    """Every item with the elements its guide lacks (the inspection indicators' check)."""
    return [ReportRow(found, missing(found)) for found in items()]


def by_kind(found: QuerySet[ApprovalItem]) -> list[tuple[str, list[ApprovalItem]]]:
    """``found`` grouped by type, in the types' order, empty types left out."""
    grouped: dict[str, list[ApprovalItem]] = {}
    for one in found:
        grouped.setdefault(one.kind, []).append(one)
    return [
        (str(label), grouped[value])
        for value, label in ApprovalItem.Kind.choices
        if value in grouped
    ]


def as_api(found: ApprovalItem) -> dict[str, Any]:
    """An item as the API shows it: every guide element, the materials and the
    completeness (``complete`` and the ``missing`` codes)."""
    codes = guides.missing_elements(guide_data(found))
    return {
        "code": found.code,
        "name": found.name,
        "type": found.kind,
        "authority": found.authority,
        "legal_basis": [
            {"law": str(e.get("law", "")), "article": str(e.get("article", ""))}
            for e in found.legal_basis or []
        ],
        "conditions": found.conditions,
        "materials": [
            {
                "name": m.name,
                "form": m.form or None,
                "copies": m.copies,
                "original": m.original or None,
                "required": m.required,
                "condition": m.condition,
                "note": m.note,
                "template_url": _file_url(found, m, "template"),
                "sample_url": _file_url(found, m, "sample"),
            }
            for m in _materials(found)
        ],
        "steps": [
            {"name": str(s.get("name", "")), "description": str(s.get("description", ""))}
            for s in found.steps or []
        ],
        "statutory_days": found.statutory_days,
        "promised_days": found.promised_days,
        "free": found.free,
        "fee_amount": found.fee_amount,
        "fee_basis": found.fee_basis,
        "office_address": found.office_address,
        "office_hours": found.office_hours,
        "phone": found.phone,
        "online_url": found.online_url,
        "consultation": found.consultation,
        "complaint": found.complaint,
        "result_name": found.result_name,
        "validity": found.validity,
        "review_days": found.review_days,
        "litigation_months": found.litigation_months,
        "updated": found.updated,
        "complete": not codes,
        "missing": codes,
    }


def _file_url(found: ApprovalItem, material: Material, which: str) -> str | None:
    if not getattr(material, which):
        return None
    return reverse("approvals:material_file", args=[found.code, material.pk, which])
