"""Reading self-monitoring files (CSV, XLSX) and API payloads into checked rows (no Django
import).

Columns: ``credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag``.

- ``pollutant`` is an HJ 212-2017 code (``a21026`` SO2, ``a21002`` NOx, ``a34013``
  particulate, ``w01018`` COD, ``w21003`` ammonia nitrogen …);
- ``start``/``end`` bound the averaging period (ISO 8601; Asia/Shanghai unless an offset
  is given): one hour for flue gas, 2 hours or a day for waste water;
- ``value`` the concentration as measured, in the pollutant's unit (mg/m³ for gas, mg/L
  for water, none for pH); ``o2`` the measured oxygen (%) of a flue-gas value;
- ``flag`` the HJ 212 data flag: ``N`` valid; ``F`` stopped, ``M`` maintenance, ``S``
  manually set, ``D`` fault, ``C`` calibration, ``T`` over the range, ``B`` transmission
  fault mark a value that counts as no value.

Every refused row comes back with its row number and the reasons; rows are numbered from
1 after the header.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

LOCAL = timezone(timedelta(hours=8))  # Asia/Shanghai has no daylight saving time
COLUMNS = ("credit_code", "outlet_code", "pollutant", "start", "end", "value", "unit", "o2", "flag")
REQUIRED = ("credit_code", "outlet_code", "pollutant", "start", "end", "flag")
VALID_FLAG = "N"
# HJ 212-2017 data flags (数据标记); every flag but N takes the value out of the counting.
FLAGS = {
    "N": "valid",
    "F": "stopped",
    "M": "maintenance",
    "S": "manually set",
    "D": "fault",
    "C": "calibration",
    "T": "over the measuring range",
    "B": "transmission fault",
}
# The averaging periods a submission may carry (rules-sources §6: hourly means for flue
# gas; 2-hourly means or daily values for waste water).
PERIODS = {
    "gas": (timedelta(hours=1),),
    "water": (timedelta(hours=1), timedelta(hours=2), timedelta(days=1)),
}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# Above these a value is refused as impossible rather than judged against a limit.
PLAUSIBLE_MAX = {"mg/m3": 100_000.0, "mg/l": 1_000_000.0, "": 14.0, "/l": 1e12}
UNIT_ALIASES = {
    "mg/m³": "mg/m3",
    "mg/nm3": "mg/m3",
    "mg/nm³": "mg/m3",
    "mg/l": "mg/l",
    "无量纲": "",
    "ph": "",
    "个/l": "/l",
}
_UNSTORABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


class FileError(ValueError):
    """The file as a whole cannot be read (format, header)."""


@dataclass(frozen=True)
class PollutantUnit:
    """What the parser needs to know of a pollutant: gas or water, and its unit."""

    kind: str  # "gas" | "water"
    unit: str  # normalised: "mg/m3", "mg/l", "" (pH), "/l"


@dataclass
class Row:
    number: int
    credit_code: str
    outlet_code: str
    pollutant: str
    start: datetime
    end: datetime
    value: float | None
    o2: float | None
    flag: str


@dataclass
class Rejection:
    number: int
    reasons: list[str]
    raw: dict[str, str]


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def normalise_unit(text: Any) -> str:
    unit = str(text or "").strip().lower().replace(" ", "")
    return UNIT_ALIASES.get(unit, unit.replace("³", "3"))


@functools.lru_cache(maxsize=65536)
def _time_from_text(text: str) -> datetime:
    # Every outlet of a file repeats the same hours: parse each distinct text once.
    value = datetime.fromisoformat(text.strip().replace("/", "-"))
    return value if value.tzinfo else value.replace(tzinfo=LOCAL)


def _time(name: str, raw: Any, reasons: list[str]) -> datetime | None:
    try:
        if isinstance(raw, datetime):
            value = raw if raw.tzinfo else raw.replace(tzinfo=LOCAL)
        else:
            value = _time_from_text(str(raw))
    except (TypeError, ValueError):
        reasons.append(f"{name}: not a date and time: {raw!r}")
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        reasons.append(f"{name}: year {value.year} outside {EARLIEST_YEAR}–{LATEST_YEAR}")
        return None
    offset = value.utcoffset()
    if offset is not None and abs(offset) > timedelta(hours=14):
        reasons.append(f"{name}: UTC offset beyond ±14:00")
        return None
    return value


def _number(name: str, raw: Any, reasons: list[str]) -> float | None:
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "—", "NA")):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        reasons.append(f"{name}: not a number: {raw!r}")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        reasons.append(f"{name}: not a number: {raw!r}")
        return None
    return value


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _storable(value: Any) -> str:
    return re.sub("[\x00\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", _text(value))


def check_records(
    records: Iterable[Mapping[str, Any]],
    pollutants: Mapping[str, PollutantUnit],
    *,
    credit_code_problem: Any = None,
    first_row: int = 1,
) -> Parsed:
    """Check raw records (keys are the column names) and split them into rows to keep and
    refusals with reasons. ``pollutants`` maps each known HJ 212 code to its kind and unit;
    ``credit_code_problem(code)`` returns why a credit code is invalid, or None."""
    parsed = Parsed()
    seen: dict[tuple[str, str, str, datetime], int] = {}
    for number, record in enumerate(records, start=first_row):
        reasons: list[str] = []
        credit_code = _text(record.get("credit_code")).upper()
        outlet_code = _text(record.get("outlet_code"))
        pollutant = _text(record.get("pollutant")).lower()
        for name, value in (
            ("credit_code", credit_code),
            ("outlet_code", outlet_code),
            ("pollutant", pollutant),
        ):
            if not value:
                reasons.append(f"{name}: missing")
            elif _UNSTORABLE.search(value) or len(value) > 40:
                reasons.append(f"{name}: control characters or too long")
        if credit_code and not reasons and credit_code_problem is not None:
            problem = credit_code_problem(credit_code)
            if problem:
                reasons.append(f"credit_code: {problem}")
        info = pollutants.get(pollutant)
        if pollutant and info is None and not any(r.startswith("pollutant") for r in reasons):
            reasons.append(f"pollutant: unknown HJ 212 code {pollutant!r}")
        start = _time("start", record.get("start"), reasons)
        end = _time("end", record.get("end"), reasons)
        if start and end:
            length = end - start
            if length <= timedelta(0):
                reasons.append("end: not after start")
            elif info is not None and length not in PERIODS[info.kind]:
                allowed = ", ".join(_period_label(p) for p in PERIODS[info.kind])
                reasons.append(
                    f"end: a {info.kind} value covers {allowed}, not {_period_label(length)}"
                )
        flag = _text(record.get("flag")).upper() or VALID_FLAG
        if flag not in FLAGS:
            reasons.append(f"flag: unknown HJ 212 data flag {flag!r} (N, F, M, S, D, C, T, B)")
        value = _number("value", record.get("value"), reasons)
        unit = normalise_unit(record.get("unit"))
        if info is not None:
            if record.get("unit") not in (None, "") and unit != info.unit:
                reasons.append(
                    f"unit: {_text(record.get('unit'))!r}, expected {info.unit or 'no unit'}"
                )
            if value is not None:
                if value < 0:
                    reasons.append(f"value: negative: {value:g}")
                elif value > PLAUSIBLE_MAX.get(info.unit, 1e12):
                    reasons.append(f"value: impossible value {value:g}")
            if (
                value is None
                and flag == VALID_FLAG
                and not any(r.startswith("value") for r in reasons)
            ):
                reasons.append("value: missing in a row flagged N (valid)")
        o2 = _number("o2", record.get("o2"), reasons)
        if o2 is not None and not 0 <= o2 < 21:
            reasons.append(f"o2: {o2:g} % outside 0–21")
        # a concentration in flue gas is corrected to reference O2; a flow is not
        gas_without_o2 = info is not None and info.unit == "mg/m3" and o2 is None
        if gas_without_o2 and flag == VALID_FLAG and not any(r.startswith("o2") for r in reasons):
            reasons.append("o2: missing for a flue-gas value flagged N (needed to correct it)")
        if info is not None and info.kind != "gas" and o2 is not None:
            reasons.append("o2: only flue-gas values carry oxygen")
        if not reasons and start is not None:
            key = (credit_code, outlet_code, pollutant, start)
            if key in seen:
                reasons.append(f"duplicate: same outlet, pollutant and start as row {seen[key]}")
            else:
                seen[key] = number
        if reasons or start is None or end is None:
            parsed.rejected.append(
                Rejection(number, reasons, {_storable(k): _storable(v) for k, v in record.items()})
            )
            continue
        parsed.rows.append(
            Row(number, credit_code, outlet_code, pollutant, start, end, value, o2, flag)
        )
    return parsed


def _period_label(length: timedelta) -> str:
    if length % timedelta(days=1) == timedelta(0):
        days = length // timedelta(days=1)
        return "1 day" if days == 1 else f"{days} days"
    hours = length / timedelta(hours=1)
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def _header(name: Any) -> str:
    return _text(name).lower().lstrip("\ufeff")


def _csv_records(text: str) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return []
    keys = [_header(name) for name in header]
    _check_header(keys)
    return [dict(zip(keys, row, strict=False)) for row in reader if any(row)]


def _check_header(keys: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise FileError(
            f"the header lacks the columns {', '.join(missing)} (expected {','.join(COLUMNS)})"
        )


def _xlsx_records(content: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileError(f"not a readable XLSX workbook: {exc}") from None
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    keys = [_header(name) for name in header]
    _check_header(keys)
    for row in rows:
        if row and any(cell not in (None, "") for cell in row):
            yield dict(zip(keys, row, strict=False))


def _json_records(content: bytes) -> list[Mapping[str, Any]]:
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileError(f"not valid JSON: {exc}") from None
    items = data.get("observations") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise FileError('expected {"observations": [{"credit_code": …, …}, …]}')
    return [{_header(k): v for k, v in item.items()} for item in items]


def read(
    content: bytes,
    filename: str,
    pollutants: Mapping[str, PollutantUnit],
    *,
    credit_code_problem: Any = None,
) -> Parsed:
    """Parse a CSV or XLSX file or a JSON payload (``{"observations": [{column: value}]}``
    as the API takes it), chosen by its bytes, not its name."""
    records: Iterable[Mapping[str, Any]]
    if content[:4] == b"PK\x03\x04":
        records = list(_xlsx_records(content))
    elif content.lstrip()[:1] == b"{":
        records = _json_records(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError("not UTF-8 text (save the CSV as UTF-8) nor an XLSX workbook") from None
        records = _csv_records(text)
    return check_records(records, pollutants, credit_code_problem=credit_code_problem)
