"""Enterprise environmental credit rating engine (no Django import).

Source: 《企业环境信用评价办法(试行)》 (环发〔2013〕150号, MEP/NDRC/PBoC/CBRC, 2013-12-18)
and its annex 《企业环境信用评价指标及评分方法(试行)》: 21 indicators in four classes
(污染防治, 生态保护, 环境管理, 社会监督), each scored 0–100 in three bands (第1档 80–100,
第2档 50–79, 第3档 0–49) and weighted; the weighted sum gives the level, and a
one-vote veto (一票否决, e.g. a "较大及以上" environmental incident) forces a level
whatever the score.

Provinces differ (Jiangsu adds a fifth colour, black), so the levels, thresholds,
indicators, weights, measured-value rules and vetoes are *data*: a :class:`RatingScheme`
built by :func:`scheme_from_dict`, with presets in ``data/rating_schemes.json`` read by
:func:`load_scheme` (``"national"``, ``"jiangsu"``). Each preset row says whether it was
checked against its source (``verified``); the rest are documented Lantian defaults.

Scoring, as :func:`rate` does it:

- every indicator of the scheme needs an input: a score staff gave (0–100, within a band),
  or a measured value the indicator converts through its rule (e.g. 大气及水污染物达标排放:
  the *lowest* outlet's supervisory-monitoring compliance rate, ≥ 90 % → band 1);
- total = Σ weight × score, computed in exact decimals and rounded **half up to one
  decimal** (94.95 → 95.0); the level is read from the rounded total, so the published
  score and the published level always agree;
- a rating with a missing indicator is **refused**: ``complete`` is False, ``score`` and
  the score's level are None and ``missing`` names the indicators. A score on the present
  weights alone would look better or worse than the enterprise is;
- a veto forces its level whatever the score (the worst forced level wins when several
  apply). Because it does not depend on the score, a veto still gives a level when
  indicators are missing; ``complete`` stays False and ``score`` None.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

PRESETS = Path(__file__).resolve().parent / "data" / "rating_schemes.json"
WEIGHT_TOLERANCE = Decimal("1e-9")
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)
ONE_DECIMAL = Decimal("0.1")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class IndicatorClass(enum.StrEnum):
    """The annex's four classes of indicators."""

    POLLUTION_CONTROL = "pollution_control"
    ECOLOGICAL_PROTECTION = "ecological_protection"
    ENVIRONMENTAL_MANAGEMENT = "environmental_management"
    SOCIAL_SUPERVISION = "social_supervision"

    @property
    def name_zh(self) -> str:
        return CLASS_NAMES_ZH[self]


CLASS_NAMES_ZH = {
    IndicatorClass.POLLUTION_CONTROL: "污染防治",
    IndicatorClass.ECOLOGICAL_PROTECTION: "生态保护",
    IndicatorClass.ENVIRONMENTAL_MANAGEMENT: "环境管理",
    IndicatorClass.SOCIAL_SUPERVISION: "社会监督",
}


# --------------------------------------------------------------------------- the scheme


@dataclass(frozen=True)
class Level:
    """A credit level; ``min_score`` is inclusive, None for a level only a veto gives."""

    code: str
    name_zh: str
    name_en: str
    color_hex: str
    color_zh: str
    color_en: str
    min_score: Decimal | None
    verified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Band:
    """A score band of the annex: ``low``–``high`` points (第1档 80–100 …)."""

    number: int
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class Segment:
    """One piece of a measured-value rule: values in the interval score linearly from
    ``score_at_low`` to ``score_at_high`` (equal for a flat score). ``None`` bounds are
    open-ended; ``low_closed``/``high_closed`` say whether the bound itself belongs here."""

    band: int
    low: Decimal | None
    high: Decimal | None
    score_at_low: Decimal
    score_at_high: Decimal
    low_closed: bool = True
    high_closed: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_closed)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_closed))
        )

    def score(self, value: Decimal) -> Decimal:
        if self.score_at_low == self.score_at_high or self.low is None or self.high is None:
            return self.score_at_low  # flat (an open-ended segment is always flat)
        fraction = (value - self.low) / (self.high - self.low)
        return self.score_at_low + fraction * (self.score_at_high - self.score_at_low)


@dataclass(frozen=True)
class Measure:
    """How an indicator converts a measured value into a score."""

    quantity_zh: str
    quantity_en: str
    unit: str
    segments: tuple[Segment, ...]
    verified: bool = False
    note: str = ""

    def convert(self, value: Decimal) -> tuple[Decimal, int] | None:
        for segment in self.segments:
            if segment.contains(value):
                return segment.score(value), segment.band
        return None


@dataclass(frozen=True)
class Indicator:
    code: str
    indicator_class: IndicatorClass
    name_zh: str
    name_en: str
    weight: Decimal  # a fraction: 0.15 for 15 %
    bands: tuple[Band, ...]
    criteria_zh: tuple[str, ...] = ()  # what each band means, band 1 first
    measure: Measure | None = None
    verified: bool = False
    note: str = ""

    def band_for(self, score: Decimal) -> int:
        """The band whose lower bound the score reaches (79.5 lies in band 2)."""
        for band in sorted(self.bands, key=lambda b: b.low, reverse=True):
            if score >= band.low:
                return band.number
        return self.bands[-1].number


@dataclass(frozen=True)
class Veto:
    """A one-vote veto (一票否决): when it applies the rating is ``level``."""

    code: str
    name_zh: str
    name_en: str
    level: str
    verified: bool = False
    note: str = ""


@dataclass(frozen=True)
class RatingScheme:
    name: str
    title_zh: str
    title_en: str
    source: str
    note: str
    levels: tuple[Level, ...]  # best first
    indicators: tuple[Indicator, ...]
    vetoes: tuple[Veto, ...]
    thresholds_verified: bool = False

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def veto(self, code: str) -> Veto:
        for veto in self.vetoes:
            if veto.code == code:
                return veto
        raise KeyError(code)

    def level_for_score(self, score: Decimal | float | int) -> Level:
        """The best level whose (inclusive) minimum the score reaches."""
        value = _decimal(score, "score")
        for level in self.levels:
            if level.min_score is not None and value >= level.min_score:
                return level
        raise ValueError(f"{self.name}: no level for score {value}")

    def rank(self, code: str) -> int:
        """0 for the best level; larger is worse."""
        return [level.code for level in self.levels].index(code)


# --------------------------------------------------------------------------- rating


@dataclass(frozen=True)
class IndicatorInput:
    """Either the ``score`` (0–100) staff gave, or the ``measured`` value the indicator's
    rule converts. ``band`` optionally states the band staff chose; a score outside it
    is refused. ``source`` says where the value came from (shown with the rating)."""

    score: Decimal | float | int | None = None
    measured: Decimal | float | int | None = None
    band: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Contribution:
    """One indicator's part in the rating, with its input shown."""

    code: str
    indicator_class: IndicatorClass
    name_zh: str
    name_en: str
    weight: Decimal
    given: IndicatorInput
    score: Decimal  # 0–100, exact
    band: int
    points: Decimal  # weight × score, exact

    @property
    def measured(self) -> bool:
        return self.given.measured is not None


@dataclass(frozen=True)
class RatingResult:
    scheme: str
    complete: bool
    score: Decimal | None  # rounded half up to 0.1; None when incomplete
    raw_score: Decimal | None  # exact Σ weight × score
    level: Level | None  # the rating: the veto's level if one applies, else the score's
    score_level: Level | None  # the level the score alone gives
    veto: Veto | None  # the veto that decided the level
    vetoes: tuple[Veto, ...]  # every veto that applied
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...]  # indicator codes without input
    class_points: dict[IndicatorClass, Decimal] = field(default_factory=dict)


def rate(
    scheme: RatingScheme,
    inputs: Mapping[str, IndicatorInput],
    vetoes: Iterable[str] = (),
) -> RatingResult:
    """Rate one enterprise for one period. Raises ValueError naming the indicator or
    veto when an input is unknown or out of range."""
    known = {indicator.code for indicator in scheme.indicators}
    unknown = sorted(set(inputs) - known)
    if unknown:
        raise ValueError(f"{scheme.name}: unknown indicators {', '.join(unknown)}")
    applied: list[Veto] = []
    for code in dict.fromkeys(vetoes):
        try:
            applied.append(scheme.veto(code))
        except KeyError:
            raise ValueError(f"{scheme.name}: unknown veto {code}") from None

    contributions: list[Contribution] = []
    missing: list[str] = []
    for indicator in scheme.indicators:
        given = inputs.get(indicator.code)
        if given is None:
            missing.append(indicator.code)
            continue
        score, band = _score(indicator, given)
        contributions.append(
            Contribution(
                code=indicator.code,
                indicator_class=indicator.indicator_class,
                name_zh=indicator.name_zh,
                name_en=indicator.name_en,
                weight=indicator.weight,
                given=given,
                score=score,
                band=band,
                points=indicator.weight * score,
            )
        )

    class_points: dict[IndicatorClass, Decimal] = {}
    for item in contributions:
        class_points[item.indicator_class] = (
            class_points.get(item.indicator_class, Decimal(0)) + item.points
        )

    complete = not missing
    raw = sum((c.points for c in contributions), Decimal(0)) if complete else None
    score = raw.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) if raw is not None else None
    score_level = scheme.level_for_score(score) if score is not None else None
    deciding = max(applied, key=lambda v: scheme.rank(v.level)) if applied else None
    level = scheme.level(deciding.level) if deciding else score_level
    return RatingResult(
        scheme=scheme.name,
        complete=complete,
        score=score,
        raw_score=raw,
        level=level,
        score_level=score_level,
        veto=deciding,
        vetoes=tuple(applied),
        contributions=tuple(contributions),
        missing=tuple(missing),
        class_points=class_points,
    )


def _score(indicator: Indicator, given: IndicatorInput) -> tuple[Decimal, int]:
    where = f"indicator {indicator.code}"
    if (given.score is None) == (given.measured is None):
        raise ValueError(f"{where}: give either a score or a measured value")
    if given.measured is not None:
        if indicator.measure is None:
            raise ValueError(f"{where}: has no rule for a measured value; give a score")
        value = _decimal(given.measured, f"{where}: measured")
        converted = indicator.measure.convert(value)
        if converted is None:
            raise ValueError(f"{where}: measured value {value} is outside the rule")
        score, band = converted
    else:
        score = _decimal(given.score, f"{where}: score")
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(f"{where}: score {score} is not within 0–100")
        band = indicator.band_for(score)
    if given.band is not None and given.band != band:
        raise ValueError(f"{where}: score {score} lies in band {band}, not band {given.band}")
    return score, band


# --------------------------------------------------------------------------- loading


def load_scheme(name: str) -> RatingScheme:
    """A preset from ``data/rating_schemes.json`` ("national", "jiangsu")."""
    return _load_scheme(name)


def scheme_names() -> tuple[str, ...]:
    return tuple(_presets())


@cache
def _presets() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PRESETS.read_text(encoding="utf-8"))
    return {name: body for name, body in data.items() if not name.startswith("_")}


@cache
def _load_scheme(name: str) -> RatingScheme:
    presets = _presets()
    if name not in presets:
        raise KeyError(f"no rating scheme {name!r}; presets: {', '.join(presets)}")
    return scheme_from_dict({"name": name, **_resolve(name, presets, ())})


def _resolve(name: str, presets: Mapping[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
    """A preset with ``"extends": other`` takes the other's keys it does not set."""
    if name in seen:
        raise ValueError(f"rating schemes extend each other in a cycle: {' → '.join(seen)}")
    body = dict(presets[name])
    parent = body.pop("extends", None)
    if parent is None:
        return body
    if parent not in presets:
        raise ValueError(f"{name}: extends unknown scheme {parent!r}")
    return {**_resolve(parent, presets, (*seen, name)), **body}


def scheme_from_dict(d: Mapping[str, Any]) -> RatingScheme:
    """Build and validate a scheme; a ValueError names the offending field."""
    name = str(d.get("name") or "").strip()
    if not name:
        raise ValueError("name: a scheme needs a name")

    def fail(where: str, message: str) -> ValueError:
        return ValueError(f"{name}: {where}: {message}")

    levels = tuple(
        _level(item, f"levels[{i}]", fail) for i, item in enumerate(_list(d, "levels", fail))
    )
    if not levels:
        raise fail("levels", "at least one level is needed")
    _unique([level.code for level in levels], "levels", fail)
    scored = [level for level in levels if level.min_score is not None]
    if not scored:
        raise fail("levels", "at least one level needs a min_score")
    seen_veto_only = False
    previous: Decimal | None = None
    for i, level in enumerate(levels):
        if level.min_score is None:
            seen_veto_only = True
            continue
        if seen_veto_only:
            raise fail(f"levels[{i}].min_score", "levels only a veto gives must come last")
        if previous is not None and level.min_score >= previous:
            raise fail(
                f"levels[{i}].min_score",
                f"{level.min_score} is not below the level before it ({previous}); "
                "levels go from best to worst",
            )
        previous = level.min_score
    if scored[-1].min_score != 0:
        raise fail(
            f"levels[{levels.index(scored[-1])}].min_score",
            "the worst scored level must start at 0 so that every score has a level",
        )

    default_bands = tuple(
        _band(item, f"bands[{i}]", fail) for i, item in enumerate(d.get("bands") or ())
    )
    indicators: list[Indicator] = []
    for i, item in enumerate(_list(d, "indicators", fail)):
        indicators.append(_indicator(item, f"indicators[{i}]", default_bands, fail))
    if not indicators:
        raise fail("indicators", "at least one indicator is needed")
    _unique([indicator.code for indicator in indicators], "indicators", fail)
    total = sum((indicator.weight for indicator in indicators), Decimal(0))
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise fail("indicators.weight", f"the weights add up to {total}, not 1")

    codes = {level.code for level in levels}
    vetoes = []
    for i, item in enumerate(d.get("vetoes") or ()):
        where = f"vetoes[{i}]"
        veto = Veto(
            code=_text(item, "code", where, fail),
            name_zh=_text(item, "name_zh", where, fail),
            name_en=_text(item, "name_en", where, fail),
            level=_text(item, "level", where, fail),
            verified=bool(item.get("verified", False)),
            note=str(item.get("note", "")),
        )
        if veto.level not in codes:
            raise fail(f"{where}.level", f"{veto.level!r} is not one of the levels")
        vetoes.append(veto)
    _unique([veto.code for veto in vetoes], "vetoes", fail)

    return RatingScheme(
        name=name,
        title_zh=str(d.get("title_zh", "")),
        title_en=str(d.get("title_en", "")),
        source=str(d.get("source", "")),
        note=str(d.get("note", "")),
        levels=levels,
        indicators=tuple(indicators),
        vetoes=tuple(vetoes),
        thresholds_verified=bool(d.get("thresholds_verified", False)),
    )


def _level(item: Mapping[str, Any], where: str, fail: Any) -> Level:
    color = _text(item, "color_hex", where, fail)
    if not _HEX.match(color):
        raise fail(f"{where}.color_hex", f"{color!r} is not a colour like #1B873F")
    raw = item.get("min_score")
    minimum = None if raw is None else _decimal(raw, f"{where}.min_score", fail)
    if minimum is not None and not SCORE_MIN <= minimum <= SCORE_MAX:
        raise fail(f"{where}.min_score", f"{minimum} is not within 0–100")
    return Level(
        code=_text(item, "code", where, fail),
        name_zh=_text(item, "name_zh", where, fail),
        name_en=_text(item, "name_en", where, fail),
        color_hex=color.upper(),
        color_zh=_text(item, "color_zh", where, fail),
        color_en=_text(item, "color_en", where, fail),
        min_score=minimum,
        verified=bool(item.get("verified", False)),
        note=str(item.get("note", "")),
    )


def _band(item: Mapping[str, Any], where: str, fail: Any) -> Band:
    band = Band(
        number=int(item.get("band", 0)),
        low=_decimal(item.get("low"), f"{where}.low", fail),
        high=_decimal(item.get("high"), f"{where}.high", fail),
    )
    if band.number < 1:
        raise fail(f"{where}.band", "bands are numbered from 1")
    if not SCORE_MIN <= band.low <= band.high <= SCORE_MAX:
        raise fail(where, f"{band.low}–{band.high} is not a range within 0–100")
    return band


def _indicator(
    item: Mapping[str, Any], where: str, default_bands: tuple[Band, ...], fail: Any
) -> Indicator:
    try:
        klass = IndicatorClass(item.get("class"))
    except ValueError:
        choices = ", ".join(c.value for c in IndicatorClass)
        raise fail(f"{where}.class", f"{item.get('class')!r} is not one of {choices}") from None
    weight = _decimal(item.get("weight"), f"{where}.weight", fail)
    if not 0 < weight <= 1:
        raise fail(f"{where}.weight", f"{weight} is not a fraction in (0, 1]")
    bands = (
        tuple(_band(b, f"{where}.bands[{i}]", fail) for i, b in enumerate(item["bands"]))
        if item.get("bands")
        else default_bands
    )
    if not bands:
        raise fail(f"{where}.bands", "no score bands (give the scheme's or the indicator's)")
    measure = None
    if item.get("measure"):
        measure = _measure(item["measure"], f"{where}.measure", bands, fail)
    return Indicator(
        code=_text(item, "code", where, fail),
        indicator_class=klass,
        name_zh=_text(item, "name_zh", where, fail),
        name_en=_text(item, "name_en", where, fail),
        weight=weight,
        bands=bands,
        criteria_zh=tuple(str(c) for c in item.get("criteria_zh") or ()),
        measure=measure,
        verified=bool(item.get("verified", False)),
        note=str(item.get("note", "")),
    )


def _measure(item: Mapping[str, Any], where: str, bands: tuple[Band, ...], fail: Any) -> Measure:
    by_number = {band.number: band for band in bands}
    segments = []
    for i, raw in enumerate(item.get("segments") or ()):
        at = f"{where}.segments[{i}]"
        low, high = raw.get("low"), raw.get("high")
        segment = Segment(
            band=int(raw.get("band", 0)),
            low=None if low is None else _decimal(low, f"{at}.low", fail),
            high=None if high is None else _decimal(high, f"{at}.high", fail),
            score_at_low=_decimal(raw.get("score_at_low"), f"{at}.score_at_low", fail),
            score_at_high=_decimal(raw.get("score_at_high"), f"{at}.score_at_high", fail),
            low_closed=bool(raw.get("low_closed", True)),
            high_closed=bool(raw.get("high_closed", False)),
        )
        band = by_number.get(segment.band)
        if band is None:
            raise fail(f"{at}.band", f"{segment.band} is not one of the bands")
        for score in (segment.score_at_low, segment.score_at_high):
            if not band.low <= score <= band.high:
                raise fail(
                    at, f"score {score} is outside band {band.number} ({band.low}–{band.high})"
                )
        if segment.low is not None and segment.high is not None and segment.low > segment.high:
            raise fail(at, f"low {segment.low} is above high {segment.high}")
        if (segment.low is None or segment.high is None) and (
            segment.score_at_low != segment.score_at_high
        ):
            raise fail(at, "an open-ended segment needs one flat score")
        segments.append(segment)
    if not segments:
        raise fail(f"{where}.segments", "a measured-value rule needs segments")
    return Measure(
        quantity_zh=_text(item, "quantity_zh", where, fail),
        quantity_en=_text(item, "quantity_en", where, fail),
        unit=str(item.get("unit", "")),
        segments=tuple(segments),
        verified=bool(item.get("verified", False)),
        note=str(item.get("note", "")),
    )


def _list(d: Mapping[str, Any], key: str, fail: Any) -> list[Any]:
    value = d.get(key)
    if not isinstance(value, list | tuple):
        raise fail(key, "a list is needed")
    return list(value)


def _text(item: Mapping[str, Any], key: str, where: str, fail: Any) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{where}.{key}", "a non-empty text is needed")
    return value


def _unique(codes: list[str], where: str, fail: Any) -> None:
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise fail(f"{where}.code", f"repeated codes: {', '.join(repeated)}")


def _decimal(value: Any, where: str, fail: Any = None) -> Decimal:
    """Exact decimal from a number (floats through their shortest repr: 0.15 is 0.15)."""
    try:
        if isinstance(value, bool) or value is None:
            raise InvalidOperation
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        message = f"{value!r} is not a number"
        if fail is not None:
            raise fail(where, message) from None
        raise ValueError(f"{where}: {message}") from None
    return number
