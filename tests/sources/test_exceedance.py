"""The exceedance engine: oxygen correction, HJ 212 flags, averaging, events, rates."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.sources import exceedance as ex

T0 = np.datetime64("2024-03-01T00:00:00", "s")  # 08:00 in Shanghai
H = ex.HOUR


def hours(n, first=T0):
    start = first + np.arange(n) * H
    return start, start + H


# ------------------------------------------------------------------ oxygen correction


def test_oxygen_correction_numbers():
    # 100 mg/m³ measured at 9 % O2, reference 6 %: 100 × 15 / 12 = 125
    assert ex.correct_oxygen([100.0], [9.0], [6.0])[0] == pytest.approx(125.0)
    # GB 13271 coal boiler reference 9 %: 200 at 12 % → 200 × 12 / 9
    assert ex.correct_oxygen(200.0, 12.0, 9.0) == pytest.approx(266.6666667)
    # gas turbine reference 15 %: 40 at 15 % is unchanged
    assert ex.correct_oxygen(40.0, 15.0, 15.0) == pytest.approx(40.0)


def test_oxygen_correction_missing_or_impossible_o2():
    out = ex.correct_oxygen([100, 100, 100, 100, 100], [np.nan, 21, 25, -1, 9], 6.0)
    assert np.isnan(out[:4]).all() and out[4] == pytest.approx(125)


def test_no_correction_when_no_reference():
    # water, or a standard without reference O2: NaN reference passes the value through
    out = ex.correct_oxygen([50.0, 60.0], [np.nan, 9.0], [np.nan, np.nan])
    assert out.tolist() == [50.0, 60.0]


def test_per_series_reference_broadcasts_to_rows():
    series = np.array([0, 0, 1, 1])
    reference = np.array([6.0, np.nan])[series]
    out = ex.correct_oxygen([100, 100, 100, 100], [9, 9, 9, 9], reference)
    assert out.tolist() == [125, 125, 100, 100]


# ------------------------------------------------------------------ flags


def test_only_n_is_valid():
    flags = np.array(["N", "F", "M", "S", "D", "C", "T", "B", "", "n", "X"])
    assert ex.valid_mask(flags).tolist() == [True] + [False] * 10
    assert set(ex.EXCLUDING_FLAGS) == set("FMSDCTB")
    assert ex.valid_mask(["N", "N"], [1.0, np.nan]).tolist() == [True, False]


# ------------------------------------------------------------------ events


def events(values, limit, valid=None, series=None, start=None, end=None, lower=None):
    values = np.asarray(values, dtype=float)
    n = values.size
    if start is None:
        start, end = hours(n)
    return ex.detect_events(
        np.zeros(n, dtype=int) if series is None else series,
        start,
        end,
        values,
        limit,
        np.ones(n, dtype=bool) if valid is None else valid,
        lower,
    )


def test_exactly_at_the_limit_is_not_an_exceedance():
    assert len(events([100.0, 100.0, 99.9], 100.0)) == 0
    found = events([100.0, 100.01], 100.0).to_list()
    assert len(found) == 1 and found[0].start == datetime(2024, 3, 1, 1)


def test_consecutive_hours_form_one_event():
    (event,) = events([50, 120, 150, 130, 80], 100.0).to_list()
    assert event.start == datetime(2024, 3, 1, 1) and event.end == datetime(2024, 3, 1, 4)
    assert event.periods == 3 and event.maximum == 150
    assert event.mean == pytest.approx((120 + 150 + 130) / 3)
    assert event.multiple == 1.5 and event.limit == 100


def test_a_flagged_hour_breaks_the_event():
    flags = np.array(["N", "N", "D", "N", "N"])
    found = events([120, 130, 500, 140, 90], 100.0, valid=ex.valid_mask(flags)).to_list()
    assert [(e.start.hour, e.end.hour, e.periods) for e in found] == [(0, 2, 2), (3, 4, 1)]


def test_a_gap_in_time_breaks_the_event():
    start = T0 + np.array([0, 1, 3, 4]) * H  # hour 2 missing
    found = events([120, 130, 140, 150], 100.0, start=start, end=start + H).to_list()
    assert [(e.start.hour, e.end.hour) for e in found] == [(0, 2), (3, 5)]


def test_series_do_not_join_and_input_order_does_not_matter():
    start = np.concatenate([hours(3)[0], hours(3)[0]])
    series = np.array([7, 7, 7, 3, 3, 3])
    values = np.array([120, 130, 50, 50, 200, 210.0])
    perm = np.array([4, 0, 5, 2, 1, 3])
    found = ex.detect_events(
        series[perm], start[perm], start[perm] + H, values[perm], 100.0, np.ones(6, bool)
    ).to_list()
    assert [(e.series, e.start.hour, e.periods, e.maximum) for e in found] == [
        (3, 1, 2, 210.0),
        (7, 0, 2, 130.0),
    ]


def test_limit_changing_mid_series():
    # limit 200 (existing unit) then 100 from the fourth hour (e.g. a permit change)
    limit = np.array([200, 200, 200, 100, 100, 100.0])
    found = events([150, 150, 150, 150, 90, 150], limit).to_list()
    assert [(e.start.hour, e.periods, e.limit) for e in found] == [(3, 1, 100), (5, 1, 100)]
    # an event spanning the change: multiple is the largest ratio, limit the one it is from
    (event,) = events([250, 150], np.array([200, 100.0])).to_list()
    assert event.multiple == 1.5 and event.limit == 100 and event.maximum == 250


def test_nan_limit_means_no_limit():
    assert len(events([500.0, 500.0], np.array([np.nan, np.nan]))) == 0


def test_ph_range():
    found = events([7, 5.9, 5.5, 6, 9, 9.1], 9.0, lower=6.0).to_list()
    assert [(e.start.hour, e.periods) for e in found] == [(1, 2), (5, 1)]
    assert np.isnan(found[0].multiple) and found[1].multiple == 1.01


def test_no_rows():
    empty = np.zeros(0)
    assert (
        len(
            ex.detect_events(
                empty.astype(int),
                empty.astype("datetime64[s]"),
                empty.astype("datetime64[s]"),
                empty,
                empty,
                empty.astype(bool),
            )
        )
        == 0
    )


# ------------------------------------------------------------------ averaging


def test_hourly_values_pass_through():
    start, end = hours(3)
    avg = ex.average([1, 1, 1], start, end, [10.0, 20.0, 30.0], [True, False, True])
    assert avg.mean[[0, 2]].tolist() == [10.0, 30.0]
    assert avg.valid.tolist() == [True, False, True] and np.isnan(avg.mean[1])


def test_minute_data_to_hourly_needs_45_minutes():
    start = T0 + np.arange(120) * np.timedelta64(60, "s")
    valid = np.ones(120, bool)
    valid[60:76] = False  # second hour: 44 valid minutes
    avg = ex.average(
        np.zeros(120, int),
        start,
        start + np.timedelta64(60, "s"),
        np.arange(120, dtype=float),
        valid,
        period="hour",
    )
    assert avg.valid.tolist() == [True, False]
    assert avg.mean[0] == pytest.approx(29.5)


def test_daily_mean_from_hourly_needs_20_hours_local_day():
    # local day 2024-03-01 in Shanghai is 2024-02-29T16:00Z to 2024-03-01T16:00Z
    first = np.datetime64("2024-02-29T16:00:00", "s")
    start, end = hours(48, first)
    valid = np.ones(48, bool)
    valid[24:29] = False  # second day: 19 valid hours
    values = np.r_[np.full(24, 40.0), np.full(24, 60.0)]
    avg = ex.average(np.zeros(48, int), start, end, values, valid, period="day")
    assert avg.start.tolist() == [datetime(2024, 2, 29, 16), datetime(2024, 3, 1, 16)]
    assert avg.mean.tolist() == [40.0, 60.0] and avg.count.tolist() == [24, 19]
    assert avg.valid.tolist() == [True, False]
    valid[24] = True  # 20 hours
    assert ex.average(np.zeros(48, int), start, end, values, valid, period="day").valid[1]


def test_daily_mean_from_two_hourly_water_data():
    first = np.datetime64("2024-02-29T16:00:00", "s")
    start = first + np.arange(12) * 2 * H
    valid = np.ones(12, bool)
    valid[:2] = False  # 10 of 12 two-hourly values = 20 hours: enough
    values = np.arange(12, dtype=float)
    avg = ex.average(np.zeros(12, int), start, start + 2 * H, values, valid, period="day")
    assert avg.valid.tolist() == [True] and avg.mean[0] == pytest.approx(np.mean(values[2:]))
    valid[2] = False
    assert not ex.average(
        np.zeros(12, int), start, start + 2 * H, values, valid, period="day"
    ).valid[0]


def test_day_events_from_daily_means():
    first = np.datetime64("2024-02-29T16:00:00", "s")
    start, end = hours(72, first)
    values = np.r_[np.full(24, 40.0), np.full(24, 70.0), np.full(24, 55.0)]
    avg = ex.average(np.zeros(72, int), start, end, values, np.ones(72, bool), period="day")
    (event,) = ex.detect_events(avg.series, avg.start, avg.end, avg.mean, 50.0, avg.valid).to_list()
    assert event.start == datetime(2024, 3, 1, 16) and event.periods == 2
    assert event.multiple == 1.4


# ------------------------------------------------------------------ rates


def test_daily_and_annual_rates():
    first = np.datetime64("2023-12-31T16:00:00", "s")  # local 2024-01-01 00:00
    start, _ = hours(48, first)
    values = np.full(48, 50.0)
    values[:6] = 120  # 6 of 24 exceed on day 1
    valid = np.ones(48, bool)
    valid[24:36] = False  # day 2: 12 valid, none exceeding
    day = ex.exceedance_rates(np.zeros(48, int), start, values, 100.0, valid, period="day")
    assert day.bucket.astype(str).tolist() == ["2024-01-01", "2024-01-02"]
    assert day.n_valid.tolist() == [24, 12] and day.n_exceeding.tolist() == [6, 0]
    assert day.rate.tolist() == [0.25, 0.0]
    year = ex.exceedance_rates(np.zeros(48, int), start, values, 100.0, valid, period="year")
    assert year.bucket.astype(str).tolist() == ["2024-01-01"]
    assert year.n_valid.tolist() == [36] and year.rate[0] == pytest.approx(6 / 36)


def test_rate_is_nan_without_valid_data():
    start, _ = hours(2)
    rates = ex.exceedance_rates([0, 0], start, [1.0, 2.0], 100.0, [False, False])
    assert rates.n_valid.tolist() == [0] and np.isnan(rates.rate[0])


# ------------------------------------------------------------------ against a plain loop


def reference_events(series, start, end, values, limit, valid):
    rows = sorted(range(len(series)), key=lambda i: (series[i], start[i]))
    found, current = [], None
    for i in rows:
        over = valid[i] and values[i] > limit[i]
        if over and current and current["series"] == series[i] and current["end"] == start[i]:
            current["end"] = end[i]
            current["values"].append(values[i])
            current["ratios"].append(values[i] / limit[i])
            continue
        if current:
            found.append(current)
            current = None
        if over:
            current = {
                "series": series[i],
                "start": start[i],
                "end": end[i],
                "values": [values[i]],
                "ratios": [values[i] / limit[i]],
            }
    if current:
        found.append(current)
    return [
        (
            e["series"],
            e["start"],
            e["end"],
            len(e["values"]),
            max(e["values"]),
            round(max(e["ratios"]), 2),
        )
        for e in found
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # series
            st.integers(0, 30),  # hour slot (duplicates dropped)
            st.sampled_from([50.0, 99.0, 100.0, 101.0, 150.0, 300.0]),
            st.sampled_from([100.0, 100.0, 200.0]),
            st.booleans() | st.just(True),
        ),
        max_size=60,
    )
)
def test_vectorised_events_match_a_plain_loop(rows):
    seen, kept = set(), []
    for row in rows:
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            kept.append(row)
    series = np.array([r[0] for r in kept], dtype=np.int64)
    start = T0 + np.array([r[1] for r in kept], dtype=np.int64) * H
    end = start + H
    values = np.array([r[2] for r in kept])
    limit = np.array([r[3] for r in kept])
    valid = np.array([r[4] for r in kept], dtype=bool)
    got = ex.detect_events(series, start, end, values, limit, valid)
    mine = [
        (
            int(got.series[i]),
            got.start[i],
            got.end[i],
            int(got.periods[i]),
            float(got.maximum[i]),
            float(got.multiple[i]),
        )
        for i in range(len(got))
    ]
    expected = reference_events(
        series.tolist(), list(start), list(end), values.tolist(), limit.tolist(), valid.tolist()
    )
    assert mine == expected


def reference_rates(series, start, values, limit, valid, period):
    """Per series and local day or year: (series, first day, valid periods, exceeding)."""
    counts = {}
    for s, t, v, lim, ok in zip(series, start, values, limit, valid, strict=True):
        local = (t + ex.CHINA_OFFSET).astype("datetime64[D]")
        bucket = (
            local.astype("datetime64[Y]").astype("datetime64[D]") if period == "year" else local
        )
        n_valid, n_over = counts.get((s, bucket), (0, 0))
        good = ok and v == v
        counts[(s, bucket)] = (n_valid + good, n_over + (good and v > lim))
    return [(s, b, *counts[(s, b)]) for s, b in sorted(counts)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # series
            st.integers(0, 60),  # hour slot from 08:00 local (crosses local midnights)
            st.sampled_from([50.0, 99.0, 100.0, 101.0, 150.0, 300.0, float("nan")]),
            st.sampled_from([100.0, 100.0, 200.0]),
            st.booleans() | st.just(True),
        ),
        max_size=80,
    ),
    st.randoms(use_true_random=False),
    st.sampled_from(["day", "year"]),
    st.sampled_from([T0, np.datetime64("2024-12-31T00:00:00", "s")]),  # a year's end
)
def test_events_and_rates_match_plain_loops_in_any_order(rows, rnd, period, first):
    seen, kept = set(), []
    for row in rows:
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            kept.append(row)
    rnd.shuffle(kept)
    series = np.array([r[0] for r in kept], dtype=np.int64)
    start = first + np.array([r[1] for r in kept], dtype=np.int64) * H
    end = start + H
    values = np.array([r[2] for r in kept])
    limit = np.array([r[3] for r in kept])
    valid = np.array([r[4] for r in kept], dtype=bool)
    events, rates = ex.events_and_rates(series, start, end, values, limit, valid, period=period)
    alone = ex.detect_events(series, start, end, values, limit, valid)
    for name in ("series", "start", "end", "periods", "maximum", "mean", "limit", "multiple"):
        assert np.array_equal(getattr(events, name), getattr(alone, name), equal_nan=True)
    got = [
        (int(s), b, int(n), int(o))
        for s, b, n, o in zip(
            rates.series, rates.bucket, rates.n_valid, rates.n_exceeding, strict=True
        )
    ]
    expected = reference_rates(
        series.tolist(), list(start), values.tolist(), limit.tolist(), valid.tolist(), period
    )
    assert got == expected
    rates_alone = ex.exceedance_rates(series, start, values, limit, valid, period=period)
    for name in ("series", "bucket", "n_valid", "n_exceeding", "rate"):
        assert np.array_equal(getattr(rates, name), getattr(rates_alone, name), equal_nan=True)
    assert int(rates.n_exceeding.sum()) == int(events.periods.sum())
