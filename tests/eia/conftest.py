"""EIA projects on China's 2026 calendar: Spring Festival 02-15..23 with make-up working
Saturdays 02-14 and 02-28; Mid-autumn 09-25, National Day 10-01..07 with make-up working
days Sunday 09-20 and Saturday 10-10. The sources app's enterprises are the builders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from lantian.eia import services
from lantian.eia.models import Project
from tests.sources.conftest import POWER_PLANT, WWTP, Plants, plants

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


@dataclass
class Record:
    book: Project
    form: Project
    hidden: Project


@pytest.fixture
def record(plants: Plants) -> Record:
    """A report book across the Spring Festival with a late decision notice, a report
    form in its acceptance notice, and a registered project without a notice (not
    public)."""
    book = project(plants)
    services.add_notice(
        actor=None,
        project=book,
        kind="acceptance",
        starts_on=D("2026-02-10"),
        ends_on=D("2026-02-28"),
    )
    services.add_notice(
        actor=None,
        project=book,
        kind="pre_approval",
        starts_on=D("2026-03-23"),
        ends_on=D("2026-03-27"),
    )
    services.record_decision(
        actor=None,
        project=book,
        decision="approved",
        decided_on=D("2026-03-31"),
        decision_number="示环审〔2026〕12号",
    )
    services.add_notice(  # decided 03-31: the 7th working day is 04-10 (Qingming 04-05 a Sunday)
        actor=None,
        project=book,
        kind="decision",
        starts_on=D("2026-04-20"),
        ends_on=D("2026-04-24"),
    )
    form = project(
        plants,
        builder_name="示范市城东污水处理厂",
        builder_credit_code=WWTP,
        name="城东污水处理厂提标改造工程",
        category="report_form",
        accepted_on=D("2025-10-20"),
    )
    services.add_notice(
        actor=None,
        project=form,
        kind="acceptance",
        starts_on=D("2025-10-21"),
        ends_on=D("2025-11-03"),
    )
    hidden = project(
        plants, builder_name="外来建材有限公司", builder_credit_code=OUTSIDER, name="尚未公示项目"
    )
    return Record(book, form, hidden)


def english() -> Client:
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    return client


def get(path: str, client: Client | None = None, **params: str) -> str:
    response = (client or english()).get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.content.decode()


@pytest.fixture
def division(demo: Any) -> dict[str, Any]:
    """A case handler and the head of the EIA division (环境影响评价与排放管理处)."""
    from lantian.core.roles import Role
    from tests.complaints.conftest import member

    return {
        "handler": member("eia-handler", "eia", Role.CASE_HANDLER, "周", "洁"),
        "head": member("eia-head", "eia", Role.DEPARTMENT_HEAD, "吴", "涛"),
    }
