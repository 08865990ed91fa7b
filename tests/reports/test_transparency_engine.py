"""The transparency self-score's pure engine: weights, edges, points lost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantian.reports.transparency import (
    CLASSES,
    DEFAULT_WEIGHTS,
    Count,
    Miss,
    Weights,
    score,
    score_class,
    to_json,
)

W = Weights.from_mapping()


def full(total: int = 10) -> dict[str, list[Count]]:
    return {
        "systematic": [Count("s", "s", total, total)],
        "timely": [Count("t", "t", total, total)],
        "complete": [Count("c", "c", total, total)],
        "user_friendly": [Count("u", "u", 4, 4)],
    }


def test_default_class_maxima_add_up_to_100() -> None:
    assert sum(DEFAULT_WEIGHTS["classes"].values()) == 100
    assert sum(W.classes.values()) == 100


def test_all_met_is_full_marks() -> None:
    result = score({key: full() for key in CLASSES}, W)
    assert result.sufficient
    assert result.total == pytest.approx(100)
    assert result.losses == ()
    for c in result.classes:
        assert c.points == pytest.approx(c.maximum)


def test_a_class_with_no_records_is_not_scored() -> None:
    empty = {"systematic": [Count("s", "s", 0, 0)], "user_friendly": [Count("u", "u", 4, 4)]}
    result = score({**{key: full() for key in CLASSES}, "eia": empty}, W)
    eia = next(c for c in result.classes if c.key == "eia")
    assert not eia.scored and eia.points is None
    assert not result.sufficient and result.total is None
    assert result.lacking == ["eia"]
    assert result.points == pytest.approx(85)
    assert result.scored_maximum == pytest.approx(85)
    assert result.maximum == pytest.approx(100)


def test_no_inputs_at_all_is_not_scored_rather_than_0_or_100() -> None:
    result = score({}, W)
    assert result.total is None
    assert result.points == 0 and result.scored_maximum == 0
    assert all(not c.scored for c in result.classes)


def test_a_year_below_the_minimum_records_has_no_total() -> None:
    result = score({key: full(total=2) for key in CLASSES}, W)
    assert all(c.scored for c in result.classes)
    assert result.total is None and not result.sufficient
    assert result.points == pytest.approx(100)


def test_timely_two_of_three() -> None:
    inputs = full()
    inputs["timely"] = [Count("late", "published late", 2, 3, (Miss("X-1", "/x/1/"),))]
    c = score_class("supervision", inputs, W)
    timely = next(d for d in c.dimensions if d.dimension == "timely")
    assert timely.ratio == pytest.approx(2 / 3)
    # timely is 30 of 100 dimension weight: 9 of the class's 30 points, a third lost
    assert timely.maximum == pytest.approx(9)
    assert c.points == pytest.approx(30 - 3)
    (loss,) = c.losses
    assert loss.points == pytest.approx(3)
    assert (loss.missed, loss.total, loss.misses) == (1, 3, (Miss("X-1", "/x/1/"),))


def test_a_dimension_without_records_gives_its_share_to_the_others() -> None:
    inputs = full()
    inputs["complete"] = [Count("c", "c", 0, 0)]
    c = score_class("eia", inputs, W)
    assert c.points == pytest.approx(15)
    maxima = {d.dimension: d.maximum for d in c.dimensions}
    assert maxima["complete"] == 0
    assert sum(maxima.values()) == pytest.approx(15)


def test_losses_are_split_by_missed_records_and_sorted() -> None:
    inputs = full()
    inputs["systematic"] = [Count("a", "a", 1, 4), Count("b", "b", 3, 4)]
    c = score_class("supervision", inputs, W)
    # systematic 9 points, ratio 4/8: 4.5 lost, 3 of the 4 misses in "a"
    by_key = {x.key: x.points for x in c.losses}
    assert by_key == pytest.approx({"a": 3.375, "b": 1.125})
    result = score({"supervision": inputs}, W)
    assert [x.key for x in result.losses] == ["a", "b"]


def test_configured_weights_change_the_result() -> None:
    inputs = {key: full() for key in CLASSES}
    inputs["complaints"]["timely"] = [Count("t", "t", 0, 10)]
    default = score(inputs, W)
    heavy = score(inputs, Weights.from_mapping({"dimensions": {"timely": 70}}))
    light = score(inputs, Weights.from_mapping({"classes": {"complaints": 0}}))
    assert default.total == pytest.approx(100 - 15 * 0.3)
    assert heavy.total == pytest.approx(100 - 15 * 70 / 140)
    assert light.maximum == pytest.approx(85)
    assert light.total == pytest.approx(85)


@pytest.mark.parametrize(
    "overrides",
    [
        {"colours": {}},
        {"classes": {"air": 10}},
        {"dimensions": {"timely": -1}},
        {"dimensions": {"timely": "much"}},
        {"classes": dict.fromkeys(CLASSES, 0)},
        {"min_records": -1},
    ],
)
def test_bad_weights_are_refused(overrides: dict) -> None:
    with pytest.raises(ValueError):
        Weights.from_mapping(overrides)


def test_a_count_is_a_share() -> None:
    with pytest.raises(ValueError):
        Count("x", "x", 3, 2)


def test_json_has_classes_dimensions_and_losses() -> None:
    inputs = {key: full() for key in CLASSES}
    inputs["eia"]["complete"] = [Count("docs", "documents", 1, 2, (Miss("项目", "/p/"),))]
    data = to_json(score(inputs, W), 2025)
    assert data["year"] == 2025
    assert [c["name"] for c in data["classes"]] == [
        "日常监管",
        "自行监测",
        "举报回应",
        "排放数据",
        "环评信息",
    ]
    assert data["losses"][0]["records"] == [{"label": "项目", "url": "/p/"}]
    assert data["total"] == pytest.approx(100 - 15 * 0.25 / 2, abs=0.01)


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: (min(t), max(t))),
        min_size=4,
        max_size=4,
    )
)
def test_points_plus_losses_is_the_class_maximum(pairs: list[tuple[int, int]]) -> None:
    dims = ("systematic", "timely", "complete", "user_friendly")
    inputs = {d: [Count(d, d, met, total)] for d, (met, total) in zip(dims, pairs, strict=True)}
    c = score_class("emissions", inputs, W)
    if c.scored:
        assert c.points + sum(x.points for x in c.losses) == pytest.approx(c.maximum)
        assert 0 <= c.points <= c.maximum + 1e-9


def test_bad_weights_in_the_settings_are_a_start_up_error(settings) -> None:
    from lantian.reports.transparency_inputs import check_weights

    assert check_weights() == []
    settings.LANTIAN_TRANSPARENCY_WEIGHTS = {"classes": {"supervision": -1}}
    (error,) = check_weights()
    assert error.id == "reports.E001" and "supervision" in error.msg
