"""Reading observation files (CSV, XLSX, JSON) into checked rows (no Django import).

Columns: ``station``, ``time`` (end of the hour; ISO 8601, local Asia/Shanghai unless an
offset is given), ``so2 no2 co o3 pm10 pm25`` and optionally ``invalid`` (pollutants the
station flagged, separated by ``;``). A header may state a unit in brackets —
``PM2.5(μg/m³)``, ``CO(mg/m3)`` — and a wrong one refuses the column for the whole file.
Every refused row comes back with its row number and the reasons.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import numpy.typing as npt

POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm25")
N_POLLUTANTS = len(POLLUTANTS)
LOCAL = timezone(timedelta(hours=8))  # Asia/Shanghai has no daylight saving time
EXPECTED_UNIT = {p: "ug/m3" for p in POLLUTANTS} | {"co": "mg/m3"}
# Values no ambient monitor reports; above them a row is refused as impossible.
PLAUSIBLE_MAX = {"so2": 10000, "no2": 5000, "co": 200, "o3": 2000, "pm10": 6000, "pm25": 3000}
ALIASES = {
    "pm2.5": "pm25",
    "pm2_5": "pm25",
    "站点": "station",
    "站点编码": "station",
    "时间": "time",
    "hour_end": "time",
    "datetime": "time",
}


class FileError(ValueError):
    """The file as a whole cannot be read (format, header, unit)."""


@dataclass
class Row:
    number: int
    station: str
    hour_end: datetime
    values: dict[str, float | None]
    invalid: list[str]


@dataclass
class Rejection:
    number: int
    reasons: list[str]
    raw: dict[str, Any]


@dataclass
class Parsed:
    """The kept rows as columns, in file order — row numbers, station codes, ends of hour
    (and as UTC microseconds since 1970), values (rows × POLLUTANTS, NaN where missing)
    and the station's invalid flags (a mask of the same shape) — and the refusals.
    Ingestion works on the columns; ``rows`` gives the same rows one by one."""

    rejected: list[Rejection] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)
    hour_ends: list[datetime] = field(default_factory=list)
    micros: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    values: npt.NDArray[np.float64] = field(default_factory=lambda: np.empty((0, N_POLLUTANTS)))
    invalid: npt.NDArray[np.bool_] = field(
        default_factory=lambda: np.zeros((0, N_POLLUTANTS), dtype=bool)
    )

    def __len__(self) -> int:
        return len(self.numbers)

    @functools.cached_property
    def rows(self) -> list[Row]:
        return [
            Row(
                number,
                station,
                hour_end,
                {p: None if v != v else v for p, v in zip(POLLUTANTS, values, strict=True)},
                flag_names(flags),
            )
            for number, station, hour_end, values, flags in zip(
                self.numbers,
                self.stations,
                self.hour_ends,
                self.values.tolist(),
                self.invalid.tolist(),
                strict=True,
            )
        ]


def flag_names(mask: Iterable[bool]) -> list[str]:
    """The sorted pollutant names of a row of the invalid mask (as stored)."""
    return sorted(p for p, flagged in zip(POLLUTANTS, mask, strict=True) if flagged)


def _unit(text: str) -> str:
    u = text.strip().lower().replace("μ", "u").replace("µ", "u").replace("³", "3")
    return u.replace(" ", "")


@functools.lru_cache(maxsize=256)
def _header(name: str) -> tuple[str, str | None]:
    match = re.fullmatch(r"\s*([^(\[（]+?)\s*(?:[(\[（]\s*(.+?)\s*[)\]）])?\s*", name)
    key, unit = (match.group(1), match.group(2)) if match else (name, None)
    key = key.strip().lower()
    return ALIASES.get(key, key), (_unit(unit) if unit else None)


def _time(text: Any) -> datetime:
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=LOCAL)
    return _time_from_text(str(text))


@functools.lru_cache(maxsize=65536)
def _time_from_text(text: str) -> datetime:
    # Every station of a file repeats the same hours: parse each distinct text once.
    value = datetime.fromisoformat(text.strip().replace("/", "-"))
    return value if value.tzinfo else value.replace(tzinfo=LOCAL)


# The years and UTC offsets an observation may carry: those of the API's dates
# (core.apitypes) and of real time zones; outside them a time cannot be stored (year 1 or
# 9999 overflows when converted to UTC, PostgreSQL refuses offsets beyond ±15:59).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
MAX_OFFSET = timedelta(hours=14)
_UNSTORABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_UNSTORABLE_IN_REPORT = re.compile("[\x00\ud800-\udfff]")


def _storable(value: Any) -> str:
    """The cell as text a database can keep in the report (NUL and lone surrogates are
    written as escapes; the file itself is kept byte for byte)."""
    return _UNSTORABLE_IN_REPORT.sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))


def _time_range_problems(value: datetime) -> list[str]:
    problems = []
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        problems.append(f"time: year {value.year} outside {EARLIEST_YEAR}–{LATEST_YEAR}")
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        problems.append("time: UTC offset beyond ±14:00")
    return problems


@functools.lru_cache(maxsize=65536)
def _check_value(pollutant: str, raw: Any) -> tuple[float | None, str | None]:
    """(value, None) or (None, reason) for one cell; a file repeats the same few hundred
    texts, so each is judged once."""
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "—", "-", "NA")):
        return None, None
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None, f"{pollutant}: not a number: {raw!r}"
    if value != value or value < 0:
        return None, f"{pollutant}: negative or not a number: {raw!r}"
    if value > PLAUSIBLE_MAX[pollutant]:
        return None, f"{pollutant}: impossible value {value:g} (above {PLAUSIBLE_MAX[pollutant]})"
    return value, None


def _unit_problem(units: dict[str, str] | None) -> None:
    wrong_units = {
        p: u
        for p, u in (units or {}).items()
        if p in EXPECTED_UNIT and u and _unit(u) != EXPECTED_UNIT[p]
    }
    if wrong_units:
        p, u = next(iter(wrong_units.items()))
        raise FileError(f"column {p}: unit {u!r}, expected {EXPECTED_UNIT[p]}")


def _flag_list(flags: Any) -> list[str]:
    if not flags:
        return []
    return [
        x.strip().lower().replace(".", "")
        for x in str(flags).replace(",", ";").split(";")
        if x.strip()
    ]


def _row(
    record: dict[str, Any], stations: set[str] | None
) -> tuple[list[str], str, datetime, dict[str, float | None], list[str]]:
    """One record's reasons for refusal (the duplicate check aside) and its reading."""
    reasons: list[str] = []
    station = str(record.get("station") or "").strip()
    if not station:
        reasons.append("station: missing")
    elif _UNSTORABLE.search(station):
        reasons.append("station: control characters or invalid Unicode")
    elif stations is not None and station not in stations:
        reasons.append(f"station: unknown station {station!r}")
    try:
        hour_end = _time(record.get("time"))
        if hour_end.minute or hour_end.second:
            reasons.append("time: not on the hour")
        reasons += _time_range_problems(hour_end)
    except (TypeError, ValueError):
        hour_end = datetime.min.replace(tzinfo=LOCAL)
        reasons.append(f"time: not a date and time: {record.get('time')!r}")
    values: dict[str, float | None] = {}
    for p in POLLUTANTS:
        value, reason = _check_value(p, record.get(p))
        if reason:
            reasons.append(reason)
        values[p] = value
    invalid = _flag_list(record.get("invalid"))
    unknown = [x for x in invalid if x not in POLLUTANTS]
    if unknown:
        reasons.append(f"invalid: unknown pollutant {', '.join(unknown)}")
    if not reasons and all(v is None for v in values.values()):
        reasons.append("no pollutant value")
    return reasons, station, hour_end, values, sorted(set(invalid))


# Cells of these types are judged once per distinct value: equal cells read alike (1,
# 1.0 and True are equal keys but the same number; aware times of different offsets are
# equal keys with different checks, hence judged one by one).
_TEXT = frozenset({str, type(None)})
_NUMBER = _TEXT | {int, float, bool}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _distinct(cells: Sequence[Any], types: frozenset[type]) -> tuple[list[Any], np.ndarray]:
    """The distinct cells and each cell's index among them (every cell its own when a
    cell's type is not one of ``types``): a file repeats its stations, hours and values."""
    if not set(map(type, cells)) <= types:
        return list(cells), np.arange(len(cells))
    index = dict.fromkeys(cells)
    for i, cell in enumerate(index):
        index[cell] = i
    return list(index), np.fromiter(map(index.__getitem__, cells), np.intp, len(cells))


def _judge_time(cell: Any) -> tuple[datetime | None, int]:
    """The end of hour and its UTC microseconds, or None when the row checks refuse it."""
    try:
        hour_end = _time(cell)
    except (TypeError, ValueError):
        return None, 0
    if hour_end.minute or hour_end.second or _time_range_problems(hour_end):
        return None, 0
    return hour_end, (hour_end - _EPOCH) // _MICROSECOND


def _numbers(cells: Sequence[Any]) -> np.ndarray | None:
    """A column in which every cell is a number, as floats (numpy reads a text as
    ``float()`` does); None when any cell is empty, missing or not a number."""
    try:
        numbers = np.array(cells, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None
    if numbers.shape != (len(cells),) or np.isnan(numbers).any():
        return None
    return numbers


def _check_columns(
    columns: dict[str, Sequence[Any]],
    record_at: Callable[[int], dict[str, Any]],
    stations: set[str] | None,
    first_row: int,
) -> Parsed:
    """The row checks over whole columns, each distinct cell judged once; a row any check
    finds fault with is read again alone for its reasons (refusals are few)."""
    n = len(columns["station"])
    bad = np.zeros(n, dtype=bool)

    distinct, at = _distinct(columns["station"], _TEXT)
    codes = [str(c or "").strip() for c in distinct]
    bad |= np.array(
        [
            not code
            or bool(_UNSTORABLE.search(code))
            or (stations is not None and code not in stations)
            for code in codes
        ],
        dtype=bool,
    )[at]
    # one number per code (cells such as ' A1' and 'A1' are one station)
    code_number: dict[str, int] = {}
    station_num = np.array([code_number.setdefault(c, len(code_number)) for c in codes])[at]
    stations_out = np.array(codes, dtype=object)[at].tolist()

    distinct, at = _distinct(columns["time"], _TEXT)
    judged = [_judge_time(c) for c in distinct]
    bad |= np.array([h is None for h, _m in judged], dtype=bool)[at]
    hour_ends = np.array([h for h, _m in judged], dtype=object)[at].tolist()
    micros = np.array([m for _h, m in judged], dtype=np.int64)[at]

    values = np.empty((n, N_POLLUTANTS))
    for j, p in enumerate(POLLUTANTS):
        numbers = _numbers(columns[p])
        if numbers is not None:
            values[:, j] = numbers
            bad |= (numbers < 0) | (numbers > PLAUSIBLE_MAX[p])
            continue
        distinct, at = _distinct(columns[p], _NUMBER)
        checked = [_check_value(p, c) for c in distinct]
        values[:, j] = np.array([np.nan if v is None else v for v, _r in checked])[at]
        bad |= np.array([r is not None for _v, r in checked], dtype=bool)[at]
    bad |= np.isnan(values).all(axis=1)

    invalid = np.zeros((n, N_POLLUTANTS), dtype=bool)
    distinct, at = _distinct(columns["invalid"], _TEXT)
    if any(distinct):
        flags = [_flag_list(c) for c in distinct]
        invalid = np.array([[p in f for p in POLLUTANTS] for f in flags], dtype=bool)[at]
        bad |= np.array([any(x not in POLLUTANTS for x in f) for f in flags], dtype=bool)[at]

    parsed = Parsed()
    for i in np.flatnonzero(bad).tolist():
        record = record_at(i)
        reasons, station, hour_end, row_values, flagged = _row(record, stations)
        if reasons:
            parsed.rejected.append(Rejection(first_row + i, reasons, _raw(record)))
            continue
        # not expected: the columns' judgement is the row's; the row's reading wins
        bad[i] = False
        stations_out[i], hour_ends[i] = station, hour_end
        station_num[i] = code_number.setdefault(station, len(code_number))
        micros[i] = (hour_end - _EPOCH) // _MICROSECOND
        values[i] = [np.nan if row_values[p] is None else row_values[p] for p in POLLUTANTS]
        invalid[i] = [p in flagged for p in POLLUTANTS]

    # The same station and hour twice: the first row kept is kept, later ones refused.
    clean = np.flatnonzero(~bad)
    if clean.size:
        _t, hour_key = np.unique(micros[clean], return_inverse=True)
        key = station_num[clean].astype(np.int64) * len(_t) + hour_key
        _k, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        first_of = clean[first][inverse]
        repeated = first_of != clean
        for i, f in zip(clean[repeated].tolist(), first_of[repeated].tolist(), strict=True):
            reason = f"duplicated hour: same station and hour as row {first_row + f}"
            parsed.rejected.append(Rejection(first_row + i, [reason], _raw(record_at(i))))
        clean = clean[~repeated]
    parsed.rejected.sort(key=lambda r: r.number)
    kept = clean.tolist()
    parsed.numbers = [first_row + i for i in kept]
    parsed.stations = [stations_out[i] for i in kept]
    parsed.hour_ends = [hour_ends[i] for i in kept]
    parsed.micros = micros[clean]
    parsed.values = values[clean]
    parsed.invalid = invalid[clean]
    return parsed


def _raw(record: dict[str, Any]) -> dict[str, str]:
    return {_storable(k): _storable(v) for k, v in record.items()}


def check_records(
    records: Iterable[dict[str, Any]],
    units: dict[str, str] | None = None,
    stations: set[str] | None = None,
    first_row: int = 1,
) -> Parsed:
    """Check raw records (header names already as given) and split them into rows to keep
    and refusals with reasons."""
    _unit_problem(units)
    records = list(records)
    columns = {
        name: [r.get(name) for r in records] for name in ("station", "time", *POLLUTANTS, "invalid")
    }
    return _check_columns(columns, records.__getitem__, stations, first_row)


def _normalise(records: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    units: dict[str, str] = {}
    out = []
    for record in records:
        row = {}
        for name, value in record.items():
            if name is None:
                continue
            key, unit = _header(str(name))
            if unit:
                units[key] = unit
            row[key] = value
        out.append(row)
    return out, units


def _csv_rows(text: str) -> tuple[list[str] | None, list[list[str]]]:
    """The header and the non-empty rows. Without quotes and lone carriage returns a
    line's fields are its text split at commas — what the csv module reads, several times
    faster."""
    plain = text.replace("\r\n", "\n") if "\r" in text else text
    if '"' in plain or "\r" in plain or plain.startswith("\n"):
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        return header, [row for row in reader if row]
    lines = plain.split("\n")
    if not lines[0]:
        return None, []
    return lines[0].split(","), [line.split(",") for line in lines[1:] if line]


def _csv_columns(text: str) -> tuple[list[str], list[list[str]]] | None:
    """The header and the columns of a plain CSV — no quotes, no lone carriage return,
    every non-empty line as many fields as the header — split in one pass; None for any
    other CSV."""
    plain = text.replace("\r\n", "\n") if "\r" in text else text
    if '"' in plain or "\r" in plain or plain.startswith("\n"):
        return None
    lines = plain.split("\n")
    header = lines[0].split(",")
    body = "\n".join([line for line in lines[1:] if line])
    if not body:
        return None
    raw = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    commas = np.flatnonzero(raw == ord(","))
    before = np.searchsorted(commas, np.flatnonzero(raw == ord("\n")))
    per_line = np.diff(np.concatenate([[0], before, [commas.size]]))
    if np.any(per_line != len(header) - 1):
        return None
    cells = body.replace("\n", ",").split(",")
    return header, [cells[j :: len(header)] for j in range(len(header))]


def _check_csv(text: str, stations: set[str] | None) -> Parsed:
    """Check a CSV's rows by columns (headers parsed once)."""
    fast = _csv_columns(text)
    if fast:
        header, cells = fast
        n = len(cells[0])
    else:
        header, rows = _csv_rows(text)
        n = len(rows)
    parsed = [_header(name) for name in header or []]
    keys = [key for key, _unit in parsed]
    units = {key: unit for key, unit in parsed if unit}
    if not fast:
        if rows and min(map(len, rows)) < len(keys):  # short rows: read as records
            records = [dict(zip(keys, row, strict=False)) for row in rows]
            return _check_read(records, units, stations)
        cells = list(zip(*rows, strict=False)) or [()] * len(keys)
    if n and not {"station", "time"} <= set(keys):
        raise FileError("the header needs at least the columns station and time")
    _unit_problem(units)
    at = {key: i for i, key in enumerate(keys)}  # a repeated column: its last one, as a dict
    none = [None] * n
    columns = {
        name: cells[at[name]] if name in at else none
        for name in ("station", "time", *POLLUTANTS, "invalid")
    }

    def record(i: int) -> dict[str, Any]:
        return dict(zip(keys, (column[i] for column in cells), strict=False))

    return _check_columns(columns, record, stations, 1)


def _check_read(
    records: list[dict[str, Any]], units: dict[str, str], stations: set[str] | None
) -> Parsed:
    if records and not {"station", "time"} <= set(records[0]):
        raise FileError("the header needs at least the columns station and time")
    return check_records(records, units, stations)


def read(content: bytes, filename: str, stations: set[str] | None = None) -> Parsed:
    """Parse a CSV, XLSX or JSON payload; row numbers count data rows from 1. Raises
    :class:`FileError` (and nothing else) when the file as a whole cannot be read."""
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError("not UTF-8 text (save the CSV as UTF-8)") from None
        try:
            return _check_csv(text, stations)
        except csv.Error as exc:
            raise FileError(f"the CSV cannot be read: {exc}") from None
    if suffix in ("xlsx", "xlsm"):
        try:
            records, units = _normalise(list(_xlsx_records(content)))
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise FileError(f"not a readable XLSX workbook: {exc}") from None
    elif suffix == "json":
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FileError(f"not valid JSON: {exc}") from None
        items = data.get("observations") if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise FileError('expected a list of observations or {"observations": [...]}')
        given = (data.get("units") or {}) if isinstance(data, dict) else {}
        if not isinstance(given, dict) or not all(isinstance(u, str) for u in given.values()):
            raise FileError('expected units as {"pollutant": "unit", ...}')
        # a list or an object where a cell belongs is refused with its row, as text
        records, units = _normalise(
            {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in item.items()}
            for item in items
        )
        units.update({k: _unit(v) for k, v in given.items()})
    else:
        raise FileError(f"unsupported file type .{suffix} (CSV, XLSX or JSON)")
    return _check_read(records, units, stations)


def _xlsx_records(content: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    names = [str(h) if h is not None else "" for h in header]
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        yield dict(zip(names, values, strict=False))
