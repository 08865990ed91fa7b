"""An approval item with a complete guide, written through the services; uploaded files
go to a temporary media folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantian.approvals import services
from lantian.approvals.models import ApprovalItem

GUIDE: dict[str, Any] = {
    "name": "建设项目环境影响报告表审批",
    "kind": "licensing",
    "authority": "示范市生态环境局",
    "legal_basis": [{"law": "《中华人民共和国环境影响评价法》", "article": "第二十二条"}],
    "conditions": "建设项目符合环境保护法律法规和相关法定规划。",
    "steps": [
        {"name": "申请", "description": "提交申请材料"},
        {"name": "受理", "description": "材料齐全的当场受理"},
        {"name": "决定", "description": "作出批准或者不予批准的决定"},
    ],
    "statutory_days": 30,
    "promised_days": 10,
    "free": True,
    "office_address": "示范市人民路100号政务服务中心三楼",
    "office_hours": "周一至周五 9:00—17:00",
    "phone": "0999-86601234",
    "online_url": "https://zwfw.sfs.demo.gov.cn/sthjj/",
    "consultation": "窗口咨询；电话 0999-86601234",
    "complaint": "法规与标准处 0999-86602345",
    "result_name": "建设项目环境影响报告表的批复",
    "validity": "五年",
    "review_days": 60,
    "litigation_months": 6,
}


def docx_bytes(text: str = "申请表") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx(name: str = "template.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")


def make_item(code: str = "T-XK-0001", *, materials: bool = True, **values: Any) -> ApprovalItem:
    item = services.create_item(actor=None, code=code, **{**GUIDE, **values})
    if materials:
        services.add_material(
            actor=None,
            item=item,
            name="建设项目环境影响报告表审批申请表",
            form="both",
            copies=1,
            original="original",
            fill_in=True,
            template=docx("template.docx"),
            sample=docx("sample.docx"),
        )
        services.add_material(
            actor=None,
            item=item,
            name="建设单位营业执照",
            form="paper",
            copies=1,
            original="copy",
        )
    return item


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def draft(db: Any) -> ApprovalItem:
    return make_item()


@pytest.fixture
def published(db: Any) -> ApprovalItem:
    return services.publish_item(actor=None, item=make_item("T-XK-0002", name="排污许可证核发"))
