"""The completeness of a service guide (办事指南), as the website-inspection indicators
check it (政府网站与政务新媒体检查指标, 国办函〔2019〕80号: "办事指南要素缺失" — a guide
lacking its legal basis, conditions, materials, place, body, fee, time limit, phone or
procedure fails the site). Pure: no Django import; the model layer turns a guide into the
plain mapping read here (:func:`lantian.approvals.selectors.guide_data`), and the codes
returned here into translated labels.

Elements and their codes (a material's codes carry its 1-based position, ``material.2.copies``):

============================  ===========================================================
``name``, ``code``, ``kind``  the item's name, code and type
``authority``                 the implementing body (实施机构)
``legal_basis``               at least one law; ``legal_basis.N.law`` / ``.article`` each
``conditions``                the conditions (受理条件)
``materials``                 at least one material; for each: ``.name``, ``.form``,
                              ``.copies`` (≥ 1), ``.original`` (original or copy),
                              ``.condition`` (a conditional material says when), and for
                              a form the applicant fills in ``.template`` and ``.sample``
``steps``                     at least one procedure step; ``steps.N.name`` each
``statutory_days``            the statutory time limit (working days)
``promised_days``             the promised time limit (working days), and
``promised_days.exceeds``     promised no longer than statutory
``fee``                       free, or an amount (``fee.amount``) and its basis
                              (``fee.basis``)
``office_address``, ``office_hours``, ``phone``, ``online_url``   where and how
``consultation``, ``complaint``   consultation and complaint contacts
``result_name``               the result (licence name)
``validity``                  its validity
``relief.review``, ``relief.litigation``   the periods of 行政复议 and 行政诉讼
============================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# The item's plain text elements, in the guide's order.
TEXT_ELEMENTS = (
    "name",
    "code",
    "kind",
    "authority",
    "conditions",
    "office_address",
    "office_hours",
    "phone",
    "online_url",
    "consultation",
    "complaint",
    "result_name",
    "validity",
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _legal_basis(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    if not entries:
        return ["legal_basis"]
    missing = []
    for number, entry in enumerate(entries, start=1):
        missing += [
            f"legal_basis.{number}.{part}" for part in ("law", "article") if _blank(entry.get(part))
        ]
    return missing


def _steps(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    if not entries:
        return ["steps"]
    return [
        f"steps.{number}.name"
        for number, step in enumerate(entries, start=1)
        if _blank(step.get("name"))
    ]


def _material(number: int, material: Mapping[str, Any]) -> list[str]:
    missing = [
        f"material.{number}.{part}"
        for part in ("name", "form", "original")
        if _blank(material.get(part))
    ]
    if not _positive(material.get("copies")):
        missing.append(f"material.{number}.copies")
    if not material.get("required", True) and _blank(material.get("condition")):
        missing.append(f"material.{number}.condition")
    if material.get("fill_in"):
        missing += [
            f"material.{number}.{part}" for part in ("template", "sample") if not material.get(part)
        ]
    return missing


def _time_limits(guide: Mapping[str, Any]) -> list[str]:
    statutory, promised = guide.get("statutory_days"), guide.get("promised_days")
    missing = [
        name
        for name, value in (("statutory_days", statutory), ("promised_days", promised))
        if not _positive(value)
    ]
    if not missing and promised > statutory:
        missing.append("promised_days.exceeds")
    return missing


def _fee(guide: Mapping[str, Any]) -> list[str]:
    if guide.get("free"):
        return []
    return [f"fee.{part}" for part in ("amount", "basis") if _blank(guide.get(f"fee_{part}"))]


def _relief(guide: Mapping[str, Any]) -> list[str]:
    return [
        f"relief.{kind}"
        for kind, key in (("review", "review_days"), ("litigation", "litigation_months"))
        if not _positive(guide.get(key))
    ]


def missing_elements(guide: Mapping[str, Any]) -> list[str]:
    """The code of every required element ``guide`` lacks, in the guide's order; empty
    when the guide is complete.

    ``guide`` holds the text elements of :data:`TEXT_ELEMENTS`, ``legal_basis`` (a list
    of ``{"law", "article"}``), ``steps`` (a list of ``{"name", "description"}``),
    ``statutory_days``/``promised_days`` (int or None), ``free`` (bool),
    ``fee_amount``/``fee_basis``, ``review_days``/``litigation_months`` (int or None) and
    ``materials`` (a list of ``{"name", "form", "copies", "original", "required",
    "condition", "fill_in", "template", "sample"}``, the files as booleans)."""
    missing = [name for name in TEXT_ELEMENTS[:4] if _blank(guide.get(name))]
    missing += _legal_basis(guide.get("legal_basis") or [])
    missing += [name for name in ("conditions",) if _blank(guide.get(name))]
    materials = guide.get("materials") or []
    if not materials:
        missing.append("materials")
    for number, material in enumerate(materials, start=1):
        missing += _material(number, material)
    missing += _steps(guide.get("steps") or [])
    missing += _time_limits(guide)
    missing += _fee(guide)
    missing += [name for name in TEXT_ELEMENTS[5:] if _blank(guide.get(name))]
    missing += _relief(guide)
    return missing


def is_complete(guide: Mapping[str, Any]) -> bool:
    return not missing_elements(guide)
