"""The credit rating engine against 环发〔2013〕150号 and its scoring annex (bands 80–100 /
50–79 / 0–49; 达标排放 band edges 90 / 75 / 50 %), with the Anhui thresholds 95 / 80 / 60
as the presets' documented default, and the Jiangsu preset's black level."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from lantian.enforcement import rating
from lantian.enforcement.rating import IndicatorClass, IndicatorInput, load_scheme, rate


def everything(scheme: rating.RatingScheme, score: Any) -> dict[str, IndicatorInput]:
    return {indicator.code: IndicatorInput(score=score) for indicator in scheme.indicators}


def national_dict() -> dict[str, Any]:
    data = json.loads(rating.PRESETS.read_text(encoding="utf-8"))
    return {"name": "test", **copy.deepcopy(data["national"])}


# --------------------------------------------------------------------------- presets


def test_both_presets_load() -> None:
    assert set(rating.scheme_names()) == {"national", "jiangsu"}
    national, jiangsu = load_scheme("national"), load_scheme("jiangsu")
    assert [level.name_zh for level in national.levels] == [
        "环保诚信企业",
        "环保良好企业",
        "环保警示企业",
        "环保不良企业",
    ]
    assert [level.color_en for level in national.levels] == ["green", "blue", "yellow", "red"]
    assert [level.color_en for level in jiangsu.levels] == [
        "green",
        "blue",
        "yellow",
        "red",
        "black",
    ]
    assert jiangsu.level("black").min_score is None  # only a veto gives black
    for scheme in (national, jiangsu):
        assert len(scheme.indicators) == 21
        assert sum(i.weight for i in scheme.indicators) == 1
        assert {i.indicator_class for i in scheme.indicators} == set(IndicatorClass)
        assert not scheme.thresholds_verified


def test_verified_weights_carried_from_the_annex() -> None:
    scheme = load_scheme("national")
    verified = {i.code: i.weight for i in scheme.indicators if i.verified}
    assert verified == {
        "compliant_discharge": Decimal("0.15"),
        "general_solid_waste": Decimal("0.05"),
        "hazardous_waste": Decimal("0.05"),
        "noise": Decimal("0.04"),
        "siting_ecology": Decimal("0.02"),
        "penalties_orders": Decimal("0.15"),
        "risk_management": Decimal("0.10"),
    }
    by_class: dict[IndicatorClass, Decimal] = {}
    for i in scheme.indicators:
        by_class[i.indicator_class] = by_class.get(i.indicator_class, Decimal(0)) + i.weight
    # Guangzhou's split of the same 21 indicators (29 / 5 / 54 / 12 %).
    assert by_class == {
        IndicatorClass.POLLUTION_CONTROL: Decimal("0.29"),
        IndicatorClass.ECOLOGICAL_PROTECTION: Decimal("0.05"),
        IndicatorClass.ENVIRONMENTAL_MANAGEMENT: Decimal("0.54"),
        IndicatorClass.SOCIAL_SUPERVISION: Decimal("0.12"),
    }


def test_unknown_preset() -> None:
    with pytest.raises(KeyError, match="guangdong"):
        load_scheme("guangdong")


# --------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize("name", ["national", "jiangsu"])
@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("100", "green"),
        ("95", "green"),
        ("94.9", "blue"),
        ("80", "blue"),
        ("79.9", "yellow"),
        ("60", "yellow"),
        ("59.9", "red"),
        ("0", "red"),
        # Half up to one decimal, then the level: 94.95 is published as 95.0, green.
        ("94.95", "green"),
        ("94.94", "blue"),
        ("79.95", "blue"),
        ("59.949", "red"),
    ],
)
def test_thresholds_at_their_edges(name: str, score: str, level: str) -> None:
    scheme = load_scheme(name)
    result = rate(scheme, everything(scheme, Decimal(score)))
    assert result.complete
    assert result.raw_score == Decimal(score)
    assert result.score == Decimal(score).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    assert result.level is not None and result.level.code == level
    assert result.score_level == result.level
    assert result.veto is None


def test_weighted_total_and_inputs_shown() -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    inputs["penalties_orders"] = IndicatorInput(score=0, source="处罚决定书 示环罚〔2026〕12号")
    inputs["compliant_discharge"] = IndicatorInput(measured=82.5, source="2026 监督性监测")
    result = rate(scheme, inputs)
    # 0.15 × 0 + 0.15 × (50 + (82.5 − 75) / 15 × 29 = 64.5) + 0.70 × 100
    assert result.raw_score == Decimal("79.675")
    assert result.score == Decimal("79.7")
    assert result.level is not None and result.level.name_zh == "环保警示企业"
    shown = {c.code: c for c in result.contributions}
    assert shown["penalties_orders"].given.source == "处罚决定书 示环罚〔2026〕12号"
    assert shown["penalties_orders"].points == 0
    assert shown["penalties_orders"].band == 3
    assert shown["compliant_discharge"].measured
    assert shown["compliant_discharge"].score == Decimal("64.5")
    assert shown["compliant_discharge"].band == 2
    assert len(result.contributions) == 21
    assert sum(result.class_points.values()) == result.raw_score
    assert result.class_points[IndicatorClass.POLLUTION_CONTROL] == Decimal("23.675")


# --------------------------------------------------------------------------- vetoes


@pytest.mark.parametrize(
    ("name", "veto", "level"),
    [
        ("national", "major_incident", "red"),
        ("national", "environmental_crime", "red"),
        ("national", "built_without_approval", "red"),
        ("jiangsu", "major_incident", "black"),
        ("jiangsu", "evasive_discharge", "black"),
        ("jiangsu", "built_without_approval", "red"),
    ],
)
def test_a_veto_forces_its_level_whatever_the_score(name: str, veto: str, level: str) -> None:
    scheme = load_scheme(name)
    result = rate(scheme, everything(scheme, 100), vetoes=[veto])
    assert result.score == 100
    assert result.score_level is not None and result.score_level.code == "green"
    assert result.level is not None and result.level.code == level
    assert result.veto is not None and result.veto.code == veto


def test_the_worst_veto_decides() -> None:
    scheme = load_scheme("jiangsu")
    result = rate(
        scheme, everything(scheme, 100), vetoes=["built_without_approval", "environmental_crime"]
    )
    assert result.level is not None and result.level.name_zh == "环保严重失信企业"
    assert result.veto is not None and result.veto.code == "environmental_crime"
    assert [v.code for v in result.vetoes] == ["built_without_approval", "environmental_crime"]


def test_unknown_veto_is_refused() -> None:
    scheme = load_scheme("national")
    with pytest.raises(ValueError, match="unknown veto arson"):
        rate(scheme, everything(scheme, 100), vetoes=["arson"])


# --------------------------------------------------------------------------- missing input


def test_missing_indicators_refuse_a_score() -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    del inputs["noise"], inputs["public_complaints"]
    result = rate(scheme, inputs)
    assert not result.complete
    assert result.missing == ("noise", "public_complaints")
    assert result.score is None and result.raw_score is None
    assert result.level is None and result.score_level is None
    assert len(result.contributions) == 19  # what was given is still shown


def test_a_veto_still_rates_an_incomplete_record() -> None:
    scheme = load_scheme("national")
    result = rate(scheme, {}, vetoes=["major_incident"])
    assert not result.complete and result.score is None
    assert result.level is not None and result.level.code == "red"
    assert len(result.missing) == 21


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (IndicatorInput(), "either a score or a measured value"),
        (IndicatorInput(score=90, measured=95), "either a score or a measured value"),
        (IndicatorInput(score=101), "not within 0–100"),
        (IndicatorInput(score=-1), "not within 0–100"),
        (IndicatorInput(score=70, band=1), "lies in band 2, not band 1"),
        (IndicatorInput(measured=120), "outside the rule"),
        (IndicatorInput(score="many"), "not a number"),
    ],
)
def test_bad_input_names_the_indicator(given: IndicatorInput, message: str) -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    inputs["compliant_discharge"] = given
    with pytest.raises(ValueError, match="compliant_discharge") as error:
        rate(scheme, inputs)
    assert message in str(error.value)


def test_measured_value_needs_a_rule() -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    inputs["hazardous_waste"] = IndicatorInput(measured=1)
    with pytest.raises(ValueError, match="hazardous_waste: has no rule"):
        rate(scheme, inputs)


def test_unknown_indicator_is_refused() -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    inputs["karma"] = IndicatorInput(score=100)
    with pytest.raises(ValueError, match="unknown indicators karma"):
        rate(scheme, inputs)


def test_staff_band_agrees_with_score() -> None:
    scheme = load_scheme("national")
    inputs = everything(scheme, 100)
    inputs["hazardous_waste"] = IndicatorInput(score="79.5", band=2)  # between the bands
    result = rate(scheme, inputs)
    assert {c.code: c.band for c in result.contributions}["hazardous_waste"] == 2


# --------------------------------------------------------------------------- measured rules


@pytest.mark.parametrize(
    ("rate_percent", "band", "score"),
    [
        ("100", 1, "100"),
        ("95", 1, "90"),
        ("90", 1, "80"),  # every outlet at 90 % or more: band 1 (含90%)
        ("89.9", 2, "78.81"),
        ("75", 2, "50"),  # 75 % belongs to band 2 (含75%)
        ("74.9", 3, "48.80"),
        ("50", 3, "0"),
        ("49.9", 3, "0"),  # below 50 %: 0 points
        ("0", 3, "0.00"),
    ],
)
def test_compliant_discharge_band_edges(rate_percent: str, band: int, score: str) -> None:
    indicator = load_scheme("national").indicator("compliant_discharge")
    assert indicator.measure is not None
    converted = indicator.measure.convert(Decimal(rate_percent))
    assert converted is not None
    points, got_band = converted
    assert got_band == band
    assert points.quantize(Decimal("0.01")) == Decimal(score)


@pytest.mark.parametrize(
    ("over", "band", "score"),
    [
        ("-3", 1, "100"),
        ("0", 1, "100"),
        ("0.1", 2, "78.42"),
        ("5", 2, "50"),
        ("5.5", 3, "46.55"),
        ("15", 3, "0"),
        ("40", 3, "0"),
    ],
)
def test_noise_band_edges(over: str, band: int, score: str) -> None:
    indicator = load_scheme("national").indicator("noise")
    assert indicator.measure is not None
    assert indicator.measure.convert(Decimal(over)) == (Decimal(score), band)


@pytest.mark.parametrize(("value", "band"), [("95", 1), ("94.99", 2), ("80", 2), ("79.99", 3)])
def test_general_solid_waste_band_edges(value: str, band: int) -> None:
    indicator = load_scheme("national").indicator("general_solid_waste")
    assert indicator.measure is not None
    converted = indicator.measure.convert(Decimal(value))
    assert converted is not None and converted[1] == band


# --------------------------------------------------------------------------- validation


def test_a_valid_dict_builds() -> None:
    scheme = rating.scheme_from_dict(national_dict())
    assert scheme.name == "test"
    assert scheme.level_for_score(95).code == "green"


def test_weights_must_add_up_to_one() -> None:
    d = national_dict()
    d["indicators"][0]["weight"] = 0.14
    with pytest.raises(ValueError, match=r"test: indicators\.weight: the weights add up to 0\.99"):
        rating.scheme_from_dict(d)


def test_weights_within_tolerance_are_accepted() -> None:
    d = national_dict()
    d["indicators"][0]["weight"] = 0.15 + 1e-10
    rating.scheme_from_dict(d)


def test_float_weights_sum_exactly() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floats; the engine adds decimals.
    d = national_dict()
    d["indicators"] = d["indicators"][:2]
    d["indicators"][0]["weight"], d["indicators"][1]["weight"] = 0.1, 0.9
    rating.scheme_from_dict(d)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["indicators"][2].update(weight=0), r"indicators\[2\]\.weight"),
        (lambda d: d["indicators"][2].update(weight="x"), r"indicators\[2\]\.weight: 'x' is not"),
        (lambda d: d["indicators"][3].update({"class": "karma"}), r"indicators\[3\]\.class"),
        (
            lambda d: d["indicators"][4].update(code="noise"),
            r"indicators\.code: repeated codes: noise",
        ),
        (lambda d: d["levels"][1].update(color_hex="blue"), r"levels\[1\]\.color_hex"),
        (lambda d: d["levels"][1].update(color_hex="#12345G"), r"levels\[1\]\.color_hex"),
        (lambda d: d["levels"][1].update(min_score=96), r"levels\[1\]\.min_score: 96 is not below"),
        (lambda d: d["levels"][2].update(min_score=80), r"levels\[2\]\.min_score: 80 is not below"),
        (
            lambda d: d["levels"][3].update(min_score=10),
            r"levels\[3\]\.min_score: the worst scored",
        ),
        (lambda d: d["levels"][0].update(min_score=None), r"levels\[1\]\.min_score: levels only"),
        (lambda d: d["levels"][0].update(name_zh=""), r"levels\[0\]\.name_zh"),
        (lambda d: d["vetoes"][0].update(level="purple"), r"vetoes\[0\]\.level: 'purple'"),
        (lambda d: d.update(levels=[]), r"levels: at least one"),
        (lambda d: d.update(indicators=None), r"indicators: a list is needed"),
        (
            lambda d: d["indicators"][0]["measure"]["segments"][0].update(score_at_low=70),
            r"indicators\[0\]\.measure\.segments\[0\]: score 70 is outside band 1",
        ),
        (lambda d: d.update(name=""), r"^name: a scheme needs a name"),
    ],
)
def test_validation_names_the_field(change: Any, message: str) -> None:
    d = national_dict()
    change(d)
    with pytest.raises(ValueError, match=message):
        rating.scheme_from_dict(d)
