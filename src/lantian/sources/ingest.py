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
import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np

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
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = "datetime64[us]"


def _micros(value: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    return (value - _EPOCH) // timedelta(microseconds=1)


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
class Columns:
    """Kept rows as columns (what bulk work reads; :meth:`to_rows` gives :class:`Row`
    objects). ``series`` indexes ``keys``, the distinct (credit code, outlet code,
    pollutant) of the rows; times are UTC ``datetime64[us]``; a value or O2 of ``None`` is
    NaN."""

    number: np.ndarray  # int64, the row numbers
    series: np.ndarray  # int64, index into keys
    keys: list[tuple[str, str, str]]
    start: np.ndarray  # datetime64[us], UTC
    end: np.ndarray
    value: np.ndarray  # float64
    o2: np.ndarray  # float64
    flag: np.ndarray  # object (str)

    def __len__(self) -> int:
        return int(self.number.size)

    @classmethod
    def from_rows(cls, rows: list[Row]) -> Columns:
        index: dict[tuple[str, str, str], int] = {}
        series = [
            index.setdefault((r.credit_code, r.outlet_code, r.pollutant), len(index)) for r in rows
        ]
        n = len(rows)
        return cls(
            number=np.fromiter((r.number for r in rows), np.int64, n),
            series=np.array(series, dtype=np.int64),
            keys=list(index),
            start=np.array([_micros(r.start) for r in rows], dtype=np.int64).view(_US),
            end=np.array([_micros(r.end) for r in rows], dtype=np.int64).view(_US),
            value=np.array([np.nan if r.value is None else r.value for r in rows], dtype=float),
            o2=np.array([np.nan if r.o2 is None else r.o2 for r in rows], dtype=float),
            flag=np.array([r.flag for r in rows], dtype=object),
        )

    def to_rows(self) -> list[Row]:
        times: dict[int, datetime] = {}

        def local(us: int) -> datetime:
            found = times.get(us)
            if found is None:
                found = times[us] = (_EPOCH + timedelta(microseconds=us)).astimezone(LOCAL)
            return found

        starts = self.start.view(np.int64).tolist()
        ends = self.end.view(np.int64).tolist()
        values, o2s = self.value.tolist(), self.o2.tolist()
        return [
            Row(
                number,
                *self.keys[series],
                local(starts[i]),
                local(ends[i]),
                None if values[i] != values[i] else values[i],
                None if o2s[i] != o2s[i] else o2s[i],
                self.flag[i],
            )
            for i, (number, series) in enumerate(
                zip(self.number.tolist(), self.series.tolist(), strict=True)
            )
        ]


class Parsed:
    """Rows kept and rows refused; the kept rows as :class:`Row` objects (``rows``) or as
    :class:`Columns` (``columns``), each built from the other when first asked for."""

    def __init__(
        self,
        rows: list[Row] | None = None,
        rejected: list[Rejection] | None = None,
        columns: Columns | None = None,
    ) -> None:
        self._rows = rows if rows is not None or columns is not None else []
        self._columns = columns
        self.rejected: list[Rejection] = rejected if rejected is not None else []

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            assert self._columns is not None
            self._rows = self._columns.to_rows()
        return self._rows

    @property
    def columns(self) -> Columns:
        if self._columns is None:
            self._columns = Columns.from_rows(self.rows)
        return self._columns


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


def number_cell(name: str, raw: Any, reasons: list[str]) -> float | None:
    """A cell as a finite number; None when empty (its reason added when not a number)."""
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "—", "NA")):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        reasons.append(f"{name}: not a number: {raw!r}")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        reasons.append(f"{name}: not a number: {raw!r}")
        return None
    return value


def text_cell(raw: Any) -> str:
    """A cell as stripped text ("" for none)."""
    return "" if raw is None else str(raw).strip()


def _storable(value: Any) -> str:
    return re.sub("[\x00\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text_cell(value))


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
        reasons, row = _check_record(number, record, pollutants, credit_code_problem)
        if row is not None:
            key = (row.credit_code, row.outlet_code, row.pollutant, row.start)
            if key in seen:
                reasons.append(f"duplicate: same outlet, pollutant and start as row {seen[key]}")
            else:
                seen[key] = number
                parsed.rows.append(row)
                continue
        parsed.rejected.append(Rejection(number, reasons, _raw(record)))
    return parsed


def _raw(record: Mapping[str, Any]) -> dict[str, str]:
    return {_storable(k): _storable(v) for k, v in record.items()}


def _check_record(
    number: int,
    record: Mapping[str, Any],
    pollutants: Mapping[str, PollutantUnit],
    credit_code_problem: Any,
) -> tuple[list[str], Row | None]:
    """The reasons to refuse one record (duplicates aside), or the row it gives."""
    reasons: list[str] = []
    credit_code = text_cell(record.get("credit_code")).upper()
    outlet_code = text_cell(record.get("outlet_code"))
    pollutant = text_cell(record.get("pollutant")).lower()
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
    flag = text_cell(record.get("flag")).upper() or VALID_FLAG
    if flag not in FLAGS:
        reasons.append(f"flag: unknown HJ 212 data flag {flag!r} (N, F, M, S, D, C, T, B)")
    value = number_cell("value", record.get("value"), reasons)
    unit = normalise_unit(record.get("unit"))
    if info is not None:
        if record.get("unit") not in (None, "") and unit != info.unit:
            reasons.append(
                f"unit: {text_cell(record.get('unit'))!r}, expected {info.unit or 'no unit'}"
            )
        if value is not None:
            if value < 0:
                reasons.append(f"value: negative: {value:g}")
            elif value > PLAUSIBLE_MAX.get(info.unit, 1e12):
                reasons.append(f"value: impossible value {value:g}")
        if value is None and flag == VALID_FLAG and not any(r.startswith("value") for r in reasons):
            reasons.append("value: missing in a row flagged N (valid)")
    o2 = number_cell("o2", record.get("o2"), reasons)
    if o2 is not None and not 0 <= o2 < 21:
        reasons.append(f"o2: {o2:g} % outside 0–21")
    # a concentration in flue gas is corrected to reference O2; a flow is not
    gas_without_o2 = info is not None and info.unit == "mg/m3" and o2 is None
    if gas_without_o2 and flag == VALID_FLAG and not any(r.startswith("o2") for r in reasons):
        reasons.append("o2: missing for a flue-gas value flagged N (needed to correct it)")
    if info is not None and info.kind != "gas" and o2 is not None:
        reasons.append("o2: only flue-gas values carry oxygen")
    if reasons or start is None or end is None:
        return reasons, None
    return reasons, Row(number, credit_code, outlet_code, pollutant, start, end, value, o2, flag)


def _period_label(length: timedelta) -> str:
    if length % timedelta(days=1) == timedelta(0):
        days = length // timedelta(days=1)
        return "1 day" if days == 1 else f"{days} days"
    hours = length / timedelta(hours=1)
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def _header(name: Any) -> str:
    return text_cell(name).lower().lstrip("\ufeff")


def _csv_records(text: str) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return []
    keys = [_header(name) for name in header]
    _check_header(keys)
    return [dict(zip(keys, row, strict=False)) for row in reader if any(row)]


def _read_csv(
    text: str, pollutants: Mapping[str, PollutantUnit], credit_code_problem: Any
) -> Parsed:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return Parsed()
    keys = [_header(name) for name in header]
    _check_header(keys)
    return check_table(keys, [row for row in reader if any(row)], pollutants, credit_code_problem)


def _factorize(values: list[Any]) -> tuple[list[Any], np.ndarray]:
    """The distinct values in order of appearance and each value's index among them."""
    distinct = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(distinct)}
    return distinct, np.fromiter(map(index.__getitem__, values), np.int64, len(values))


def _per_distinct(values: list[Any], judge: Any, dtype: Any = object) -> np.ndarray:
    """``judge(value)`` of each row's value, computed once per distinct value."""
    distinct, codes = _factorize(values)
    return np.array([judge(v) for v in distinct], dtype=dtype)[codes]


def check_table(
    keys: list[str],
    table: list[list[str]],
    pollutants: Mapping[str, PollutantUnit],
    credit_code_problem: Any = None,
) -> Parsed:
    """:func:`check_records` of the rows of a text table (a CSV's cells under the header
    ``keys``), with the same result, checked by column: each distinct text of a column is
    judged once, numbers and periods are compared as arrays, and only the rows failing a
    check are checked again one by one for their reasons."""
    n = len(table)
    if n == 0:
        return Parsed()
    position = {name: i for i, name in enumerate(keys)}  # the last of a repeated name
    width = len(keys)
    fits = np.fromiter(map(len, table), np.int64, n) == width

    every_fits = bool(fits.all())

    def column(name: str) -> list[str]:
        i = position.get(name)
        if i is None:
            return [""] * n
        if every_fits:
            return list(map(operator.itemgetter(i), table))
        return [row[i] if len(row) == width else "" for row in table]

    def code_text(limit_upper: bool = False, lower: bool = False) -> Any:
        def judge(raw: str) -> tuple[str, bool]:
            text = text_cell(raw)
            text = text.upper() if limit_upper else text.lower() if lower else text
            return text, bool(text) and not _UNSTORABLE.search(text) and len(text) <= 40

        return judge

    ok = fits.copy()
    # identities: normalised text per row, and whether it passes
    names: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, judge in (
        ("credit_code", code_text(limit_upper=True)),
        ("outlet_code", code_text()),
        ("pollutant", code_text(lower=True)),
    ):
        distinct, codes = _factorize(column(name))
        judged = [judge(v) for v in distinct]
        texts = np.array([t for t, _ in judged], dtype=object)
        passes = np.array([good for _, good in judged], dtype=bool)
        if name == "credit_code" and credit_code_problem is not None:
            passes &= np.array(
                [not (good and credit_code_problem(t)) for t, good in judged], dtype=bool
            )
        if name == "pollutant":
            passes &= np.array([t in pollutants for t, _ in judged], dtype=bool)
        names[name] = (texts, codes)
        ok &= passes[codes]
    p_texts, p_codes = names["pollutant"]
    infos = [pollutants.get(t) for t in p_texts]
    is_gas = np.array([i is not None and i.kind == "gas" for i in infos], dtype=bool)[p_codes]
    mg_m3 = np.array([i is not None and i.unit == "mg/m3" for i in infos], dtype=bool)[p_codes]
    plausible = np.array([np.inf if i is None else PLAUSIBLE_MAX.get(i.unit, 1e12) for i in infos])[
        p_codes
    ]

    # times, once per distinct text; a period of a length its medium allows
    def when(name: str) -> np.ndarray:
        def judge(raw: str) -> int:
            reasons: list[str] = []
            value = _time(name, raw, reasons)
            return _NO_TIME if value is None else _micros(value)

        return _per_distinct(column(name), judge, np.int64)

    start, end = when("start"), when("end")
    ok &= (start != _NO_TIME) & (end != _NO_TIME)
    length = end - start
    allowed = np.zeros(n, dtype=bool)
    for kind, periods in PERIODS.items():
        micros = [p // timedelta(microseconds=1) for p in periods]
        allowed |= (is_gas == (kind == "gas")) & np.isin(length, micros)
    ok &= allowed

    distinct, codes = _factorize(column("flag"))
    flags = [text_cell(raw).upper() or VALID_FLAG for raw in distinct]
    flag = np.array(flags, dtype=object)[codes]
    ok &= np.array([f in FLAGS for f in flags], dtype=bool)[codes]
    valid_flag = np.array([f == VALID_FLAG for f in flags], dtype=bool)[codes]

    def number(name: str) -> tuple[np.ndarray, np.ndarray]:
        def judge(raw: str) -> tuple[float, bool]:
            reasons: list[str] = []
            value = number_cell(name, raw, reasons)
            return (np.nan if value is None else value), not reasons

        distinct, codes = _factorize(column(name))
        judged = [judge(v) for v in distinct]
        values = np.array([v for v, _ in judged], dtype=np.float64)[codes]
        return values, np.array([good for _, good in judged], dtype=bool)[codes]

    value, good = number("value")
    has_value = ~np.isnan(value)
    ok &= good & ~(has_value & ((value < 0) | (value > plausible)))
    ok &= has_value | ~valid_flag
    units, unit_codes = _factorize(column("unit"))
    unit_ok = np.array(
        [[u in (None, "") or normalise_unit(u) == (i.unit if i else "") for i in infos]
         for u in units],
        dtype=bool,
    ).reshape(len(units), len(infos))  # fmt: skip
    ok &= unit_ok[unit_codes, p_codes]
    o2, good = number("o2")
    has_o2 = ~np.isnan(o2)
    ok &= good & ~(has_o2 & ~((o2 >= 0) & (o2 < 21)))
    ok &= ~(mg_m3 & ~has_o2 & valid_flag)
    ok &= ~(~is_gas & has_o2)

    # the rows failing a check, one by one for their reasons (some may pass after all)
    refused: list[Rejection] = []
    extra: list[Row] = []
    for i in np.flatnonzero(~ok).tolist():
        record = dict(zip(keys, table[i], strict=False))
        reasons, row = _check_record(i + 1, record, pollutants, credit_code_problem)
        if row is None:
            refused.append(Rejection(i + 1, reasons, _raw(record)))
        else:
            extra.append(row)
    # the series of each row kept
    keep = np.flatnonzero(ok)
    parts = [names[k][1][keep] for k in ("credit_code", "outlet_code", "pollutant")]
    sizes = [len(names[k][0]) for k in ("credit_code", "outlet_code", "pollutant")]
    if sizes[0] * sizes[1] * sizes[2] < 2**62:
        combined = (parts[0] * sizes[1] + parts[1]) * sizes[2] + parts[2]
        unique, series = np.unique(combined, return_inverse=True)
        distinct = np.stack(
            [unique // (sizes[1] * sizes[2]), unique // sizes[2] % sizes[1], unique % sizes[2]]
        )
    else:
        distinct, series = np.unique(np.stack(parts), axis=1, return_inverse=True)
    series_keys = [
        tuple(
            str(names[k][0][c])
            for k, c in zip(("credit_code", "outlet_code", "pollutant"), col, strict=True)
        )
        for col in distinct.T.tolist()
    ]
    columns = Columns(
        number=keep + 1,
        series=series.reshape(-1).astype(np.int64),
        keys=series_keys,  # type: ignore[arg-type]
        start=start[keep].view(_US),
        end=end[keep].view(_US),
        value=value[keep],
        o2=o2[keep],
        flag=flag[keep],
    )
    if extra:
        columns = _concat(columns, Columns.from_rows(extra))
    columns, duplicates = _without_duplicates(columns, table, keys)
    rejected = sorted(refused + duplicates, key=lambda r: r.number)
    return Parsed(rejected=rejected, columns=columns)


_NO_TIME = np.iinfo(np.int64).min


def _concat(a: Columns, b: Columns) -> Columns:
    """The rows of both, in row-number order."""
    index = {key: i for i, key in enumerate(a.keys)}
    for key in b.keys:
        index.setdefault(key, len(index))
    remap = np.array([index[key] for key in b.keys], dtype=np.int64)
    number = np.concatenate([a.number, b.number])
    order = np.argsort(number, kind="stable")
    return Columns(
        number=number[order],
        series=np.concatenate([a.series, remap[b.series]])[order],
        keys=list(index),
        start=np.concatenate([a.start, b.start])[order],
        end=np.concatenate([a.end, b.end])[order],
        value=np.concatenate([a.value, b.value])[order],
        o2=np.concatenate([a.o2, b.o2])[order],
        flag=np.concatenate([a.flag, b.flag])[order],
    )


def _without_duplicates(
    columns: Columns, table: list[list[str]], keys: list[str]
) -> tuple[Columns, list[Rejection]]:
    """The rows kept but for those repeating an earlier row's outlet, pollutant and start
    (refused, naming that row)."""
    if len(columns) < 2:
        return columns, []
    t = columns.start.view(np.int64)
    order = np.lexsort((columns.number, t, columns.series))
    s, ts = columns.series[order], t[order]
    again = np.zeros(len(columns), dtype=bool)
    again[1:] = (s[1:] == s[:-1]) & (ts[1:] == ts[:-1])
    if not again.any():
        return columns, []
    heads = np.maximum.accumulate(np.where(~again, np.arange(len(columns)), 0))
    first = columns.number[order][heads]
    refused = [
        Rejection(
            number,
            [f"duplicate: same outlet, pollutant and start as row {earlier}"],
            _raw(dict(zip(keys, table[number - 1], strict=False))),
        )
        for number, earlier in zip(
            columns.number[order][again].tolist(), first[again].tolist(), strict=True
        )
    ]
    drop = np.zeros(len(columns), dtype=bool)
    drop[order[again]] = True
    kept = ~drop
    return (
        Columns(
            number=columns.number[kept],
            series=columns.series[kept],
            keys=columns.keys,
            start=columns.start[kept],
            end=columns.end[kept],
            value=columns.value[kept],
            o2=columns.o2[kept],
            flag=columns.flag[kept],
        ),
        refused,
    )


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
        # read in full here: a read-only sheet's XML is parsed as it is iterated
        rows = iter(list(sheet.iter_rows(values_only=True)))
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileError(f"not a readable XLSX workbook: {exc}") from None
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
        try:
            return _read_csv(text, pollutants, credit_code_problem)
        except csv.Error as exc:  # a field over the csv module's limit, a NUL byte
            raise FileError(f"the CSV cannot be read: {exc}") from None
    return check_records(records, pollutants, credit_code_problem=credit_code_problem)
