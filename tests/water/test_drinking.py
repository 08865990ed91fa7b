"""Drinking-water-source compliance (GB 3838-2002 Table 1 Class III + Table 2) and the
rates, with hand-computed examples at the limits."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from lantian.water import drinking

JUNE = date(2025, 6, 1)


def one(values: dict[str, float | None], water_body: str = "river", groundwater: bool = False):
    checks = drinking.check_many(
        {k: [v] for k, v in values.items()}, np.array([water_body], dtype=object), [groundwater]
    )
    return bool(checks.evaluated[0]), bool(checks.compliant[0]), checks.exceeding(0)


@pytest.mark.parametrize(
    ("values", "water_body", "compliant"),
    [
        ({"nh3_n": 1.0}, "river", True),  # equal to the Class III limit is in Class III
        ({"nh3_n": 1.01}, "river", False),
        ({"do": 5.0}, "river", True),  # DO: at least 5
        ({"do": 4.99}, "river", False),
        ({"ph": 9.0}, "river", True),
        ({"ph": 9.1}, "river", False),
        ({"ph": 5.9}, "river", False),
        ({"tp": 0.05}, "lake", True),  # lake/reservoir column: Class III 0.05
        ({"tp": 0.06}, "lake", False),
        ({"tp": 0.06}, "river", True),  # river column: Class III 0.2
        ({"iron": 0.3}, "river", True),  # Table 2 limit 0.3
        ({"iron": 0.31}, "river", False),
        ({"manganese": 0.1, "sulfate": 250, "chloride": 250, "nitrate": 10}, "river", True),
        ({"nitrate": 10.5}, "river", False),
        # reported apart: faecal coliform and total nitrogen do not decide compliance
        ({"fecal_coliform": 50000, "tn": 5.0, "nh3_n": 0.2}, "river", True),
        ({"hg": 0.0001}, "river", True),
        ({"hg": 0.00011}, "river", False),
    ],
)
def test_compliance_at_the_limits(values, water_body, compliant) -> None:
    evaluated, ok, _ = one(values, water_body)
    assert evaluated is True
    assert ok is compliant


def test_exceeding_items_with_multiples_largest_first() -> None:
    evaluated, ok, found = one({"nh3_n": 1.5, "iron": 0.39, "do": 4.0, "codmn": 5.0})
    assert (evaluated, ok) == (True, False)
    # NH3-N (1.5 - 1.0) / 1.0 = 0.5; iron (0.39 - 0.3) / 0.3 = 0.3; DO has no multiple
    assert [e.item for e in found] == ["nh3_n", "iron", "do"]
    assert found[0].multiple == pytest.approx(0.5) and found[0].limit == 1.0
    assert found[1].multiple == pytest.approx(0.3) and found[1].limit == 0.3
    assert found[2].multiple is None and found[2].limit == 5.0


def test_lake_tp_multiple_against_the_lake_column() -> None:
    _, _, found = one({"tp": 0.06}, "lake")
    assert found[0].limit == 0.05 and found[0].multiple == pytest.approx(0.2)


def test_not_evaluated_without_a_counting_item_or_for_groundwater() -> None:
    assert one({"temperature": 20.0, "tn": 3.0})[:2] == (False, False)
    assert one({"nh3_n": None})[:2] == (False, False)
    assert one({"nh3_n": 3.0}, groundwater=True)[:2] == (False, False)


def test_unknown_and_negative_items_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown item 'lead'"):
        drinking.check_many({"lead": [0.1]})
    with pytest.raises(ValueError, match="iron: cannot be negative"):
        drinking.check_many({"iron": [-0.1]})


def _month(source: str, values: list[dict[str, float]], volume: float | None, **kw):
    if not values:
        return drinking.source_month(source, JUNE, None, [], volume, **kw)
    items = sorted({k for v in values for k in v})
    checks = drinking.check_many(
        {k: [v.get(k, np.nan) for v in values] for k in items},
        "river",
        kw.get("groundwater", False),
    )
    return drinking.source_month(source, JUNE, checks, list(range(len(values))), volume, **kw)


def test_a_month_complies_only_when_every_sample_does_and_keeps_the_worst_multiple() -> None:
    month = _month("A", [{"nh3_n": 1.2}, {"nh3_n": 0.5}, {"nh3_n": 1.8}], 10.0)
    assert month.evaluated and month.compliant is False and month.samples == 3
    assert [(e.item, round(e.multiple or 0, 3)) for e in month.exceeding] == [("nh3_n", 0.8)]


def test_month_rates_hand_computed() -> None:
    months = [
        _month("A", [{"nh3_n": 0.5}], 100.0),
        _month("B", [{"iron": 0.3}], 50.0),
        _month("C", [{"iron": 0.6}], 30.0),
        _month("D", [], 20.0),  # no sample: not evaluated, never compliant
    ]
    rates = drinking.rates(months)
    assert (rates.expected, rates.evaluated, rates.compliant) == (4, 3, 2)
    assert rates.source_rate == pytest.approx(2 / 3)
    assert (rates.volume_compliant, rates.volume_evaluated) == (150.0, 180.0)
    assert rates.volume_rate == pytest.approx(150 / 180)
    assert rates.status == "partial"
    doc = rates.as_json()
    assert doc["source_rate_percent"] == 66.7 and doc["volume_rate_percent"] == 83.3
    assert doc["not_evaluated"] == [{"source": "D", "month": "2025-06", "reason": "no_sample"}]


def test_all_compliant_is_complete_and_100_percent() -> None:
    rates = drinking.rates([_month("A", [{"nh3_n": 1.0}], 1057.3)])
    assert rates.status == "complete"
    assert rates.as_json()["source_rate_percent"] == 100.0
    assert rates.as_json()["volume_rate_percent"] == 100.0


def test_no_data_says_so_and_gives_no_rates() -> None:
    rates = drinking.rates(
        [_month("A", [], 10.0), _month("G", [{"nh3_n": 0.1}], 5.0, groundwater=True)]
    )
    assert rates.status == "no_data"
    assert rates.source_rate is None and rates.volume_rate is None
    assert [r for _, _, r in rates.not_evaluated] == ["no_sample", "groundwater_standard_missing"]


def test_a_missing_volume_leaves_the_volume_rate_unknown() -> None:
    rates = drinking.rates([_month("A", [{"nh3_n": 0.1}], None), _month("B", [{"nh3_n": 2}], 5)])
    assert rates.source_rate == pytest.approx(0.5)
    assert rates.volume_rate is None
    assert rates.volume_missing == (("A", JUNE),)


def test_the_rules_cite_their_sources() -> None:
    rules = drinking.rules()
    assert rules["compliance"]["source"].startswith("GB 3838-2002")
    assert "水源达标率" in rules["rates"]["source_rate"]
    assert drinking.REQUIRED_CLASS == 3
    assert drinking.TABLE2 == {
        "sulfate": 250.0,
        "chloride": 250.0,
        "nitrate": 10.0,
        "iron": 0.3,
        "manganese": 0.1,
    }
