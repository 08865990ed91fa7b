"""Emission limits from the standards' own tables: GB 13223-2011 Tables 1–2 and their dates,
GB 18918-2002 Table 1, GB 13271-2014, the ultra-low policy set, permit overrides."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from lantian.sources import limits
from lantian.sources.limits import OutletProfile, select_limit

SO2, NOX, PM, HG = "a21026", "a21002", "a34013", "a20057"
COD, NH3N, TP, PH = "w01018", "w21003", "w21011", "w01001"
DAY = timedelta(days=1)

NEW_COAL = OutletProfile(unit_type="coal_boiler", built_on=date(2013, 6, 1), province="37")
OLD_COAL = OutletProfile(unit_type="coal_boiler", built_on=date(2008, 6, 1), province="37")


def gb13223(profile, pollutant, instant, **kw):
    return select_limit(
        standard="GB 13223-2011", profile=profile, pollutant=pollutant, instant=instant, **kw
    )


def value(limit):
    return None if limit is None else limit.value


def test_data_is_well_formed():
    data = limits.entries()
    assert len({e["id"] for e in data}) == len(data)
    codes = set(limits.pollutants())
    for e in data:
        assert e["pollutant"] in codes
        assert e["averaging"] in ("hour", "day")
        assert e["source"].startswith(e["standard"]) or e["standard"] == "ULE-2015"
        assert isinstance(e["verified"], bool)
        if not e["verified"]:
            assert e["note"], e["id"]
        date.fromisoformat(e["effective_from"])
    assert limits.pollutants()[SO2]["name_zh"] == "二氧化硫"
    assert limits.pollutants()[COD]["unit"] == "mg/L"
    assert set(limits.standards()) == {
        "GB 13223-2011",
        "GB 18918-2002",
        "GB 13271-2014",
        "ULE-2015",
    }


def test_no_profile_is_ambiguous():
    """Every combination of facts chooses at most one entry (LookupError otherwise)."""
    days = [date(2013, 1, 1), date(2015, 6, 1), date(2017, 1, 1)]
    for standard in ("GB 13223-2011", "GB 13271-2014"):
        for ut, built, special, province, w_flame, cfb, size, day in itertools.product(
            limits.UNIT_TYPES,
            (None, date(2003, 1, 1), date(2010, 1, 1), date(2015, 1, 1)),
            (False, True),
            ("37", "51"),
            (False, True),
            (False, True),
            (None, "large"),
            days,
        ):
            profile = OutletProfile(
                unit_type=ut,
                built_on=built,
                special_limits=special,
                province=province,
                w_flame=w_flame,
                cfb=cfb,
                boiler_size=size,
            )
            for pollutant in (SO2, NOX, PM, HG):
                select_limit(
                    standard=standard,
                    profile=profile,
                    pollutant=pollutant,
                    instant=day,
                    ultra_low=True,
                )
    for cls, built in itertools.product(
        limits.WWTP_CLASSES, (None, date(2005, 12, 31), date(2006, 1, 1))
    ):
        for pollutant in limits.pollutants():
            select_limit(
                standard="GB 18918-2002",
                profile=OutletProfile(wwtp_class=cls, built_on=built),
                pollutant=pollutant,
                instant=date(2020, 1, 1),
            )


# ------------------------------------------------------------------ GB 13223-2011 Table 1


def test_new_coal_boiler_from_2012_01_01():
    assert gb13223(NEW_COAL, SO2, date(2011, 12, 31)) is None
    limit = gb13223(NEW_COAL, SO2, date(2012, 1, 1))
    assert (limit.value, limit.unit, limit.reference_o2, limit.averaging) == (
        100,
        "mg/m³",
        6,
        "hour",
    )
    assert limit.source == "GB 13223-2011 表1" and limit.policy == "standard" and limit.verified
    assert value(gb13223(NEW_COAL, NOX, date(2012, 1, 1))) == 100
    assert value(gb13223(NEW_COAL, PM, date(2012, 1, 1))) == 30


def test_existing_coal_boiler_only_from_2014_07_01():
    for pollutant in (SO2, NOX, PM):
        assert gb13223(OLD_COAL, pollutant, date(2014, 6, 30)) is None
    assert value(gb13223(OLD_COAL, SO2, date(2014, 7, 1))) == 200
    assert value(gb13223(OLD_COAL, NOX, date(2014, 7, 1))) == 100
    assert value(gb13223(OLD_COAL, PM, date(2014, 7, 1))) == 30


def test_new_or_existing_by_approval_date():
    on = OutletProfile(unit_type="coal_boiler", built_on=date(2012, 1, 1))
    before = OutletProfile(unit_type="coal_boiler", built_on=date(2011, 12, 31))
    unknown = OutletProfile(unit_type="coal_boiler")
    assert value(gb13223(on, SO2, date(2015, 1, 1))) == 100
    assert value(gb13223(before, SO2, date(2015, 1, 1))) == 200
    assert value(gb13223(unknown, SO2, date(2015, 1, 1))) == 200  # unknown counts as existing


def test_mercury_from_2015_01_01():
    assert gb13223(NEW_COAL, HG, date(2014, 12, 31)) is None
    assert value(gb13223(NEW_COAL, HG, date(2015, 1, 1))) == 0.03
    assert value(gb13223(OLD_COAL, HG, date(2015, 1, 1))) == 0.03
    gas = OutletProfile(unit_type="gas_turbine", built_on=date(2015, 1, 1))
    assert gb13223(gas, HG, date(2016, 1, 1)) is None


@pytest.mark.parametrize("province", ["45", "50", "51", "52", "510100"])
def test_southwest_so2_200_and_400(province):
    new = OutletProfile(unit_type="coal_boiler", built_on=date(2013, 1, 1), province=province)
    old = OutletProfile(unit_type="coal_boiler", built_on=date(2009, 1, 1), province=province)
    assert value(gb13223(new, SO2, date(2015, 1, 1))) == 200
    assert value(gb13223(old, SO2, date(2015, 1, 1))) == 400


def test_nox_200_for_w_flame_existing_cfb_and_pre_2004_boilers():
    day = date(2015, 1, 1)
    assert (
        value(
            gb13223(
                OutletProfile(unit_type="coal_boiler", built_on=date(2013, 1, 1), w_flame=True),
                NOX,
                day,
            )
        )
        == 200
    )
    assert (
        value(
            gb13223(
                OutletProfile(unit_type="coal_boiler", built_on=date(2008, 1, 1), cfb=True),
                NOX,
                day,
            )
        )
        == 200
    )
    # a new CFB boiler is not relaxed
    assert (
        value(
            gb13223(
                OutletProfile(unit_type="coal_boiler", built_on=date(2013, 1, 1), cfb=True),
                NOX,
                day,
            )
        )
        == 100
    )
    assert (
        value(
            gb13223(OutletProfile(unit_type="coal_boiler", built_on=date(2003, 12, 31)), NOX, day)
        )
        == 200
    )
    assert (
        value(gb13223(OutletProfile(unit_type="coal_boiler", built_on=date(2004, 1, 1)), NOX, day))
        == 100
    )


@pytest.mark.parametrize(
    ("unit_type", "pm", "so2_new", "so2_old", "nox_new", "nox_old", "o2"),
    [
        ("oil_boiler", 30, 100, 200, 100, 200, 3),
        ("oil_turbine", 30, 100, 200, 120, 120, 15),
        ("gas_boiler", 5, 35, 35, 100, 100, 3),
        ("other_gas_boiler", 10, 100, 100, 200, 200, 3),
        ("gas_turbine", 5, 35, 35, 50, 50, 15),
        ("other_gas_turbine", 10, 100, 100, 120, 120, 15),
    ],
)
def test_oil_and_gas_rows(unit_type, pm, so2_new, so2_old, nox_new, nox_old, o2):
    new = OutletProfile(unit_type=unit_type, built_on=date(2014, 1, 1))
    old = OutletProfile(unit_type=unit_type, built_on=date(2010, 1, 1))
    day = date(2016, 1, 1)
    assert value(gb13223(new, PM, day)) == pm == value(gb13223(old, PM, day))
    assert value(gb13223(new, SO2, day)) == so2_new
    assert value(gb13223(old, SO2, day)) == so2_old
    assert value(gb13223(new, NOX, day)) == nox_new
    assert value(gb13223(old, NOX, day)) == nox_old
    assert gb13223(new, SO2, day).reference_o2 == o2


# ------------------------------------------------------------------ Table 2 special limits


def test_special_limits_table_2():
    special = OutletProfile(
        unit_type="coal_boiler",
        built_on=date(2013, 1, 1),
        special_limits=True,
        province="51",
        w_flame=True,
    )
    day = date(2016, 1, 1)
    limit = gb13223(special, SO2, day)
    assert (limit.value, limit.source) == (50, "GB 13223-2011 表2")
    assert value(gb13223(special, PM, day)) == 20
    assert value(gb13223(special, NOX, day)) == 100  # no W-flame relaxation in Table 2
    assert value(gb13223(special, HG, day)) == 0.03
    turbine = OutletProfile(unit_type="gas_turbine", built_on=date(2013, 1, 1), special_limits=True)
    assert value(gb13223(turbine, NOX, day)) == 50


def test_special_limits_from_the_regions_date():
    profile = OutletProfile(
        unit_type="coal_boiler",
        built_on=date(2013, 1, 1),
        special_limits=True,
        special_limits_from=date(2014, 7, 1),
    )
    assert value(gb13223(profile, SO2, date(2014, 6, 30))) == 100
    assert value(gb13223(profile, SO2, date(2014, 7, 1))) == 50


# ------------------------------------------------------------------ ultra-low, permit


def test_ultra_low_replaces_when_stricter_and_opted_in():
    day = date(2016, 1, 1)
    assert value(gb13223(NEW_COAL, SO2, day)) == 100
    ule = gb13223(NEW_COAL, SO2, day, ultra_low=True)
    assert (ule.value, ule.policy, ule.reference_o2) == (35, "ultra_low", 6)
    assert "超低排放" in ule.source
    assert value(gb13223(NEW_COAL, NOX, day, ultra_low=True)) == 50
    assert value(gb13223(NEW_COAL, PM, day, ultra_low=True)) == 10
    # mercury has no ultra-low target; gas turbines are not covered
    assert gb13223(NEW_COAL, HG, day, ultra_low=True).policy == "standard"
    gas = OutletProfile(unit_type="gas_turbine", built_on=date(2014, 1, 1))
    assert gb13223(gas, SO2, day, ultra_low=True).policy == "standard"
    # not under GB 13271 (industrial boilers, another reference O2)
    boiler = OutletProfile(unit_type="coal_boiler", built_on=date(2015, 1, 1))
    limit = select_limit(
        standard="GB 13271-2014", profile=boiler, pollutant=SO2, instant=day, ultra_low=True
    )
    assert limit.policy == "standard"


def test_permit_overrides_only_when_stricter():
    day = date(2016, 1, 1)
    stricter = gb13223(NEW_COAL, SO2, day, permit_limit=80)
    assert (stricter.value, stricter.policy, stricter.source) == (80, "permit", "排污许可证")
    assert stricter.reference_o2 == 6 and stricter.averaging == "hour"
    assert gb13223(NEW_COAL, SO2, day, permit_limit=100).policy == "standard"  # equal: not stricter
    assert gb13223(NEW_COAL, SO2, day, permit_limit=150).value == 100
    # with ultra-low: the permit must beat 35
    assert gb13223(NEW_COAL, SO2, day, ultra_low=True, permit_limit=50).value == 35
    assert gb13223(NEW_COAL, SO2, day, ultra_low=True, permit_limit=30).policy == "permit"


def test_permit_alone_when_the_standard_has_no_limit_that_day():
    limit = gb13223(OLD_COAL, SO2, date(2013, 1, 1), permit_limit=400)
    assert (limit.value, limit.policy, limit.unit) == (400, "permit", "mg/m³")


def test_unknown_standard():
    with pytest.raises(KeyError):
        select_limit(standard="GB 0000", profile=NEW_COAL, pollutant=SO2, instant=date(2020, 1, 1))


# ------------------------------------------------------------------ GB 18918-2002


def gb18918(cls, pollutant, built_on=None, **kw):
    return select_limit(
        standard="GB 18918-2002",
        profile=OutletProfile(wwtp_class=cls, built_on=built_on),
        pollutant=pollutant,
        instant=date(2020, 1, 1),
        **kw,
    )


@pytest.mark.parametrize(
    ("pollutant", "values"),
    [
        ("w01018", (50, 60, 100, 120)),
        ("w01017", (10, 20, 30, 60)),
        ("w01012", (10, 20, 30, 50)),
        ("x-animal-vegetable-oil", (1, 3, 5, 20)),
        ("w22001", (1, 3, 5, 15)),
        ("w19002", (0.5, 1, 2, 5)),
        ("w21001", (15, 20, None, None)),
        ("w21003", (5, 8, 25, None)),
        ("w02003", (1000, 10000, 10000, None)),
    ],
)
def test_gb18918_table_1(pollutant, values):
    for cls, expected in zip(limits.WWTP_CLASSES, values, strict=True):
        limit = gb18918(cls, pollutant)
        assert value(limit) == expected
        if limit is not None:
            assert limit.averaging == "day" and limit.reference_o2 is None
            assert limit.source == "GB 18918-2002 表1"


def test_ammonia_cold_water_value():
    assert [value(gb18918(c, NH3N, cold_water=True)) for c in ("1A", "1B", "2")] == [8, 15, 30]
    assert gb18918("1A", NH3N).value_cold == 8


def test_total_phosphorus_by_construction_date():
    assert [value(gb18918(c, TP, date(2005, 12, 31))) for c in limits.WWTP_CLASSES] == [
        1,
        1.5,
        3,
        5,
    ]
    assert [value(gb18918(c, TP, date(2006, 1, 1))) for c in limits.WWTP_CLASSES] == [0.5, 1, 3, 5]
    assert value(gb18918("1B", TP)) == 1.5  # unknown date: the earlier (laxer) row


def test_ph_range():
    limit = gb18918("1A", PH)
    assert (limit.minimum, limit.value) == (6, 9)
    assert gb18918("1A", PH, permit_limit=8).policy == "standard"  # a range takes no override


def test_gb18918_in_force_date():
    profile = OutletProfile(wwtp_class="1A")
    assert (
        select_limit(
            standard="GB 18918-2002", profile=profile, pollutant=COD, instant=date(2003, 6, 30)
        )
        is None
    )
    assert (
        select_limit(
            standard="GB 18918-2002", profile=profile, pollutant=COD, instant=date(2003, 7, 1)
        ).value
        == 50
    )


# ------------------------------------------------------------------ GB 13271-2014


def gb13271(profile, pollutant, instant):
    return select_limit(
        standard="GB 13271-2014", profile=profile, pollutant=pollutant, instant=instant
    )


def test_gb13271_new_and_in_service_boilers():
    new = OutletProfile(unit_type="coal_boiler", built_on=date(2014, 7, 1))
    large = OutletProfile(unit_type="coal_boiler", built_on=date(2010, 1, 1), boiler_size="large")
    small = OutletProfile(unit_type="coal_boiler", built_on=date(2010, 1, 1))
    assert gb13271(new, PM, date(2014, 6, 30)) is None
    limit = gb13271(new, PM, date(2014, 7, 1))
    assert (limit.value, limit.reference_o2, limit.verified) == (50, 9, False)
    assert gb13271(large, PM, date(2015, 9, 30)) is None
    assert value(gb13271(large, PM, date(2015, 10, 1))) == 80
    assert gb13271(small, PM, date(2016, 6, 30)) is None
    assert value(gb13271(small, SO2, date(2016, 7, 1))) == 400
    gas = OutletProfile(unit_type="gas_boiler", built_on=date(2015, 1, 1))
    assert gb13271(gas, NOX, date(2016, 1, 1)).reference_o2 == 3.5


def test_profile_from_mapping():
    profile = OutletProfile.from_mapping(
        {"unit_type": "coal_boiler", "built_on": "2013-06-01", "special_limits": True}
    )
    assert profile.built_on == date(2013, 6, 1) and profile.special_limits
    with pytest.raises(ValueError):
        OutletProfile.from_mapping({"fuel": "coal"})
    with pytest.raises(ValueError):
        OutletProfile.from_mapping({"unit_type": "coal"})


def test_day_before_and_after_each_effective_date_of_the_data():
    """Each entry's effective_from is the first day its value can be chosen."""
    seen = 0
    for e in limits.entries("GB 13223-2011"):
        if (
            e["applies"].get("region") != "general"
            or e["applies"].get("province_group") == "southwest"
        ):
            continue
        start = date.fromisoformat(e["effective_from"])
        built = date(2013, 1, 1) if e["applies"]["status"] == "new" else date(2008, 1, 1)
        variant = e["applies"].get("nox_variant")
        profile = OutletProfile(
            unit_type=e["applies"]["unit_type"], built_on=built, w_flame=variant == "relaxed"
        )
        assert gb13223(profile, e["pollutant"], start - DAY) is None or start == date(2015, 1, 1)
        assert gb13223(profile, e["pollutant"], start).value == e["value"]
        seen += 1
    assert seen > 40
