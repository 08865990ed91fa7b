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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm25")
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
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


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
    except (TypeError, ValueError):
        return None, f"{pollutant}: not a number: {raw!r}"
    if value != value or value < 0:
        return None, f"{pollutant}: negative or not a number: {raw!r}"
    if value > PLAUSIBLE_MAX[pollutant]:
        return None, f"{pollutant}: impossible value {value:g} (above {PLAUSIBLE_MAX[pollutant]})"
    return value, None


def check_records(
    records: Iterable[dict[str, Any]],
    units: dict[str, str] | None = None,
    stations: set[str] | None = None,
    first_row: int = 1,
) -> Parsed:
    """Check raw records (header names already as given) and split them into rows to keep
    and refusals with reasons."""
    parsed = Parsed()
    seen: dict[tuple[str, datetime], int] = {}
    wrong_units = {
        p: u
        for p, u in (units or {}).items()
        if p in EXPECTED_UNIT and u and _unit(u) != EXPECTED_UNIT[p]
    }
    if wrong_units:
        p, u = next(iter(wrong_units.items()))
        raise FileError(f"column {p}: unit {u!r}, expected {EXPECTED_UNIT[p]}")
    for number, record in enumerate(records, start=first_row):
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
            elif value is not None:
                values[p] = value
            else:
                values[p] = None
        flags = record.get("invalid")
        invalid = (
            [
                x.strip().lower().replace(".", "")
                for x in str(flags).replace(",", ";").split(";")
                if x.strip()
            ]
            if flags
            else []
        )
        unknown = [x for x in invalid if x not in POLLUTANTS]
        if unknown:
            reasons.append(f"invalid: unknown pollutant {', '.join(unknown)}")
        if not reasons and all(v is None for v in values.values()):
            reasons.append("no pollutant value")
        key = (station, hour_end)
        if not reasons and key in seen:
            reasons.append(f"duplicated hour: same station and hour as row {seen[key]}")
        if reasons:
            parsed.rejected.append(
                Rejection(number, reasons, {_storable(k): _storable(v) for k, v in record.items()})
            )
            continue
        seen[key] = number
        parsed.rows.append(Row(number, station, hour_end, values, sorted(set(invalid))))
    return parsed


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


def _csv_records(text: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows as dicts keyed by normalised column names (headers parsed once)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return [], {}
    parsed = [_header(name) for name in header]
    keys = [key for key, _unit in parsed]
    units = {key: unit for key, unit in parsed if unit}
    return [dict(zip(keys, row, strict=False)) for row in reader if row], units


def read(content: bytes, filename: str, stations: set[str] | None = None) -> Parsed:
    """Parse a CSV, XLSX or JSON payload; row numbers count data rows from 1."""
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        records, units = _csv_records(content.decode("utf-8-sig"))
    elif suffix in ("xlsx", "xlsm"):
        records, units = _normalise(_xlsx_records(content))
    elif suffix == "json":
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FileError(f"not valid JSON: {exc}") from None
        items = data.get("observations") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise FileError('expected a list of observations or {"observations": [...]}')
        records, units = _normalise(items)
        if isinstance(data, dict):
            units.update({k: _unit(v) for k, v in (data.get("units") or {}).items()})
    else:
        raise FileError(f"unsupported file type .{suffix} (CSV, XLSX or JSON)")
    if records and not {"station", "time"} <= set(records[0]):
        raise FileError("the header needs at least the columns station and time")
    return check_records(records, units, stations)


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
