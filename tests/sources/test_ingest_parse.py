"""The self-monitoring file parser: every row is kept or refused with reasons naming the
column (no database)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lantian.sources import ingest
from lantian.sources.ingest import PollutantUnit

LOCAL = timezone(timedelta(hours=8))
POLLUTANTS = {
    "a21026": PollutantUnit("gas", "mg/m3"),
    "a21002": PollutantUnit("gas", "mg/m3"),
    "w01018": PollutantUnit("water", "mg/l"),
    "w01001": PollutantUnit("water", ""),
}
HEADER = "credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag\n"
CODE = "91350100M000100Y43"


def parse(body: str) -> ingest.Parsed:
    return ingest.read((HEADER + body).encode(), "data.csv", POLLUTANTS)


def reasons(parsed: ingest.Parsed) -> list[str]:
    return [r for rejection in parsed.rejected for r in rejection.reasons]


def test_a_valid_gas_hour_is_read_with_local_times():
    parsed = parse(f"{CODE},DA001,a21026,2026-03-01 10:00,2026-03-01 11:00,35.2,mg/m3,6.5,N\n")
    assert not parsed.rejected
    (row,) = parsed.rows
    assert row.start == datetime(2026, 3, 1, 10, tzinfo=LOCAL)
    assert row.end - row.start == timedelta(hours=1)
    assert (row.value, row.o2, row.flag, row.number) == (35.2, 6.5, "N", 1)


def test_a_flagged_value_is_kept_as_flagged_and_may_be_empty():
    parsed = parse(f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,,mg/m3,,F\n")
    assert not parsed.rejected
    assert parsed.rows[0].flag == "F" and parsed.rows[0].value is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (",DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,6,N", "credit_code: missing"),
        (f"{CODE},DA001,x99999,2026-03-01T10:00,2026-03-01T11:00,1,,6,N", "pollutant: unknown"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T10:00,1,mg/m3,6,N", "end: not after"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T12:00,1,mg/m3,6,N", "end: a gas value"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,abc,mg/m3,6,N", "value: not a"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,-1,mg/m3,6,N", "value: negative"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/L,6,N", "unit: 'mg/L'"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,21,N", "o2: 21 %"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,,N", "o2: missing"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,6,Q", "flag: unknown"),
        (f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,,mg/m3,6,N", "value: missing"),
        (f"{CODE},DA001,a21026,0001-01-01T10:00,2026-03-01T11:00,1,mg/m3,6,N", "start: year 1"),
        (f"{CODE},DA001,a21026,yesterday,2026-03-01T11:00,1,mg/m3,6,N", "start: not a date"),
        (f"{CODE},DA001,w01018,2026-03-01T00:00,2026-03-01T02:00,30,mg/L,5,N", "o2: only"),
        (f"{CODE},DA001,w01018,2026-03-01T00:00,2026-03-01T03:00,30,mg/L,,N", "end: a water"),
    ],
)
def test_a_bad_row_is_refused_with_a_reason_naming_its_column(line, expected):
    parsed = parse(line + "\n")
    assert not parsed.rows
    assert parsed.rejected[0].number == 1
    assert any(r.startswith(expected) for r in reasons(parsed)), reasons(parsed)


def test_water_values_of_two_hours_and_a_day_and_ph_without_unit():
    parsed = parse(
        f"{CODE},DW001,w01018,2026-03-01T00:00,2026-03-01T02:00,30.5,mg/L,,N\n"
        f"{CODE},DW001,w01018,2026-03-02T00:00,2026-03-03T00:00,28,mg/l,,N\n"
        f"{CODE},DW001,w01001,2026-03-02T00:00,2026-03-03T00:00,7.2,无量纲,,N\n"
    )
    assert not parsed.rejected
    assert len(parsed.rows) == 3


def test_a_duplicate_period_is_refused_naming_the_first_row_and_the_rest_kept():
    line = f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,6,N\n"
    parsed = parse(line + line.replace(",1,", ",2,"))
    assert len(parsed.rows) == 1
    assert parsed.rejected[0].number == 2
    assert "as row 1" in parsed.rejected[0].reasons[0]


def test_a_credit_code_checker_is_applied():
    def checker(code: str) -> str | None:
        return None if code == CODE else "wrong check character"

    body = (
        f"{CODE},DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,6,N\n"
        "91350100M000100Y44,DA001,a21026,2026-03-01T10:00,2026-03-01T11:00,1,mg/m3,6,N\n"
    )
    parsed = ingest.read((HEADER + body).encode(), "d.csv", POLLUTANTS, credit_code_problem=checker)
    assert len(parsed.rows) == 1
    assert parsed.rejected[0].reasons == ["credit_code: wrong check character"]


def test_a_header_without_the_columns_is_a_file_error():
    with pytest.raises(ingest.FileError, match="pollutant"):
        ingest.read(b"credit_code,outlet_code,start,end,value\n", "d.csv", POLLUTANTS)


def test_a_file_that_is_neither_utf8_nor_xlsx_is_a_file_error():
    with pytest.raises(ingest.FileError, match="UTF-8"):
        ingest.read("credit_code".encode("utf-16"), "d.csv", POLLUTANTS)


def test_an_xlsx_workbook_is_read_like_the_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(ingest.COLUMNS)
    sheet.append(
        [
            CODE,
            "DA001",
            "a21026",
            datetime(2026, 3, 1, 10),
            datetime(2026, 3, 1, 11),
            12.5,
            "mg/m3",
            7.1,
            "N",
        ]
    )
    sheet.append([CODE, "DA001", "a21026", "2026-03-01 11:00", "bad", 12.5, "mg/m3", 7.1, "N"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = ingest.read(buffer.getvalue(), "anything.bin", POLLUTANTS)
    assert [r.value for r in parsed.rows] == [12.5]
    assert parsed.rows[0].start == datetime(2026, 3, 1, 10, tzinfo=LOCAL)
    assert parsed.rejected[0].number == 2 and "end: not a date" in parsed.rejected[0].reasons[0]


cells = st.one_of(st.none(), st.text(max_size=30), st.floats(allow_nan=True), st.integers())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.fixed_dictionaries({c: cells for c in ingest.COLUMNS}), max_size=8))
def test_every_record_is_either_read_or_refused_with_a_reason(records):
    parsed = ingest.check_records(records, POLLUTANTS)
    assert len(parsed.rows) + len(parsed.rejected) == len(records)
    assert all(r.reasons for r in parsed.rejected)
    for row in parsed.rows:
        assert row.end > row.start and row.flag in ingest.FLAGS
        assert row.value is None or row.value >= 0
