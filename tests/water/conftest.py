"""Water sites of the demo city: a river section, a reservoir, a surface drinking-water
source on a reservoir and a groundwater source."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lantian.air.services import save_district
from lantian.water import services
from lantian.water.models import Site


@dataclass
class Sites:
    river: Site
    lake: Site
    source: Site
    ground: Site


@pytest.fixture
def sites(db) -> Sites:
    district = save_district(actor=None, name="示范区", name_en="Shifan District")
    river = services.save_site(
        actor=None,
        code="W01",
        name="示范河大桥断面",
        name_en="Shifan River Bridge section",
        kind=Site.Kind.RIVER_SECTION,
        district=district,
        latitude=31.3,
        longitude=120.6,
        target="III",
    )
    lake = services.save_site(
        actor=None, code="W02", name="青湖湖心", kind=Site.Kind.LAKE_RESERVOIR, target="II"
    )
    source = services.save_site(
        actor=None,
        code="S01",
        name="青山水库水源地",
        kind=Site.Kind.DRINKING_SURFACE,
        water_body="lake",
        target="II",
        design_abstraction=300.0,
    )
    ground = services.save_site(
        actor=None,
        code="S02",
        name="东郊地下水水源地",
        kind=Site.Kind.DRINKING_GROUNDWATER,
        design_abstraction=40.0,
    )
    return Sites(river, lake, source, ground)
