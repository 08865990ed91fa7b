"""The standard catalogue: seeded once, idempotent, never overwriting an administrator."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lantian.core.roles import Role
from lantian.disclosure import catalogue as standard
from lantian.disclosure import services
from lantian.disclosure.models import Category

TOP_LEVEL = [
    "机构职能",
    "政策文件",
    "政策解读",
    "规划计划",
    "环境质量",
    "环评审批",
    "排污许可",
    "监督执法",
    "行政处罚",
    "应急管理",
    "财政资金",
    "人事信息",
    "建议提案办理",
    "工作动态",
    "通知公告",
    "新闻发布会",
    "政府信息公开工作年度报告",  # 条例 Art. 49-50
]


def test_the_standard_catalogue_is_seeded(catalogue: dict[str, Category]) -> None:
    tops = list(Category.objects.filter(parent__isnull=True).order_by("sort_order"))
    assert [c.name for c in tops] == TOP_LEVEL
    quality = catalogue["05"]
    assert [c.name for c in quality.children.order_by("sort_order")][:3] == [
        "空气质量",
        "水环境质量",
        "环境质量公报",
    ]
    assert [c.name for c in catalogue["06"].children.order_by("sort_order")][:3] == [
        "受理公示",
        "拟批准公示",
        "审批决定",
    ]
    assert {"处罚决定", "双随机抽查结果"} <= {c.name for c in catalogue["09"].children.all()}
    assert all(c.name_en and c.legal_basis for c in catalogue.values())
    assert catalogue["05.02"].department.code == "water"
    assert catalogue["09.01"].time_limit_days == 7
    assert catalogue["05.01"].time_limit_days == 20


def test_seeding_again_changes_nothing_and_keeps_edits(catalogue: dict[str, Category]) -> None:
    Category.objects.filter(code="05.01").update(name="大气环境质量", time_limit_days=10)
    Category.objects.filter(code="14").delete()
    result = services.ensure_catalogue(actor=None)
    assert result == {"created": 1, "linked": 0}
    edited = Category.objects.get(code="05.01")
    assert (edited.name, edited.time_limit_days) == ("大气环境质量", 10)
    assert Category.objects.get(code="14").name == "工作动态"
    assert services.ensure_catalogue(actor=None) == {"created": 0, "linked": 0}
    assert Category.objects.count() == len(standard.entries())


def test_owner_filled_once_its_department_exists_unless_edited(
    catalogue: dict[str, Category], staff: dict[Role, Any]
) -> None:
    from lantian.core import audit

    Category.objects.filter(code__in=["05.02", "05.03"]).update(department=None)
    audit.record(
        actor=staff[Role.ADMINISTRATOR],
        instance=Category.objects.get(code="05.03"),
        action="wagtail.edit",
        changes={"department": [8, None]},
    )
    assert services.ensure_catalogue(actor=None)["linked"] == 1
    assert Category.objects.get(code="05.02").department.code == "water"
    assert Category.objects.get(code="05.03").department is None


def test_administrators_maintain_the_catalogue(
    catalogue: dict[str, Category], client_as: Any
) -> None:
    url = reverse("disclosure_catalogue:list")
    assert client_as(Role.ADMINISTRATOR).get(url).status_code == 200
    assert client_as(Role.EDITOR).get(url).status_code in (302, 403)
    edit = reverse("disclosure_catalogue:edit", args=[catalogue["05.01"].pk])
    assert client_as(Role.ADMINISTRATOR).get(edit).status_code == 200


def test_item_listing_for_editors(catalogue: dict[str, Category], client_as: Any) -> None:
    response = client_as(Role.EDITOR).get(reverse("disclosure_items:list"))
    assert response.status_code == 200
