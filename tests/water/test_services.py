"""Staff entry of sites and samples (validation naming the field, audited), and the
selectors: the sites' latest class, a site's series, the drinking sources' rates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.log_actions import registry

from lantian.water import selectors, services
from lantian.water.models import Site


def errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_the_water_body_follows_the_kind(sites) -> None:
    assert sites.river.water_body == "river"
    assert sites.lake.water_body == "lake"
    assert sites.source.water_body == "lake"
    assert sites.ground.water_body == ""
    changed = services.save_site(actor=None, site=sites.river, kind=Site.Kind.LAKE_RESERVOIR)
    assert changed.water_body == "lake"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "W01"}, "code"),
        ({"code": " "}, "code"),
        ({"name": ""}, "name"),
        ({"kind": "sea"}, "kind"),
        ({"kind": Site.Kind.RIVER_SECTION, "water_body": "lake"}, "water_body"),
        ({"target": "VI"}, "target"),
        ({"latitude": 91.0, "longitude": 120.0}, "latitude"),
        ({"latitude": 31.0, "longitude": None}, "longitude"),
        ({"kind": Site.Kind.RIVER_SECTION, "design_abstraction": 5.0}, "design_abstraction"),
        ({"design_abstraction": -1.0}, "design_abstraction"),
    ],
)
def test_site_validation_names_the_field(sites, fields, field) -> None:
    base = {
        "code": "S09",
        "name": "新水源地",
        "kind": Site.Kind.DRINKING_SURFACE,
        "target": "III",
    }
    assert field in errors(lambda: services.save_site(actor=None, **{**base, **fields}))


def test_site_changes_are_audited(sites, staff) -> None:
    from lantian.core.roles import Role

    actor = staff[Role.DATA_MANAGER]
    services.save_site(actor=actor, site=sites.river, name="示范河新桥断面")
    entry = registry.get_logs_for_instance(sites.river).order_by("-timestamp", "-pk").first()
    assert entry.action == "wagtail.edit" and entry.user == actor
    assert entry.data["changes"]["name"] == ["示范河大桥断面", "示范河新桥断面"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"values": {"lead": 0.1}}, "values"),
        ({"values": {"nh3_n": -0.1}}, "values"),
        ({"values": {"nh3_n": "0.1"}}, "values"),
        ({"values": {"ph": 15}}, "values"),
        ({"values": {"do": 6}, "detection_limits": {"hg": 0.0001}}, "detection_limits"),
        ({"values": {"do": 6}, "abstraction": 10.0}, "abstraction"),
        ({"values": {"do": 6}, "sampled_on": date(2025, 6, 3)}, "sampled_on"),
    ],
)
def test_sample_validation_names_the_field(sites, kwargs, field) -> None:
    services.save_sample(
        actor=None, site=sites.river, sampled_on=date(2025, 6, 3), values={"do": 7.0}
    )
    call = {"sampled_on": date(2025, 6, 4), **kwargs}
    found = errors(lambda: services.save_sample(actor=None, site=sites.river, **call))
    assert field in found


def test_staff_entry_is_audited_and_replaces_the_values(sites) -> None:
    sample = services.save_sample(
        actor=None, site=sites.source, sampled_on=date(2025, 6, 3), values={"nh3_n": 0.3}
    )
    assert sample.month == date(2025, 6, 1)
    sample = services.save_sample(
        actor=None,
        site=sites.source,
        sampled_on=date(2025, 6, 3),
        values={"nh3_n": 0.5, "hg": 0.00002},
        detection_limits={"hg": 0.00004},
        abstraction=250.0,
        sample=sample,
    )
    assert sample.values == {"nh3_n": 0.5, "hg": 0.00002}
    entries = registry.get_logs_for_instance(sample).order_by("timestamp", "pk")
    assert [e.action for e in entries] == ["wagtail.create", "wagtail.edit"]


def test_sites_with_latest_class(sites) -> None:
    for day, values in (
        (date(2025, 5, 6), {"nh3_n": 0.3, "do": 8.0}),
        (date(2025, 6, 3), {"nh3_n": 1.2, "do": 6.0, "tp": 0.15}),  # IV: NH3-N 1.2
    ):
        services.save_sample(actor=None, site=sites.river, sampled_on=day, values=values)
    # lake column: TP 0.03 is Class III on a lake, worse than the target II
    services.save_sample(
        actor=None, site=sites.lake, sampled_on=date(2025, 6, 4), values={"tp": 0.03}
    )
    services.save_sample(
        actor=None, site=sites.ground, sampled_on=date(2025, 6, 4), values={"nh3_n": 0.1}
    )
    found = {c.site.code: c for c in selectors.sites_with_latest()}
    assert found["W01"].sample.sampled_on == date(2025, 6, 3)
    assert (found["W01"].site_class, found["W01"].level_zh) == ("IV", "轻度污染")
    assert found["W01"].exceeding == ({"item": "nh3_n", "class": "IV", "multiple": 0.2},)
    assert found["W02"].site_class == "III"
    assert found["W02"].exceeding[0]["item"] == "tp"
    assert found["W02"].exceeding[0]["multiple"] == pytest.approx(0.2)  # (0.03-0.025)/0.025
    assert found["S01"].sample is None and found["S01"].site_class is None
    assert found["S02"].sample is not None and found["S02"].site_class is None  # groundwater


def test_monthly_series(sites) -> None:
    for month in (4, 5, 6, 7):
        services.save_sample(
            actor=None,
            site=sites.river,
            sampled_on=date(2025, month, 10),
            values={"codmn": 2.0 * month},  # 8 IV, 10 IV, 12 V, 14 V
        )
    series = selectors.monthly_series(sites.river, start=date(2025, 5, 20), end=date(2025, 6, 1))
    assert [(c.sample.sampled_on.month, c.site_class) for c in series] == [(5, "IV"), (6, "V")]


def test_drinking_compliance_for_a_month_and_a_year(sites) -> None:
    # June: S01 compliant (TP 0.05 on its lake column, Class III), abstraction 280;
    # S02 groundwater: not evaluated. July: S01 exceeds iron (0.45: multiple 0.5).
    services.save_sample(
        actor=None,
        site=sites.source,
        sampled_on=date(2025, 6, 3),
        values={"tp": 0.05, "iron": 0.1},
        abstraction=280.0,
    )
    services.save_sample(
        actor=None, site=sites.source, sampled_on=date(2025, 7, 2), values={"iron": 0.45}
    )
    services.save_sample(
        actor=None, site=sites.ground, sampled_on=date(2025, 6, 4), values={"nh3_n": 0.1}
    )
    june = selectors.drinking_compliance(year=2025, month=6)
    doc = june.as_json()
    assert doc["months"] == ["2025-06"]
    assert doc["rates"]["status"] == "partial"
    assert doc["rates"]["source_rate_percent"] == 100.0
    assert doc["rates"]["volume_evaluated"] == 280.0
    assert doc["rates"]["not_evaluated"] == [
        {"source": "S02", "month": "2025-06", "reason": "groundwater_standard_missing"}
    ]

    year = selectors.drinking_compliance(year=2025)
    rates = year.rates
    # two evaluated source-months (S01 June compliant at 280, July not at its designed 300)
    assert (rates.evaluated, rates.compliant, rates.expected) == (2, 1, 24)
    assert rates.source_rate == pytest.approx(0.5)
    assert rates.volume_rate == pytest.approx(280 / 580)
    july = next(m for m in year.source_months if m.source == "S01" and m.month.month == 7)
    assert july.compliant is False and july.volume == 300.0
    assert [(e.item, round(e.multiple or 0, 3)) for e in july.exceeding] == [("iron", 0.5)]
    assert year.monthly_rates[date(2025, 1, 1)].status == "no_data"
