"""Reading supervisory-monitoring results (监督性监测) from the monitoring station's sheet
(CSV or XLSX; no Django import).

Columns: ``credit_code,outlet_code,pollutant,sampled_on,sample_no,value,unit,o2,
monitored_by`` — one row per sample and pollutant; ``o2`` the measured oxygen (%) of a
flue-gas sample, ``monitored_by`` the station or laboratory. Every refused row comes back
with its number (from 1 after the header) and the reasons.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lantian.sources.ingest import (
    FileError,
    PollutantUnit,
    normalise_unit,
    number_cell,
    text_cell,
)

COLUMNS = (
    "credit_code",
    "outlet_code",
    "pollutant",
    "sampled_on",
    "sample_no",
    "value",
    "unit",
    "o2",
    "monitored_by",
)
REQUIRED = ("credit_code", "outlet_code", "pollutant", "sampled_on", "sample_no", "value")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass
class Sample:
    number: int
    credit_code: str
    outlet_code: str
    pollutant: str
    sampled_on: date
    sample_no: str
    value: float
    o2: float | None
    monitored_by: str


@dataclass
class Rejection:
    number: int
    reasons: list[str]
    raw: dict[str, str]


@dataclass
class Parsed:
    samples: list[Sample] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def _day(raw: Any, reasons: list[str]) -> date | None:
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(text_cell(raw).replace("/", "-")[:10])
        except ValueError:
            reasons.append(f"sampled_on: not a date: {raw!r}")
            return None
    if not EARLIEST <= day <= LATEST:
        reasons.append(f"sampled_on: {day} outside {EARLIEST}–{LATEST}")
        return None
    return day


def check_records(
    records: Iterable[Mapping[str, Any]], pollutants: Mapping[str, PollutantUnit]
) -> Parsed:
    parsed = Parsed()
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, record in enumerate(records, start=1):
        reasons: list[str] = []
        code = text_cell(record.get("credit_code")).upper()
        outlet = text_cell(record.get("outlet_code"))
        pollutant = text_cell(record.get("pollutant")).lower()
        sample_no = text_cell(record.get("sample_no"))
        for name, value in (
            ("credit_code", code),
            ("outlet_code", outlet),
            ("pollutant", pollutant),
            ("sample_no", sample_no),
        ):
            if not value:
                reasons.append(f"{name}: missing")
            elif len(value) > 40 or any(ord(c) < 32 for c in value):
                reasons.append(f"{name}: control characters or too long")
        info = pollutants.get(pollutant)
        if pollutant and info is None:
            reasons.append(f"pollutant: unknown HJ 212 code {pollutant!r}")
        day = _day(record.get("sampled_on"), reasons)
        value = number_cell("value", record.get("value"), reasons)
        if value is None and not any(r.startswith("value") for r in reasons):
            reasons.append("value: missing")
        elif value is not None and value < 0:
            reasons.append(f"value: negative: {value:g}")
        unit = record.get("unit")
        if info is not None and text_cell(unit) and normalise_unit(unit) != info.unit:
            reasons.append(f"unit: {text_cell(unit)!r}, expected {info.unit or 'no unit'}")
        o2 = number_cell("o2", record.get("o2"), reasons)
        if o2 is not None and not 0 <= o2 < 21:
            reasons.append(f"o2: {o2:g} % outside 0–21")
        gas_without_o2 = info is not None and info.unit == "mg/m3" and o2 is None
        if gas_without_o2 and not any(r.startswith("o2") for r in reasons):
            reasons.append("o2: missing for a flue-gas sample (needed to correct it)")
        key = (code, outlet, pollutant, sample_no)
        if not reasons and key in seen:
            reasons.append(f"duplicate: same outlet, pollutant and sample as row {seen[key]}")
        if reasons or day is None or value is None:
            raw = {text_cell(k): text_cell(v) for k, v in record.items()}
            parsed.rejected.append(Rejection(number, reasons, raw))
            continue
        seen[key] = number
        parsed.samples.append(
            Sample(
                number,
                code,
                outlet,
                pollutant,
                day,
                sample_no,
                value,
                o2,
                text_cell(record.get("monitored_by"))[:100],
            )
        )
    return parsed


def read(content: bytes, pollutants: Mapping[str, PollutantUnit]) -> Parsed:
    """Parse the sheet (XLSX or UTF-8 CSV, chosen by its bytes)."""
    if content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            # read in full here: a read-only sheet's XML is parsed as it is iterated
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise FileError(f"not a readable XLSX workbook: {exc}") from None
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileError("not UTF-8 text (save the CSV as UTF-8) nor an XLSX workbook") from None
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:  # a field over the csv module's limit, a NUL byte
            raise FileError(f"the CSV cannot be read: {exc}") from None
    if not rows:
        raise FileError("the file is empty")
    keys = [text_cell(k).lower().lstrip("\ufeff") for k in rows[0]]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise FileError(
            f"the header lacks the columns {', '.join(missing)} (expected {','.join(COLUMNS)})"
        )
    records = [
        dict(zip(keys, row, strict=False))
        for row in rows[1:]
        if any(cell not in (None, "") for cell in row)
    ]
    return check_records(records, pollutants)
