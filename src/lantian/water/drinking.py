"""Drinking-water-source compliance and its rates (no Django import).

The rules are data in ``data/gb3838_2002.json`` (``drinking_source``), each citing its
source:

- **A sample complies** (达标) when every Table 1 item that counts in the site class
  (water temperature, total nitrogen and faecal coliform are reported apart) is Class III
  or better — in the lake/reservoir column for a lake source — and every Table 2
  supplementary item (sulfate, chloride, nitrate, iron, manganese) is at most its limit
  (single-factor evaluation, GB 3838-2002 5.1). An exceeding item carries its multiple
  ``(C − L) / L``; pH and dissolved oxygen exceed without one (环办〔2011〕22号).
  Table 3 is not transcribed, so its items are not evaluated.
- **Groundwater sources** are judged against GB/T 14848 Class III, whose limits are not
  in the data: they are *not evaluated* (never counted as compliant).
- **A source-month** complies when it has at least one evaluated sample and every
  evaluated sample of the month complies; a source-month without a sample is not
  evaluated.
- **水源达标率** = compliant sources / evaluated sources; **水量达标率** = abstraction
  volume of the compliant sources / abstraction volume of the evaluated sources (10⁴ t,
  万吨). For a year Lantian counts source-months: compliant source-months / evaluated
  source-months, and the volumes summed over the months (the reference defines the rates
  without a period; this is Lantian's reading).
- **Too little data**: a period where nothing was evaluated has no rates (``no_data``);
  one where some expected source-month was not evaluated is ``partial`` and lists them;
  a volume rate needs a volume for every evaluated source-month, else it is None and
  the sources without one are listed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from lantian.water import gb3838

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_RULES: dict[str, Any] = gb3838._data()["drinking_source"]
REQUIRED_CLASS: int = gb3838.class_code(_RULES["required_class"])
TABLE2: dict[str, float] = {item: float(spec["limit"]) for item, spec in gb3838.table2().items()}
# every item a drinking-source sample may carry: Table 1, then Table 2
ITEMS: tuple[str, ...] = (*gb3838.ITEMS, *TABLE2)
CHECKED: tuple[str, ...] = (*gb3838.CLASS_ITEMS, *TABLE2)

NO_SAMPLE = "no_sample"
GROUNDWATER = "groundwater_standard_missing"
NOTHING_EVALUATED = "no_evaluated_item"


def rules() -> dict[str, Any]:
    """The drinking-source rules as the data file states them, with their sources."""
    return {key: dict(value) for key, value in _RULES.items() if isinstance(value, dict)}


@dataclass(frozen=True)
class Exceeding:
    item: str
    value: float
    limit: float | None  # None for pH (a range)
    multiple: float | None  # None for pH and dissolved oxygen

    def as_json(self, decimals: int = 3) -> dict[str, Any]:
        return {
            "item": self.item,
            "value": self.value,
            "limit": self.limit,
            "multiple": None if self.multiple is None else round(self.multiple, decimals),
        }


@dataclass
class Checks:
    """Arrays aligned with the samples: whether each was evaluated, whether it complies
    (False where not evaluated), and per checked item whether it exceeds and by what
    multiple (NaN where it does not, or has none)."""

    evaluated: BoolArray
    compliant: BoolArray
    exceeds: dict[str, BoolArray]
    multiple: dict[str, FloatArray]
    values: dict[str, FloatArray]
    water_body: npt.NDArray[Any] = field(default_factory=lambda: np.zeros(0, dtype=object))

    def exceeding(self, index: int) -> tuple[Exceeding, ...]:
        """The exceeding items of one sample, the largest multiple first."""
        found = []
        for item, over in self.exceeds.items():
            if not over[index]:
                continue
            multiple = float(self.multiple[item][index])
            found.append(
                Exceeding(
                    item=item,
                    value=float(self.values[item][index]),
                    limit=_limit(item, self.water_body[index]),
                    multiple=None if math.isnan(multiple) else multiple,
                )
            )
        return tuple(sorted(found, key=_order))


def _order(e: Exceeding) -> tuple[bool, float, int]:
    return (e.multiple is None, -(e.multiple or 0.0), ITEMS.index(e.item))


def _limit(item: str, water_body: str) -> float | None:
    if item in TABLE2:
        return TABLE2[item]
    column = gb3838.limits(item, water_body or "river")
    return None if column is None else column[REQUIRED_CLASS - 1]


def check_many(
    values: Mapping[str, npt.ArrayLike | None],
    water_body: str | npt.ArrayLike = "river",
    groundwater: bool | npt.ArrayLike = False,
) -> Checks:
    """Compliance of many samples at once (one array element per sample; NaN or None is
    not measured). ``water_body`` is "river" or "lake", one or one per sample;
    ``groundwater`` marks samples of groundwater sources, which are not evaluated."""
    unknown = [item for item in values if item not in ITEMS]
    if unknown:
        raise ValueError(f"unknown item {unknown[0]!r} (expected one of {', '.join(ITEMS)})")
    arrays = {
        item: np.atleast_1d(np.asarray(np.nan if v is None else v, dtype=float))
        for item, v in values.items()
    }
    sizes = {a.size for a in arrays.values() if a.size != 1}
    if len(sizes) > 1:
        raise ValueError("all item arrays must have the same length")
    size = sizes.pop() if sizes else int(np.asarray(water_body).size)
    arrays = {item: np.broadcast_to(a, (size,)) for item, a in arrays.items()}
    bodies = np.broadcast_to(np.asarray(water_body, dtype=object), (size,))
    ground = np.broadcast_to(np.asarray(groundwater, dtype=bool), (size,))
    table1 = {item: a for item, a in arrays.items() if item in gb3838.ITEMS}
    exceeds: dict[str, BoolArray] = {}
    multiple: dict[str, FloatArray] = {}
    if table1:
        batch = gb3838.evaluate_many(table1, bodies, REQUIRED_CLASS)
        exceeds.update(batch.exceeds)
        multiple.update(batch.multiple)
    for item, limit in TABLE2.items():
        if item not in arrays:
            continue
        value = arrays[item]
        if np.any(value < 0):
            raise ValueError(f"{item}: cannot be negative")
        over = value > limit  # NaN compares False: not measured, not exceeding
        exceeds[item] = over
        multiple[item] = np.where(over, (value - limit) / limit, np.nan)
    measured = np.zeros(size, dtype=bool)
    for item in CHECKED:
        if item in arrays:
            measured |= ~np.isnan(arrays[item])
    evaluated = measured & ~ground
    over_any = np.zeros(size, dtype=bool)
    for item in exceeds:
        exceeds[item] = exceeds[item] & evaluated
        over_any |= exceeds[item]
    return Checks(
        evaluated=evaluated,
        compliant=evaluated & ~over_any,
        exceeds=exceeds,
        multiple=multiple,
        values=dict(arrays),
        water_body=bodies,
    )


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class SourceMonth:
    """One drinking source in one month."""

    source: str
    month: date
    evaluated: bool
    compliant: bool | None  # None when not evaluated
    volume: float | None  # 10⁴ t (万吨) abstracted that month
    samples: int = 0
    exceeding: tuple[Exceeding, ...] = ()
    reason: str | None = None  # why not evaluated: NO_SAMPLE, GROUNDWATER, NOTHING_EVALUATED

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "month": self.month.isoformat()[:7],
            "evaluated": self.evaluated,
            "compliant": self.compliant,
            "volume": self.volume,
            "samples": self.samples,
            "exceeding": [e.as_json() for e in self.exceeding],
            "not_evaluated_reason": self.reason,
        }


def source_month(
    source: str,
    month: date,
    checks: Checks | None,
    indexes: Sequence[int],
    volume: float | None,
    *,
    groundwater: bool = False,
) -> SourceMonth:
    """A source-month from the checks of its samples (``indexes`` into ``checks``): it
    complies when every evaluated sample does; the exceeding items keep each item's
    largest multiple over the month."""
    if not indexes or checks is None:
        reason = GROUNDWATER if groundwater else NO_SAMPLE
        return SourceMonth(source, month, False, None, volume, 0, (), reason)
    evaluated = [i for i in indexes if checks.evaluated[i]]
    if not evaluated:
        reason = GROUNDWATER if groundwater else NOTHING_EVALUATED
        return SourceMonth(source, month, False, None, volume, len(indexes), (), reason)
    worst: dict[str, Exceeding] = {}
    for i in evaluated:
        for e in checks.exceeding(i):
            kept = worst.get(e.item)
            if kept is None or (e.multiple or 0.0) > (kept.multiple or 0.0):
                worst[e.item] = e
    exceeding = tuple(sorted(worst.values(), key=_order))
    compliant = all(bool(checks.compliant[i]) for i in evaluated)
    return SourceMonth(source, month, True, compliant, volume, len(indexes), exceeding)


@dataclass(frozen=True)
class Rates:
    """The rates of a period over its source-months."""

    expected: int  # source-months the period should have
    evaluated: int
    compliant: int
    source_rate: float | None  # 0–1; None when nothing was evaluated
    volume_evaluated: float | None
    volume_compliant: float | None
    volume_rate: float | None  # 0–1; None without data or with a volume missing
    status: str  # "complete" | "partial" | "no_data"
    not_evaluated: tuple[tuple[str, date, str], ...]
    volume_missing: tuple[tuple[str, date], ...]

    def as_json(self, decimals: int = 1) -> dict[str, Any]:
        def percent(rate: float | None) -> float | None:
            return None if rate is None else round(rate * 100, decimals)

        return {
            "status": self.status,
            "source_months_expected": self.expected,
            "source_months_evaluated": self.evaluated,
            "source_months_compliant": self.compliant,
            "source_rate_percent": percent(self.source_rate),
            "volume_evaluated": self.volume_evaluated,
            "volume_compliant": self.volume_compliant,
            "volume_rate_percent": percent(self.volume_rate),
            "not_evaluated": [
                {"source": s, "month": m.isoformat()[:7], "reason": r}
                for s, m, r in self.not_evaluated
            ],
            "volume_missing": [
                {"source": s, "month": m.isoformat()[:7]} for s, m in self.volume_missing
            ],
        }


def rates(months: Sequence[SourceMonth]) -> Rates:
    """水源达标率 and 水量达标率 over source-months (one month's sources, or a year's)."""
    evaluated = [m for m in months if m.evaluated]
    compliant = [m for m in evaluated if m.compliant]
    missing = tuple((m.source, m.month) for m in evaluated if m.volume is None)
    volume_evaluated = volume_compliant = volume_rate = None
    if evaluated and not missing:
        volume_evaluated = float(sum(m.volume or 0.0 for m in evaluated))
        volume_compliant = float(sum(m.volume or 0.0 for m in compliant))
        volume_rate = volume_compliant / volume_evaluated if volume_evaluated > 0 else None
    not_evaluated = tuple(
        (m.source, m.month, m.reason or NO_SAMPLE) for m in months if not m.evaluated
    )
    if not evaluated:
        status = "no_data"
    elif not_evaluated:
        status = "partial"
    else:
        status = "complete"
    return Rates(
        expected=len(months),
        evaluated=len(evaluated),
        compliant=len(compliant),
        source_rate=len(compliant) / len(evaluated) if evaluated else None,
        volume_evaluated=volume_evaluated,
        volume_compliant=volume_compliant,
        volume_rate=volume_rate,
        status=status,
        not_evaluated=not_evaluated,
        volume_missing=missing,
    )
