"""The completeness rules, element by element (the website-inspection indicators'
checks), on the pure function."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from lantian.approvals import guides

MATERIAL = {
    "name": "申请表",
    "form": "paper",
    "copies": 1,
    "original": "original",
    "required": True,
    "condition": "",
    "fill_in": True,
    "template": True,
    "sample": True,
}
COMPLETE: dict[str, Any] = {
    "name": "建设项目环境影响报告书审批",
    "code": "SFS-XK-0001",
    "kind": "licensing",
    "authority": "示范市生态环境局",
    "legal_basis": [{"law": "《中华人民共和国环境影响评价法》", "article": "第二十二条"}],
    "conditions": "符合法定规划。",
    "steps": [{"name": "受理", "description": ""}],
    "statutory_days": 60,
    "promised_days": 20,
    "free": False,
    "fee_amount": "按件收取",
    "fee_basis": "某收费文件",
    "office_address": "人民路100号",
    "office_hours": "工作日",
    "phone": "0999-86601234",
    "online_url": "https://zwfw.example.cn/",
    "consultation": "电话咨询",
    "complaint": "投诉电话",
    "result_name": "批复",
    "validity": "五年",
    "review_days": 60,
    "litigation_months": 6,
    "materials": [MATERIAL],
}


def with_(**changes: Any) -> dict[str, Any]:
    guide = copy.deepcopy(COMPLETE)
    guide.update(changes)
    return guide


def with_material(**changes: Any) -> dict[str, Any]:
    return with_(materials=[{**MATERIAL, **changes}])


def test_a_complete_guide_lacks_nothing() -> None:
    assert guides.missing_elements(COMPLETE) == []
    assert guides.is_complete(COMPLETE)


@pytest.mark.parametrize("element", guides.TEXT_ELEMENTS)
@pytest.mark.parametrize("blank", ["", "   ", None])
def test_each_text_element_is_required(element: str, blank: Any) -> None:
    assert guides.missing_elements(with_(**{element: blank})) == [element]


def test_legal_basis_needs_a_law_and_each_entry_its_law_and_article() -> None:
    assert guides.missing_elements(with_(legal_basis=[])) == ["legal_basis"]
    entries = [{"law": "《环境影响评价法》", "article": ""}, {"law": "", "article": "第九条"}]
    assert guides.missing_elements(with_(legal_basis=entries)) == [
        "legal_basis.1.article",
        "legal_basis.2.law",
    ]


def test_the_procedure_needs_named_steps() -> None:
    assert guides.missing_elements(with_(steps=[])) == ["steps"]
    steps = [{"name": "受理"}, {"name": " ", "description": "审查"}]
    assert guides.missing_elements(with_(steps=steps)) == ["steps.2.name"]


def test_materials_are_required() -> None:
    assert guides.missing_elements(with_(materials=[])) == ["materials"]


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"name": ""}, ["material.1.name"]),
        ({"form": ""}, ["material.1.form"]),
        ({"copies": None}, ["material.1.copies"]),
        ({"copies": 0}, ["material.1.copies"]),
        ({"original": ""}, ["material.1.original"]),
        ({"required": False}, ["material.1.condition"]),
        ({"required": False, "condition": "涉及辐射的"}, []),
        ({"template": False}, ["material.1.template"]),
        ({"sample": False}, ["material.1.sample"]),
        ({"fill_in": False, "template": False, "sample": False}, []),
    ],
)
def test_each_material_element(changes: dict[str, Any], missing: list[str]) -> None:
    assert guides.missing_elements(with_material(**changes)) == missing


def test_the_second_material_is_named_by_its_position() -> None:
    guide = with_(materials=[MATERIAL, {**MATERIAL, "copies": None, "form": ""}])
    assert guides.missing_elements(guide) == ["material.2.form", "material.2.copies"]


def test_time_limits_and_promised_within_statutory() -> None:
    assert guides.missing_elements(with_(statutory_days=None)) == ["statutory_days"]
    assert guides.missing_elements(with_(promised_days=0)) == ["promised_days"]
    assert guides.missing_elements(with_(promised_days=61)) == ["promised_days.exceeds"]
    assert guides.missing_elements(with_(promised_days=60)) == []


def test_a_fee_needs_its_amount_and_basis_unless_free() -> None:
    assert guides.missing_elements(with_(fee_basis="")) == ["fee.basis"]
    assert guides.missing_elements(with_(fee_amount="", fee_basis="")) == [
        "fee.amount",
        "fee.basis",
    ]
    assert guides.missing_elements(with_(free=True, fee_amount="", fee_basis="")) == []


def test_relief_needs_both_periods() -> None:
    assert guides.missing_elements(with_(review_days=None)) == ["relief.review"]
    assert guides.missing_elements(with_(litigation_months=0)) == ["relief.litigation"]


def test_an_empty_guide_lists_every_element_in_order() -> None:
    missing = guides.missing_elements({})
    assert missing[:5] == ["name", "code", "kind", "authority", "legal_basis"]
    assert missing[-2:] == ["relief.review", "relief.litigation"]
    assert "fee.amount" in missing and "materials" in missing and "steps" in missing


def test_the_module_imports_no_django() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(guides.__file__).read_text(encoding="utf-8"))
    names = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [n for n in names if n.startswith(("django", "lantian"))]
