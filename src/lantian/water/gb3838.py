"""Surface-water class engine (no Django import): GB 3838-2002 and its evaluation rules.

The numbers and rules live in ``data/gb3838_2002.json``, each citing its source:
GB 3838-2002《地表水环境质量标准》Table 1 (item by item) and Table 2, and
环办〔2011〕22号《地表水环境质量评价办法（试行）》 for the evaluation.

- **Item class** (GB 3838-2002 Table 1): an item is in the best class whose limit it
  meets, ``value ≤ limit`` (dissolved oxygen: ``value ≥ limit``); a value equal to a limit
  is in that class. pH 6–9 meets every class (Class I); outside it meets none (劣V).
  Total phosphorus reads the lakes-and-reservoirs column (item 8, 湖、库) for a lake.
  Water temperature (item 1) limits a human-induced weekly change (ΔT), the same for all
  classes, so a single reading has no class (``NO_CLASS``).
- **劣V** (``WORSE_THAN_V``): worse than the Class V limit (evaluation practice).
- **Site class** (环办〔2011〕22号): the worst class among the evaluated items. Water
  temperature, total nitrogen and faecal coliform are reported apart and never count;
  total nitrogen serves the lake/reservoir trophic evaluation, and for a river it is
  classed against Table 1's lake column for reference only.
- **Qualitative level** (环办〔2011〕22号): I–II 优, III 良好, IV 轻度污染, V 中度污染,
  劣V 重度污染.
- **Exceeding items**: the class-counting items worse than the target class, with the
  multiple ``(C − L) / L`` against the target class's limit ``L`` (GB 3838-2002 5.1 asks
  for multiples; the formula is common practice). Water temperature, pH and dissolved
  oxygen exceed without a multiple (环办〔2011〕22号: 水温、pH值和溶解氧等项目不计算超标
  倍数). Without a target the engine uses Class III, the class 环办〔2011〕22号 names the
  main pollutants' multiples against.

Classes are codes: ``0`` no class (absent or water temperature), ``1``–``5`` for I–V,
``6`` for 劣V; :func:`class_name` writes them ``I``…``V`` and ``劣V``. Values are mg/L,
faecal coliform per litre (个/L), pH dimensionless, water temperature in ℃; ``None`` or
``NaN`` means the item was not measured and is not evaluated.

:func:`classify_items`, :func:`exceeding` and :func:`evaluate` take one sample (a mapping
of item → value); :func:`classify_many` and :func:`evaluate_many` take arrays (one value
per sample) and compute the same on all samples at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

Int8Array = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

NO_CLASS = 0
WORSE_THAN_V = 6
CLASSES = ("I", "II", "III", "IV", "V")
CLASS_NAMES = (*CLASSES, "劣V")
WATER_BODIES = ("river", "lake")


@cache
def _data() -> dict[str, Any]:
    text = (
        resources.files("lantian.water")
        .joinpath("data/gb3838_2002.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


_TABLE1: dict[str, dict[str, Any]] = _data()["table1"]
_RULES: dict[str, Any] = _data()["evaluation"]
ITEMS: tuple[str, ...] = tuple(_TABLE1)  # Table 1 order: item numbers 1–24
REPORTED_APART = frozenset(_RULES["reported_apart"]["items"])
CLASS_ITEMS: tuple[str, ...] = tuple(item for item in ITEMS if item not in REPORTED_APART)
NO_MULTIPLE = frozenset(_RULES["exceedance_multiple"]["no_multiple"])
DEFAULT_TARGET: int = CLASSES.index(_RULES["exceedance_multiple"]["default_target"]) + 1
PH_SCALE = (0.0, 14.0)


@dataclass(frozen=True)
class Level:
    """The qualitative level of a site class (环办〔2011〕22号)."""

    number: int  # 1 优 … 5 重度污染
    name_zh: str
    name_en: str


_LEVELS = tuple(Level(r["number"], r["name_zh"], r["name_en"]) for r in _RULES["levels"]["rows"])
# level number by class code (index 0: no class)
_LEVEL_OF_CLASS = np.zeros(len(CLASS_NAMES) + 1, dtype=np.int8)
for _row in _RULES["levels"]["rows"]:
    for _name in _row["classes"]:
        _LEVEL_OF_CLASS[CLASS_NAMES.index(_name) + 1] = _row["number"]


@dataclass(frozen=True)
class Exceedance:
    item: str
    item_class: int
    multiple: float | None  # None for water temperature, pH and DO


@dataclass(frozen=True)
class Evaluation:
    """One sample: class codes per item, the site class, its level, what exceeds."""

    water_body: str
    target: int
    items: dict[str, int]
    site_class: int
    level: Level | None
    exceeding: tuple[Exceedance, ...]

    def as_json(self, decimals: int = 3) -> dict[str, Any]:
        """The ``lantian water classify`` document: classes written I…V and 劣V."""
        return {
            "class": class_name(self.site_class),
            "level": self.level.name_zh if self.level else None,
            "items": {item: class_name(code) for item, code in self.items.items()},
            "exceeding": [
                {
                    "item": e.item,
                    "class": class_name(e.item_class),
                    "multiple": None if e.multiple is None else round(e.multiple, decimals),
                }
                for e in self.exceeding
            ],
            "target": class_name(self.target),
            "water_body": self.water_body,
        }


@dataclass
class Batch:
    """Arrays aligned with the samples: class codes per item (0 where not evaluated), the
    site class, the level number (0 without a class), and per class-counting item whether
    it exceeds the target and its multiple (NaN where none)."""

    items: dict[str, Int8Array]
    site_class: Int8Array
    level: Int8Array
    exceeds: dict[str, BoolArray]
    multiple: dict[str, FloatArray]


# --------------------------------------------------------------------------- data


def table1() -> dict[str, dict[str, Any]]:
    """Table 1 by item key: names, unit, comparison, limits and their source."""
    return json.loads(json.dumps(_TABLE1))


def table2() -> dict[str, dict[str, Any]]:
    """Table 2 (supplementary items for drinking-water sources) by item key."""
    return json.loads(json.dumps(_data()["table2"]))


def standard() -> dict[str, Any]:
    return dict(_data()["standard"])


def limits(item: str, water_body: str = "river") -> tuple[float, ...] | None:
    """The item's limits for Classes I–V in the water body's column; None for pH and
    water temperature, which have no per-class limits."""
    spec = _TABLE1[_known(item)]
    if "limits" not in spec:
        return None
    column = spec["lake"] if _water_body(water_body) == "lake" and "lake" in spec else spec
    return tuple(float(column["limits"][name]) for name in CLASSES)


def class_name(code: int) -> str | None:
    """``1`` → ``"I"`` … ``6`` → ``"劣V"``; ``0`` (no class) → None."""
    return None if code == NO_CLASS else CLASS_NAMES[int(code) - 1]


def class_code(name: str) -> int:
    """``"I"`` … ``"V"``, ``"劣V"`` → 1 … 6."""
    if name not in CLASS_NAMES:
        raise ValueError(f"not a water class: {name!r} (expected one of {', '.join(CLASS_NAMES)})")
    return CLASS_NAMES.index(name) + 1


def target_code(target: str | int | None) -> int:
    """A target class (``"I"``…``"V"`` or 1–5); None gives the default, Class III."""
    if target is None:
        return DEFAULT_TARGET
    if isinstance(target, int) and not isinstance(target, bool) and 1 <= target <= 5:
        return target
    if isinstance(target, str) and target in CLASSES:
        return CLASSES.index(target) + 1
    raise ValueError(f"target must be one of {', '.join(CLASSES)}, not {target!r}")


def _known(item: str) -> str:
    if item not in _TABLE1:
        raise ValueError(f"unknown item {item!r} (expected one of {', '.join(ITEMS)})")
    return item


def _water_body(water_body: str) -> str:
    if water_body not in WATER_BODIES:
        raise ValueError(f'water_body must be "river" or "lake", not {water_body!r}')
    return water_body


def _check(item: str, value: float) -> None:
    if math.isinf(value):
        raise ValueError(f"{item}: not a finite number: {value}")
    if item == "ph" and not PH_SCALE[0] <= value <= PH_SCALE[1]:
        raise ValueError(f"ph: must be between 0 and 14, not {value:g}")
    if item != "temperature" and value < 0:
        raise ValueError(f"{item}: cannot be negative: {value:g}")


# --------------------------------------------------------------------------- one sample


def _present(values: Mapping[str, float | None]) -> dict[str, float]:
    sample: dict[str, float] = {}
    for item, value in values.items():
        _known(item)
        if value is None or math.isnan(float(value)):
            continue  # not measured: not evaluated
        _check(item, float(value))
        sample[item] = float(value)
    return dict(sorted(sample.items(), key=lambda pair: ITEMS.index(pair[0])))  # Table 1 order


def item_class(item: str, value: float, water_body: str = "river") -> int:
    """The class code of one measured value (Table 1)."""
    spec = _TABLE1[_known(item)]
    _check(item, value)
    if spec["comparison"] == "change":  # water temperature: a weekly ΔT rule, no class
        return NO_CLASS
    if spec["comparison"] == "range":  # pH: 6–9 for Classes I–V alike
        low, high = spec["range"]
        return 1 if low <= value <= high else WORSE_THAN_V
    at_least = spec["comparison"] == ">="  # dissolved oxygen
    for code, limit in enumerate(limits(item, water_body) or (), start=1):
        if (value >= limit) if at_least else (value <= limit):
            return code
    return WORSE_THAN_V


def classify_items(values: Mapping[str, float | None], water_body: str = "river") -> dict[str, int]:
    """The class code of each measured item of one sample (absent items are left out)."""
    water_body = _water_body(water_body)
    return {item: item_class(item, value, water_body) for item, value in _present(values).items()}


def site_class(classes: Mapping[str, Any]) -> Any:
    """The worst class among the class-counting items (环办〔2011〕22号): an int for one
    sample's classes, an int8 array for :func:`classify_many`'s; 0 when none counts."""
    arrays = [np.asarray(codes) for codes in classes.values()]
    counted = [np.asarray(codes) for item, codes in classes.items() if item in CLASS_ITEMS]
    shape = arrays[0].shape if arrays else ()
    worst = np.max(np.stack([np.zeros(shape, np.int8), *counted]), axis=0).astype(np.int8)
    return int(worst) if worst.ndim == 0 else worst


def level(site_class: int) -> Level | None:
    """The qualitative level of a site class code; None without a class."""
    number = int(_LEVEL_OF_CLASS[int(site_class)])
    return _LEVELS[number - 1] if number else None


def level_numbers(site_classes: npt.ArrayLike) -> Int8Array:
    """Level numbers (1 优 … 5 重度污染, 0 without a class) for an array of class codes."""
    return _LEVEL_OF_CLASS[np.asarray(site_classes, dtype=np.int64)]


def exceeding(
    values: Mapping[str, float | None], water_body: str = "river", target: str | int | None = None
) -> list[Exceedance]:
    """The class-counting items worse than the target class, the worst class first and,
    within a class, the largest multiple first (as 环办〔2011〕22号 ranks main pollutants)."""
    goal = target_code(target)
    sample = _present(values)
    found = []
    for item, code in classify_items(sample, water_body).items():
        if item not in CLASS_ITEMS or code <= goal:
            continue
        multiple = None
        if item not in NO_MULTIPLE:
            limit = (limits(item, water_body) or ())[goal - 1]
            multiple = (sample[item] - limit) / limit
        found.append(Exceedance(item, code, multiple))
    return sorted(found, key=_severity)


def _severity(e: Exceedance) -> tuple[int, bool, float, int]:
    multiple = e.multiple if e.multiple is not None else 0.0
    return (-e.item_class, e.multiple is None, -multiple, ITEMS.index(e.item))


def evaluate(
    values: Mapping[str, float | None], water_body: str = "river", target: str | int | None = None
) -> Evaluation:
    """Everything about one sample: item classes, site class, level, exceeding items."""
    goal = target_code(target)
    classes = classify_items(values, water_body)
    worst = site_class(classes)
    return Evaluation(
        water_body=water_body,
        target=goal,
        items=classes,
        site_class=worst,
        level=level(worst),
        exceeding=tuple(exceeding(values, water_body, goal)),
    )


# --------------------------------------------------------------------------- arrays


def _arrays(values: Mapping[str, npt.ArrayLike | None]) -> tuple[dict[str, FloatArray], int]:
    arrays: dict[str, FloatArray] = {}
    for item, value in values.items():
        _known(item)
        arrays[item] = np.atleast_1d(np.asarray(np.nan if value is None else value, dtype=float))
    sizes = {a.size for a in arrays.values() if a.size != 1}
    if len(sizes) > 1:
        raise ValueError("all item arrays must have the same length")
    size = sizes.pop() if sizes else 1
    arrays = {item: np.broadcast_to(array, (size,)) for item, array in arrays.items()}
    for item, array in arrays.items():
        if np.any(np.isinf(array)):
            raise ValueError(f"{item}: not a finite number")
        if item == "ph" and np.any((array < PH_SCALE[0]) | (array > PH_SCALE[1])):
            raise ValueError("ph: must be between 0 and 14")
        if item != "temperature" and np.any(array < 0):
            raise ValueError(f"{item}: cannot be negative")
    return arrays, size


def _lakes(water_body: str | npt.ArrayLike, size: int) -> BoolArray:
    bodies = np.asarray(water_body)
    for body in np.unique(bodies):
        _water_body(str(body))
    return np.broadcast_to(bodies == "lake", (size,))


def _column_classes(values: FloatArray, column: tuple[float, ...], at_least: bool) -> Int8Array:
    limits_ = np.asarray(column)
    if at_least:  # DO: class k is the first whose limit the value reaches (limits descend)
        return (WORSE_THAN_V - np.searchsorted(limits_[::-1], values, side="right")).astype(np.int8)
    # ≤: equal limits of consecutive classes give the best of them (side="left")
    return (np.searchsorted(limits_, values, side="left") + 1).astype(np.int8)


def _classes(item: str, values: FloatArray, lakes: BoolArray) -> Int8Array:
    spec = _TABLE1[item]
    if spec["comparison"] == "change":
        codes = np.zeros(values.shape, np.int8)
    elif spec["comparison"] == "range":
        low, high = spec["range"]
        codes = np.where((values >= low) & (values <= high), 1, WORSE_THAN_V).astype(np.int8)
    else:
        at_least = spec["comparison"] == ">="
        codes = _column_classes(values, limits(item, "river") or (), at_least)
        if "lake" in spec:
            lake_codes = _column_classes(values, limits(item, "lake") or (), at_least)
            codes = np.where(lakes, lake_codes, codes)
    return np.where(np.isnan(values), NO_CLASS, codes).astype(np.int8)


def classify_many(
    values: Mapping[str, npt.ArrayLike | None], water_body: str | npt.ArrayLike = "river"
) -> dict[str, Int8Array]:
    """Class codes of each item over many samples (one array element per sample; NaN is
    not measured). ``water_body`` is one string or an array with one per sample."""
    arrays, size = _arrays(values)
    lakes = _lakes(water_body, size)
    return {item: _classes(item, array, lakes) for item, array in arrays.items()}


def _targets(target: str | int | npt.ArrayLike | None, size: int) -> npt.NDArray[np.int64]:
    if target is None or isinstance(target, str | int):
        return np.full(size, target_code(target))  # type: ignore[arg-type]
    given = np.atleast_1d(np.asarray(target, dtype=object)).tolist()
    codes = {value: target_code(value) for value in set(given)}
    return np.broadcast_to(np.array([codes[v] for v in given], dtype=np.int64), (size,))


def evaluate_many(
    values: Mapping[str, npt.ArrayLike | None],
    water_body: str | npt.ArrayLike = "river",
    target: str | int | npt.ArrayLike | None = None,
) -> Batch:
    """:func:`evaluate` over many samples; ``target`` one class or an array of them."""
    arrays, size = _arrays(values)
    lakes = _lakes(water_body, size)
    goals = _targets(target, size)
    classes = {item: _classes(item, array, lakes) for item, array in arrays.items()}
    worst = np.asarray(site_class(classes), dtype=np.int8).reshape(-1)
    worst = np.broadcast_to(worst, (size,)).copy()
    exceeds: dict[str, BoolArray] = {}
    multiple: dict[str, FloatArray] = {}
    for item in (i for i in arrays if i in CLASS_ITEMS):
        over = classes[item] > goals
        exceeds[item] = over
        if item in NO_MULTIPLE:
            multiple[item] = np.full(size, np.nan)
            continue
        limit = np.asarray(limits(item, "river"))[goals - 1]
        if "lake" in _TABLE1[item]:
            limit = np.where(lakes, np.asarray(limits(item, "lake"))[goals - 1], limit)
        multiple[item] = np.where(over, (arrays[item] - limit) / limit, np.nan)
    return Batch(
        items=classes,
        site_class=worst,
        level=level_numbers(worst),
        exceeds=exceeds,
        multiple=multiple,
    )
