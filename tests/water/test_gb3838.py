"""The water-class engine against GB 3838-2002 Table 1 (vectors built from the data file)
and the evaluation rules: every limit edge, DO's ≥, pH 6–9, the lake TP column, the site
class, levels, exceeding items and multiples; the vectorised engine equals the scalar."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.water import gb3838
from lantian.water.gb3838 import (
    Exceedance,
    class_name,
    classify_items,
    classify_many,
    evaluate,
    evaluate_many,
    exceeding,
    item_class,
    site_class,
)

COLUMNS = [
    (item, body)
    for item in gb3838.ITEMS
    if gb3838.limits(item) is not None
    for body in gb3838.WATER_BODIES
]


def both(item: str, value: float, body: str) -> tuple[int, int]:
    """The class of one value from the scalar and from the vectorised engine."""
    vectorised = classify_many({item: [value]}, body)[item][0]
    return item_class(item, value, body), int(vectorised)


def edges():
    for item, body in COLUMNS:
        limits = gb3838.limits(item, body)
        for k, limit in enumerate(limits, start=1):
            yield pytest.param(item, body, k, limit, id=f"{item}-{body}-{class_name(k)}")


@pytest.mark.parametrize(("item", "body", "k", "limit"), list(edges()))
def test_a_value_at_a_limit_is_in_that_class_and_just_beyond_in_the_next(
    item, body, k, limit
) -> None:
    limits = gb3838.limits(item, body)
    if item == "do":  # ≥: strictly falling limits, so the limit of class k is class k
        assert both(item, limit, body) == (k, k)
        below = np.nextafter(limit, -math.inf)
        expected = k + 1  # the next class, 劣V (6) below Class V
        assert both(item, below, body) == (expected, expected)
        return
    # ≤: equal limits of consecutive classes: the value is in the best of them
    at = min(j for j, x in enumerate(limits, start=1) if x == limit)
    assert both(item, limit, body) == (at, at)
    above = np.nextafter(limit, math.inf)
    beyond = [j for j, x in enumerate(limits, start=1) if x > limit]
    expected = beyond[0] if beyond else gb3838.WORSE_THAN_V
    assert both(item, above, body) == (expected, expected)


def test_above_class_v_is_worse_than_v_written_劣V() -> None:
    for item, body in COLUMNS:
        v = gb3838.limits(item, body)[-1]
        value = v / 2 if item == "do" else v * 2
        assert both(item, value, body) == (6, 6)
        assert class_name(6) == "劣V"
    assert [class_name(k) for k in range(7)] == [None, "I", "II", "III", "IV", "V", "劣V"]


def test_zero_is_class_i_for_every_lower_is_better_item() -> None:
    for item, body in COLUMNS:
        if item != "do":
            assert both(item, 0.0, body) == (1, 1)


@pytest.mark.parametrize(
    ("ph", "expected"),
    [(6, 1), (9, 1), (7.5, 1), (5.9, 6), (9.1, 6), (5.999, 6), (9.001, 6), (0, 6), (14, 6)],
)
def test_ph_6_to_9_for_every_class(ph, expected) -> None:
    assert both("ph", ph, "river") == (expected, expected)
    assert both("ph", ph, "lake") == (expected, expected)


@pytest.mark.parametrize(
    ("do", "expected"),
    [
        (9.0, 1),
        (7.5, 1),
        (7.49, 2),
        (6, 2),
        (5.99, 3),
        (5, 3),
        (3, 4),
        (2.99, 5),
        (2, 5),
        (1.99, 6),
    ],
)
def test_dissolved_oxygen_is_at_least(do, expected) -> None:
    assert both("do", do, "river") == (expected, expected)


@pytest.mark.parametrize(
    ("tp", "river", "lake"),
    [
        (0.01, 1, 1),
        (0.02, 1, 2),
        (0.025, 2, 2),
        (0.05, 2, 3),
        (0.1, 2, 4),
        (0.2, 3, 5),
        (0.25, 4, 6),
        (0.4, 5, 6),
        (0.41, 6, 6),
    ],
)
def test_total_phosphorus_reads_the_lake_column_for_lakes(tp, river, lake) -> None:
    assert both("tp", tp, "river") == (river, river)
    assert both("tp", tp, "lake") == (lake, lake)
    mixed = classify_many({"tp": [tp, tp]}, ["river", "lake"])["tp"]
    assert mixed.tolist() == [river, lake]


def test_only_total_phosphorus_has_a_lake_column() -> None:
    for item, _body in COLUMNS:
        if item != "tp":
            assert gb3838.limits(item, "lake") == gb3838.limits(item, "river")


def test_water_temperature_has_no_class() -> None:
    # a ΔT rule on weekly means (Table 1 item 1), the same for all classes
    assert both("temperature", 31.0, "river") == (0, 0)
    assert classify_items({"temperature": -0.5}) == {"temperature": 0}
    assert evaluate({"temperature": 20.0}).as_json()["items"] == {"temperature": None}


def test_absent_items_are_not_evaluated() -> None:
    assert classify_items({"cod": 18.0, "do": None, "tp": math.nan}) == {"cod": 3}
    codes = classify_many({"cod": [18.0, np.nan], "do": [None, 6.5]})
    assert codes["cod"].tolist() == [3, 0] and codes["do"].tolist() == [0, 2]


def test_items_come_in_table_1_order() -> None:
    result = classify_items({"fecal_coliform": 1, "cod": 1, "temperature": 9, "ph": 7})
    assert list(result) == ["temperature", "ph", "cod", "fecal_coliform"]


# --------------------------------------------------------------------------- site class


def test_the_site_class_is_the_worst_evaluated_item() -> None:
    sample = {"ph": 7.4, "do": 6.2, "codmn": 4.5, "nh3_n": 1.2, "tp": 0.08, "hg": 0.00004}
    classes = classify_items(sample)
    assert classes == {"ph": 1, "do": 2, "codmn": 3, "nh3_n": 4, "tp": 2, "hg": 1}
    assert site_class(classes) == 4


def test_temperature_total_nitrogen_and_faecal_coliform_are_reported_apart() -> None:
    sample = {"do": 7.6, "cod": 12, "tn": 5.0, "fecal_coliform": 90000, "temperature": 30}
    for body in gb3838.WATER_BODIES:
        result = evaluate(sample, body)
        assert result.items == {"temperature": 0, "do": 1, "cod": 1, "tn": 6, "fecal_coliform": 6}
        assert result.site_class == 1
        assert result.level.name_zh == "优"
        assert result.exceeding == ()  # nor do they exceed the target
    assert set(gb3838.REPORTED_APART) == {"temperature", "tn", "fecal_coliform"}
    assert len(gb3838.CLASS_ITEMS) == 21


def test_nothing_that_counts_gives_no_class() -> None:
    result = evaluate({"tn": 0.4, "temperature": 18})
    assert (result.site_class, result.level) == (0, None)
    assert result.as_json()["class"] is None and result.as_json()["level"] is None
    assert site_class({}) == 0


def test_one_item_worse_than_v_makes_the_site_worse_than_v() -> None:
    result = evaluate({"do": 8, "cod": 10, "ph": 9.2})
    assert result.site_class == 6
    assert result.as_json()["class"] == "劣V"
    assert result.as_json()["level"] == "重度污染"


@pytest.mark.parametrize(
    ("code", "level", "english"),
    [
        (1, "优", "Excellent"),
        (2, "优", "Excellent"),
        (3, "良好", "Good"),
        (4, "轻度污染", "Lightly polluted"),
        (5, "中度污染", "Moderately polluted"),
        (6, "重度污染", "Heavily polluted"),
    ],
)
def test_the_qualitative_level(code, level, english) -> None:
    found = gb3838.level(code)
    assert (found.name_zh, found.name_en) == (level, english)
    assert gb3838.level_numbers([code]).tolist() == [found.number]


def test_no_class_has_no_level() -> None:
    assert gb3838.level(0) is None
    assert gb3838.level_numbers([0, 3, 6]).tolist() == [0, 2, 5]


# --------------------------------------------------------------------------- exceeding


def test_multiples_against_the_target_class_hand_computed() -> None:
    # a lake with target Class II:
    # NH3-N 2.5 (劣V): (2.5 − 0.5) / 0.5 = 4.0; TP 0.06 (lake IV): (0.06 − 0.025) / 0.025
    # = 1.4; CODMn 5 (III): (5 − 4) / 4 = 0.25; pH 9.5 (劣V) and DO 5.5 (III) exceed with
    # no multiple; COD 15 equals the Class II limit and does not exceed; TN and faecal
    # coliform are reported apart.
    sample = {
        "ph": 9.5,
        "do": 5.5,
        "codmn": 5,
        "cod": 15,
        "nh3_n": 2.5,
        "tp": 0.06,
        "tn": 3.0,
        "fecal_coliform": 50000,
    }
    found = exceeding(sample, "lake", "II")
    assert [(e.item, e.item_class) for e in found] == [
        ("nh3_n", 6),
        ("ph", 6),
        ("tp", 4),
        ("codmn", 3),
        ("do", 3),
    ]
    multiples = {e.item: e.multiple for e in found}
    assert multiples["nh3_n"] == pytest.approx(4.0)
    assert multiples["tp"] == pytest.approx(1.4)
    assert multiples["codmn"] == pytest.approx(0.25)
    assert multiples["ph"] is None and multiples["do"] is None
    # the same TP in a river is Class II: it meets target II there
    assert "tp" not in {e.item for e in exceeding(sample, "river", "II")}


def test_the_default_target_is_class_iii() -> None:
    # COD 30 (IV) against Class III's 20: (30 − 20) / 20 = 0.5
    assert exceeding({"cod": 30}) == [Exceedance("cod", 4, 0.5)]
    assert evaluate({"cod": 30}).target == 3
    assert exceeding({"cod": 30}, target="IV") == []
    assert exceeding({"cod": 30}, target="I") == [Exceedance("cod", 4, 1.0)]


def test_within_a_class_the_larger_multiple_comes_first() -> None:
    found = exceeding({"cod": 21, "codmn": 9.9, "bod5": 5})  # all Class IV
    assert [e.item for e in found] == ["codmn", "bod5", "cod"]  # 0.65, 0.25, 0.05


def test_target_and_water_body_are_checked() -> None:
    with pytest.raises(ValueError, match="target must be one of"):
        exceeding({"cod": 30}, target="劣V")
    with pytest.raises(ValueError, match="target must be one of"):
        evaluate({"cod": 30}, target=6)
    with pytest.raises(ValueError, match='water_body must be "river" or "lake"'):
        classify_items({"cod": 30}, "sea")
    with pytest.raises(ValueError, match='water_body must be "river" or "lake"'):
        classify_many({"cod": [30, 3]}, ["river", "reservoir"])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nitrate": 1.0}, "unknown item 'nitrate'"),
        ({"cod": -1.0}, "cod: cannot be negative"),
        ({"ph": 14.5}, "ph: must be between 0 and 14"),
        ({"do": math.inf}, "do: not a finite number"),
    ],
)
def test_bad_values_are_refused_naming_the_item(values, message) -> None:
    with pytest.raises(ValueError, match=message):
        classify_items(values)
    with pytest.raises(ValueError, match=message):
        classify_many({k: [v] for k, v in values.items()})


def test_arrays_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        classify_many({"cod": [1, 2], "do": [1, 2, 3]})


def test_vectorised_per_sample_water_body_and_target() -> None:
    batch = evaluate_many(
        {"tp": [0.06, 0.06, 0.06], "do": [8, 8, 4]},
        water_body=["river", "lake", "lake"],
        target=["II", "II", "V"],
    )
    assert batch.items["tp"].tolist() == [2, 4, 4]
    assert batch.site_class.tolist() == [2, 4, 4]
    assert batch.level.tolist() == [1, 3, 3]
    assert batch.exceeds["tp"].tolist() == [False, True, False]
    assert batch.multiple["tp"][1] == pytest.approx(1.4)
    assert np.isnan(batch.multiple["tp"][[0, 2]]).all()
    assert np.isnan(batch.multiple["do"]).all()


# --------------------------------------------------------------------------- vectorised


def _value(item: str) -> st.SearchStrategy[float | None]:
    """Values near and at the limits of the item, or absent."""
    if item == "temperature":
        return st.one_of(st.none(), st.floats(-1, 35))
    if item == "ph":
        return st.one_of(st.none(), st.sampled_from([6.0, 9.0]), st.floats(0, 14))
    edges = sorted({x for body in gb3838.WATER_BODIES for x in gb3838.limits(item, body)})
    return st.one_of(
        st.none(), st.sampled_from(edges), st.floats(0, edges[-1] * 1.5, allow_nan=False)
    )


samples = st.fixed_dictionaries({item: _value(item) for item in gb3838.ITEMS})
cases = st.tuples(samples, st.sampled_from(gb3838.WATER_BODIES), st.sampled_from(gb3838.CLASSES))


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(cases, min_size=1, max_size=25))
def test_evaluate_many_equals_evaluate_on_each_sample(rows) -> None:
    columns = {
        item: [np.nan if s[item] is None else s[item] for s, _b, _t in rows]
        for item in gb3838.ITEMS
    }
    batch = evaluate_many(columns, [b for _s, b, _t in rows], [t for _s, _b, t in rows])
    assert classify_many(columns, [b for _s, b, _t in rows]).keys() == batch.items.keys()
    for i, (sample, body, target) in enumerate(rows):
        one = evaluate(sample, body, target)
        assert {k: int(v[i]) for k, v in batch.items.items() if v[i]} == {
            k: v for k, v in one.items.items() if v
        }
        assert int(batch.site_class[i]) == one.site_class
        assert int(batch.level[i]) == (one.level.number if one.level else 0)
        over = {e.item: e.multiple for e in one.exceeding}
        assert {k for k, v in batch.exceeds.items() if v[i]} == set(over)
        for item, multiple in over.items():
            if multiple is None:
                assert np.isnan(batch.multiple[item][i])
            else:
                assert batch.multiple[item][i] == pytest.approx(multiple)
