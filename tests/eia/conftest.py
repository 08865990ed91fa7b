"""EIA projects on China's 2026 calendar: Spring Festival 02-15..23 with make-up working
Saturdays 02-14 and 02-28; Mid-autumn 09-25, National Day 10-01..07 with make-up working
days Sunday 09-20 and Saturday 10-10. The sources app's enterprises are the builders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lantian.eia import services
from lantian.eia.models import Project
from tests.sources.conftest import POWER_PLANT, Plants, plants

__all__ = ["Plants", "plants"]

D = date.fromisoformat
# A valid code that is not on the enterprise register (GB 32100-2015 check characters).
OUTSIDER = "91320507MA1QQK7708"


def project(plants: Plants | None = None, **values: Any) -> Project:
    fields: dict[str, Any] = {
        "builder_name": "示范热电有限公司",
        "builder_credit_code": POWER_PLANT,
        "name": "示范热电2×350MW热电联产扩建项目",
        "address": "示范市示范区电厂路1号",
        "district": plants.power.district if plants else None,
        "latitude": Decimal("31.301000"),
        "longitude": Decimal("120.601000"),
        "industry_code": "4412",
        "industry_name": "热电联产",
        "category": Project.Category.REPORT_BOOK,
        "preparer": "示范环境科学研究院有限公司",
        "investment": Decimal("268000.00"),
        "accepted_on": D("2026-02-09"),
    }
    fields.update(values)
    return services.save_project(actor=None, **fields)
