"""bench/sources.py at a tiny size, so that it cannot rot: its data generator, the
measured ingestion and its bare INSERT, the measured engine and its bare numpy pass."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from lantian.sources.models import Measurement

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sources.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_sources", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_the_generator_makes_flagged_hours_and_exceedances(bench):
    data = bench.make_data(4, hours=24 * 30)
    assert data.size == 4 * 3 * 24 * 30
    assert (data.flag != "N").any() and np.isnan(data.value[data.flag == "F"]).all()
    corrected = data.value * (21 - bench.REFERENCE_O2) / (21 - data.o2)
    assert (corrected[data.flag == "N"] > data.limit()[data.flag == "N"]).any()


@pytest.mark.django_db
def test_the_ingest_and_its_bare_insert_store_the_same_rows(bench):
    data = bench.make_data(2, hours=24 * 10)
    codes, outlet_ids = bench.create_outlets(2)
    content = bench.month_csv(data, codes, 0, 24 * 10)
    rows = bench.stored_rows(data, outlet_ids, 0, 24 * 10)
    bench.bare_insert(rows)
    assert Measurement.objects.count() == len(rows) == 2 * 3 * 240
    bare = sorted(Measurement.objects.values_list("outlet_id", "pollutant", "start", "value"))
    bench.empty_tables()
    batch = bench.ingest(content)
    assert batch.accepted == len(rows) and batch.rejected == 0
    ours = sorted(Measurement.objects.values_list("outlet_id", "pollutant", "start", "value"))
    assert ours == bare
    assert batch.report["exceedances"]["found"] > 0
    again = bench.ingest(content)
    assert (again.accepted, again.unchanged) == (0, len(rows))


def test_the_engine_and_the_bare_pass_run_on_the_same_arrays(bench):
    data = bench.make_data(3, hours=24 * 20)
    start = data.start()
    events, rates = bench.detect(data, data.series(), start, start + np.timedelta64(3600, "s"))
    edges = bench.bare_detect(data)
    assert len(events) > 0 and edges.size > 0
    assert int(rates.n_exceeding.sum()) == int(events.periods.sum())


@pytest.mark.django_db
def test_the_detection_from_the_rows_in_memory_finds_what_a_read_back_finds(bench):
    """The ingestion judges the file's rows from memory and reads only the rest of each
    window (margins, stored rows the file lacks): the same events as reading it all back."""
    from lantian.sources import services
    from lantian.sources.models import ExceedanceEvent

    data = bench.make_data(2, hours=24 * 12, seed=3)
    codes, _ids = bench.create_outlets(2)

    def events():
        return sorted(
            ExceedanceEvent.objects.values_list(
                "outlet_id", "pollutant", "start", *services.EVENT_FIELDS
            )
        )

    def read_back(batch):
        # the same spans, detected again from the database alone: nothing changes
        before = events()
        spans = {}
        for outlet_id, pollutant, start, end in Measurement.objects.filter(batch=batch).values_list(
            "outlet_id", "pollutant", "start", "end"
        ):
            low, high = spans.get((outlet_id, pollutant), (start, end))
            spans[(outlet_id, pollutant)] = [min(low, start), max(high, end)]
        assert services.detect_exceedances(spans)["created"] == 0
        assert events() == before

    # days 4–6 first, then days 0–11 with hours 100–110 missing (stored ones inside the
    # file's span), then day 2–9 with some values raised (changed rows, margins stored)
    first = bench.ingest(bench.month_csv(data, codes, 96, 24 * 7))
    read_back(first)
    whole = bench.month_csv(data, codes, 0, 24 * 12).decode().splitlines(keepends=True)
    gap = [
        line for line in whole[1:] if not any(f",{t}," in line for t in bench.hour_texts(100, 110))
    ]
    second = bench.ingest("".join(whole[:1] + gap).encode())
    assert second.accepted > 0
    read_back(second)
    data.value[: data.size // 2] *= 1.6
    third = bench.ingest(bench.month_csv(data, codes, 48, 24 * 10))
    assert third.report["updated"] > 0 and third.report["exceedances"]["found"] > 0
    read_back(third)
