"""Transparency self-score: Lantian's adaptation of PITI (污染源监管信息公开指数) as a pure
engine (no Django import).

IPE and NRDC score cities out of 100 in five classes since the 2016–2017 edition
(日常监管, 自行监测, 举报回应, 排放数据, 环评信息), each judged as systematic, timely,
complete and user-friendly (rules-sources.md §13). IPE's per-class weights and criteria
are not public; the weights here are Lantian's own (the class maxima follow the
internal table of rules-sources.md §13) and can be overridden in settings
(``LANTIAN_TRANSPARENCY_WEIGHTS``). This is a self-assessment from the platform's own
records, not IPE's score.

The inputs are counts: for each class and dimension, a list of :class:`Count` (how many
records met a requirement out of how many it applied to, with the records that missed
it). A dimension with no records is not scored, and a class with no records in any of
its record dimensions is not scored (neither 0 nor full marks); a year whose classes are
not all scored, or have fewer records than ``min_records``, has no total, only the
points of what could be scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CLASSES: tuple[str, ...] = ("supervision", "self_monitoring", "complaints", "emissions", "eia")
CLASS_NAMES: dict[str, str] = {  # PITI's own names, the format of the index
    "supervision": "日常监管",
    "self_monitoring": "自行监测",
    "complaints": "举报回应",
    "emissions": "排放数据",
    "eia": "环评信息",
}
DIMENSIONS: tuple[str, ...] = ("systematic", "timely", "complete", "user_friendly")
DIMENSION_NAMES: dict[str, str] = {
    "systematic": "系统性",
    "timely": "及时性",
    "complete": "完整性",
    "user_friendly": "用户友好性",
}
# Dimensions counted from records; user-friendliness is the platform's features, which
# alone do not make a class scorable.
RECORD_DIMENSIONS: tuple[str, ...] = ("systematic", "timely", "complete")

# Class maxima (sum 100) from the internal PITI-aligned table (rules-sources.md §13);
# dimension weights are relative shares inside each class.
DEFAULT_WEIGHTS: dict[str, Any] = {
    "classes": {
        "supervision": 30,
        "self_monitoring": 20,
        "complaints": 15,
        "emissions": 20,
        "eia": 15,
    },
    "dimensions": {"systematic": 30, "timely": 30, "complete": 25, "user_friendly": 15},
    # fewer records than this in a class: the year has too little data for a total
    "min_records": 5,
}


@dataclass(frozen=True)
class Miss:
    """A record that missed a requirement, as the page names and links it."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Count:
    """``met`` of ``total`` records met one requirement (``key``)."""

    key: str
    label: str
    met: int
    total: int
    misses: tuple[Miss, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.met <= self.total:
            raise ValueError(f"{self.key}: met {self.met} of {self.total} is not a share")

    @property
    def missed(self) -> int:
        return self.total - self.met


@dataclass(frozen=True)
class Weights:
    classes: Mapping[str, float]
    dimensions: Mapping[str, float]
    min_records: int

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any] | None = None) -> Weights:
        """The defaults with ``overrides`` laid over them (a partial mapping is fine);
        unknown keys and negative weights are errors, not ignored."""
        overrides = dict(overrides or {})
        unknown = set(overrides) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"unknown transparency weight keys: {sorted(unknown)}")
        merged: dict[str, dict[str, float]] = {}
        for part, names in (("classes", CLASSES), ("dimensions", DIMENSIONS)):
            given = dict(overrides.get(part) or {})
            bad = set(given) - set(names)
            if bad:
                raise ValueError(f"unknown {part} in transparency weights: {sorted(bad)}")
            values = {**DEFAULT_WEIGHTS[part], **given}
            for name, value in values.items():
                if not isinstance(value, int | float) or value < 0:
                    raise ValueError(f"{part}.{name}: weight {value!r} is not a number >= 0")
            if sum(values.values()) <= 0:
                raise ValueError(f"{part}: the weights add up to nothing")
            merged[part] = {name: float(values[name]) for name in names}
        min_records = overrides.get("min_records", DEFAULT_WEIGHTS["min_records"])
        if not isinstance(min_records, int) or min_records < 0:
            raise ValueError(f"min_records: {min_records!r} is not a whole number >= 0")
        return cls(merged["classes"], merged["dimensions"], min_records)

    def as_dict(self) -> dict[str, Any]:
        return {
            "classes": dict(self.classes),
            "dimensions": dict(self.dimensions),
            "min_records": self.min_records,
        }


@dataclass(frozen=True)
class Loss:
    """Points one requirement lost in one class and dimension, and the records why."""

    class_key: str
    dimension: str
    key: str
    label: str
    points: float
    missed: int
    total: int
    misses: tuple[Miss, ...]


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    maximum: float  # the dimension's share of the class maximum
    met: int
    total: int
    counts: tuple[Count, ...]
    ratio: float | None  # None: nothing to count

    @property
    def scored(self) -> bool:
        return self.ratio is not None

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(self.ratio * 100, 1)


@dataclass(frozen=True)
class ClassScore:
    key: str
    maximum: float
    dimensions: tuple[DimensionScore, ...]
    records: int  # the largest count of records in its record dimensions
    points: float | None  # None: not scored
    losses: tuple[Loss, ...]

    @property
    def scored(self) -> bool:
        return self.points is not None

    @property
    def name(self) -> str:
        return CLASS_NAMES[self.key]


@dataclass(frozen=True)
class Score:
    classes: tuple[ClassScore, ...]
    weights: Weights
    points: float  # earned in the scored classes
    scored_maximum: float  # the maxima of the scored classes
    maximum: float  # the maxima of all classes
    sufficient: bool  # every class scored with at least min_records records
    losses: tuple[Loss, ...] = field(default=())  # largest first

    @property
    def total(self) -> float | None:
        """The year's score out of ``maximum``; None with too little data."""
        return self.points if self.sufficient else None

    @property
    def lacking(self) -> list[str]:
        """Classes not scored or with fewer records than ``min_records``."""
        return [c.key for c in self.classes if c.records < max(self.weights.min_records, 1)]


def _dimension_maxima(
    class_max: float, dims: Sequence[DimensionScore], weights: Weights
) -> dict[str, float]:
    """The class maximum split over its scored dimensions by their weights (a dimension
    with nothing to count gives its share to the others)."""
    scored = [d.dimension for d in dims if d.scored]
    total_weight = sum(weights.dimensions[d] for d in scored)
    if total_weight <= 0:
        return {d: 0.0 for d in scored}
    return {d: class_max * weights.dimensions[d] / total_weight for d in scored}


def score_class(key: str, inputs: Mapping[str, Sequence[Count]], weights: Weights) -> ClassScore:
    unknown = set(inputs) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"{key}: unknown dimensions {sorted(unknown)}")
    class_max = weights.classes[key]
    dims = []
    for dimension in DIMENSIONS:
        counts = tuple(inputs.get(dimension, ()))
        met = sum(c.met for c in counts)
        total = sum(c.total for c in counts)
        dims.append(
            DimensionScore(dimension, 0.0, met, total, counts, met / total if total else None)
        )
    records = max((d.total for d in dims if d.dimension in RECORD_DIMENSIONS), default=0)
    if records == 0:
        unscored = tuple(DimensionScore(d.dimension, 0.0, 0, 0, d.counts, None) for d in dims)
        return ClassScore(key, class_max, unscored, 0, None, ())
    maxima = _dimension_maxima(class_max, dims, weights)
    final, losses, points = [], [], 0.0
    for d in dims:
        maximum = maxima.get(d.dimension, 0.0)
        final.append(DimensionScore(d.dimension, maximum, d.met, d.total, d.counts, d.ratio))
        if d.ratio is None:
            continue
        points += maximum * d.ratio
        lost = maximum * (1 - d.ratio)
        missed = d.total - d.met
        for count in d.counts:
            if count.missed and lost > 0:
                share = lost * count.missed / missed
                losses.append(
                    Loss(
                        key,
                        d.dimension,
                        count.key,
                        count.label,
                        share,
                        count.missed,
                        count.total,
                        count.misses,
                    )
                )
    return ClassScore(key, class_max, tuple(final), records, points, tuple(losses))


def score(inputs: Mapping[str, Mapping[str, Sequence[Count]]], weights: Weights) -> Score:
    """The year's score from its inputs: per class, per dimension, and what lost points."""
    unknown = set(inputs) - set(CLASSES)
    if unknown:
        raise ValueError(f"unknown classes {sorted(unknown)}")
    classes = tuple(score_class(key, inputs.get(key, {}), weights) for key in CLASSES)
    scored = [c for c in classes if c.scored]
    points = sum(c.points or 0.0 for c in scored)
    sufficient = all(c.records >= max(weights.min_records, 1) for c in classes)
    losses = sorted(
        (loss for c in classes for loss in c.losses), key=lambda x: (-x.points, x.class_key)
    )
    return Score(
        classes=classes,
        weights=weights,
        points=points,
        scored_maximum=sum(c.maximum for c in scored),
        maximum=sum(c.maximum for c in classes),
        sufficient=sufficient,
        losses=tuple(losses),
    )


def to_json(result: Score, year: int | None = None) -> dict[str, Any]:
    """The score as plain data (the command's JSON and the trend)."""

    def r(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {
        "year": year,
        "total": r(result.total),
        "points": r(result.points),
        "scored_maximum": r(result.scored_maximum),
        "maximum": r(result.maximum),
        "sufficient": result.sufficient,
        "lacking": result.lacking,
        "weights": result.weights.as_dict(),
        "classes": [
            {
                "key": c.key,
                "name": c.name,
                "maximum": r(c.maximum),
                "points": r(c.points),
                "records": c.records,
                "dimensions": [
                    {
                        "key": d.dimension,
                        "name": DIMENSION_NAMES[d.dimension],
                        "maximum": r(d.maximum),
                        "met": d.met,
                        "total": d.total,
                        "ratio": None if d.ratio is None else round(d.ratio, 4),
                        "counts": [
                            {"key": n.key, "label": n.label, "met": n.met, "total": n.total}
                            for n in d.counts
                        ],
                    }
                    for d in c.dimensions
                ],
            }
            for c in result.classes
        ],
        "losses": [
            {
                "class": x.class_key,
                "dimension": x.dimension,
                "key": x.key,
                "label": x.label,
                "points": r(x.points),
                "missed": x.missed,
                "total": x.total,
                "records": [{"label": m.label, "url": m.url} for m in x.misses],
            }
            for x in result.losses
        ],
    }
