"""Fixtures for the catalogue, services, workflow, timeliness and statistics tests:
items made through the services, files of each accepted type generated on the fly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantian.core.roles import Role
from lantian.disclosure import services
from lantian.disclosure.models import Category, DisclosureItem
from tests.core.sample_files import ELF, PE, docx_bytes, xlsx_bytes

__all__ = ["ELF", "PE", "docx_bytes", "xlsx_bytes"]  # (shared builders, imported by the tests)


@pytest.fixture
def catalogue(demo: Any) -> dict[str, Category]:
    services.ensure_catalogue(actor=None)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def make_item(staff: dict[Role, Any], catalogue: dict[str, Category]):
    from lantian.core.models import Department

    def make(
        title: str = "示范市2026年第三季度环境空气质量状况",
        *,
        actor: Any = None,
        category: str = "05.01",
        department: str = "monitoring",
        formed_on: date = date(2026, 9, 25),
        **fields: Any,
    ) -> DisclosureItem:
        return services.save_item(
            actor=staff[Role.EDITOR] if actor is None else actor,
            title=title,
            category=catalogue[category],
            department=Department.objects.get(code=department),
            formed_on=formed_on,
            summary=fields.pop("summary", "全市环境空气质量总体稳定。"),
            body=fields.pop("body", "<p>第三季度，全市环境空气质量优良天数比例为86.9%。</p>"),
            **fields,
        )

    return make


def pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>示范市生态环境局 test</p>").write_pdf()


def png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SCRIPT = b"#!/bin/sh\nrm -rf / --no-preserve-root\n"
