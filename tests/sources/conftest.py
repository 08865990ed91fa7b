"""A coal-fired power plant (flue-gas outlet under GB 13223-2011) and a waste-water plant
(GB 18918-2002 class 1A) of the demo city, and a third enterprise with no outlet."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lantian.air.services import save_district
from lantian.sources import services
from lantian.sources.models import Enterprise, Outlet

POWER_PLANT = "91320500MA1XAB1265"
WWTP = "91320505MA1XCD3419"
OTHER = "91320506MA1YEF568B"
HEADER = "credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag\n"


@dataclass
class Plants:
    power: Enterprise
    stack: Outlet
    wwtp: Enterprise
    effluent: Outlet
    other: Enterprise


@pytest.fixture
def plants(db) -> Plants:
    district = save_district(actor=None, name="示范区", name_en="Shifan District")
    power = services.save_enterprise(
        actor=None,
        credit_code=POWER_PLANT,
        name="示范热电有限公司",
        address="示范市示范区电厂路1号",
        district=district,
        latitude="31.300000",
        longitude="120.600000",
        industry_code="4411",
        industry_name="火力发电",
        standards=["GB 13223-2011"],
    )
    stack = services.save_outlet(
        actor=None,
        enterprise=power,
        code="DA001",
        name="1号机组烟囱",
        kind="gas",
        standard="GB 13223-2011",
        profile={"unit_type": "coal_boiler", "built_on": "2013-05-01"},
        pollutants=["a21026", "a21002", "a34013"],
        permit_limits={"a21002": 80.0},
    )
    wwtp = services.save_enterprise(
        actor=None,
        credit_code=WWTP,
        name="示范市城东污水处理厂",
        address="示范市示范区东环路8号",
        district=district,
        industry_code="4620",
        industry_name="污水处理及其再生利用",
        standards=["GB 18918-2002"],
    )
    effluent = services.save_outlet(
        actor=None,
        enterprise=wwtp,
        code="DW001",
        name="总排口",
        kind="water",
        standard="GB 18918-2002",
        profile={"wwtp_class": "1A", "built_on": "2008-06-01"},
        pollutants=["w01018", "w21003"],
    )
    other = services.save_enterprise(
        actor=None,
        credit_code=OTHER,
        name="示范化工有限公司",
        address="示范市示范区化工园3号",
        district=district,
        industry_code="2614",
        industry_name="有机化学原料制造",
    )
    return Plants(power, stack, wwtp, effluent, other)
