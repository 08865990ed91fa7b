"""The CSV reader checks by column (ingest.check_table) and must keep and refuse exactly
the rows, with exactly the reasons, that the row-by-row check (ingest.check_records)
gives."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.sources import ingest

from .test_ingest_parse import CODE, POLLUTANTS

CELLS = {
    "credit_code": [CODE, CODE.lower(), f" {CODE} ", "", "X" * 41, "91350100M000100Y44"],
    "outlet_code": ["DA001", " DA001", "DW001", "", "a\x01b"],
    "pollutant": ["a21026", "A21002", "w01018", "w01001", "x99999", ""],
    "start": ["2026-03-01T10:00", "2026-03-01 10:00", "2026/03/01 11:00", "2026-03-01T10:00+00:00",
              "0001-01-01T00:00", "bad", "", "2026-03-01T10:00:00.5"],
    "end": ["2026-03-01T11:00", "2026-03-01T12:00", "2026-03-02T10:00", "2026-03-01T10:00",
            "2026-03-01T11:00:00.5", "", "x"],
    "value": ["35.2", "0", "-1", "", "NA", "abc", "inf", "1e9", "7", " 12 "],
    "unit": ["mg/m3", "mg/m³", "mg/L", "", "无量纲", "kg"],
    "o2": ["6.5", "", "21", "-0.1", "nan", "0"],
    "flag": ["N", "n", "", "F", "D", "Q"],
}  # fmt: skip


def check(credit: str) -> str | None:
    return None if credit == CODE else "wrong check character"


def compare(header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    content = out.getvalue().encode()
    fast = ingest.read(content, "d.csv", POLLUTANTS, credit_code_problem=check)
    records = ingest._csv_records(out.getvalue())
    slow = ingest.check_records(records, POLLUTANTS, credit_code_problem=check)
    assert [(r.number, r.reasons, r.raw) for r in fast.rejected] == [
        (r.number, r.reasons, r.raw) for r in slow.rejected
    ]
    assert fast.rows == slow.rows
    assert len(fast.columns) == len(slow.rows)


rows = st.lists(
    st.fixed_dictionaries({name: st.sampled_from(values) for name, values in CELLS.items()}),
    max_size=12,
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(rows)
def test_the_column_check_equals_the_row_check(records):
    header = list(ingest.COLUMNS)
    compare(header, [[r[c] for c in header] for r in records])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(rows, st.permutations(list(ingest.COLUMNS)), st.integers(0, 2))
def test_any_column_order_and_ragged_rows(records, header, cut):
    table = [[r[c] for c in header] for r in records]
    if table and cut:
        table[0] = table[0][:-cut]  # a short row
        table[-1] = [*table[-1], "extra"]  # a long one
    compare(header, table)


def test_a_repeated_period_names_the_first_row_even_after_refused_ones():
    good = [CODE, "DA001", "a21026", "2026-03-01T10:00", "2026-03-01T11:00", "1", "", "6", "N"]
    bad = [*good[:5], "-1", "", "6", "N"]
    compare(
        list(ingest.COLUMNS), [bad, good, good, [*good[:3], "2026-03-01T02:00+00:00", *good[4:]]]
    )
