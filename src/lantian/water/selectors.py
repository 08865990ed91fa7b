"""Reads of the water app for pages, reports and other apps: the sites with their
latest class, a site's monthly series, the drinking-water sources' compliance and rates.
Classes are computed here by the vectorised engines over all the samples at once (they
are not stored: see :mod:`lantian.water.models`)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from lantian.water import drinking, gb3838
from lantian.water.models import Sample, SampleBatch, Site


def data_version() -> int:
    """Changes whenever a file brought samples (staff entries change ``updated_at``)."""
    return SampleBatch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def sites(*, active_only: bool = True) -> QuerySet[Site]:
    found = Site.objects.select_related("district").order_by("code")
    return found.filter(active=True) if active_only else found


def site(code: str) -> Site | None:
    return sites().filter(code=code).first()


def _arrays(values: Sequence[dict[str, Any]], items: Sequence[str]) -> dict[str, np.ndarray]:
    """One float array per item present in any of the samples (NaN where absent)."""
    present = [item for item in items if any(item in v for v in values)]
    return {
        item: np.array([v.get(item, math.nan) for v in values], dtype=float) for item in present
    }


@dataclass(frozen=True)
class Classed:
    """A sample with its GB 3838-2002 class against its site (no class for groundwater,
    which GB/T 14848 governs)."""

    site: Site
    sample: Sample | None
    site_class: str | None = None
    level_zh: str | None = None
    level_en: str | None = None
    items: dict[str, str | None] = field(default_factory=dict)
    exceeding: tuple[dict[str, Any], ...] = ()


def classify_samples(samples: Sequence[Sample]) -> list[Classed]:
    """The class of each sample (its ``site`` loaded), computed in one engine call."""
    surface = [s for s in samples if s.site.water_body]
    out: dict[int, Classed] = {}
    if surface:
        arrays = _arrays([s.values for s in surface], gb3838.ITEMS)
        bodies = np.array([s.site.water_body for s in surface], dtype=object)
        targets = np.array([s.site.target for s in surface], dtype=object)
        batch = gb3838.evaluate_many(arrays, bodies, targets) if arrays else None
        for i, sample in enumerate(surface):
            if batch is None:
                out[id(sample)] = Classed(sample.site, sample)
                continue
            code = int(batch.site_class[i])
            level = gb3838.level(code)
            exceeding = [
                {
                    "item": item,
                    "class": gb3838.class_name(int(batch.items[item][i])),
                    "multiple": None
                    if math.isnan(batch.multiple[item][i])
                    else round(float(batch.multiple[item][i]), 3),
                }
                for item in batch.exceeds
                if batch.exceeds[item][i]
            ]
            exceeding.sort(key=lambda e: -(e["multiple"] or 0.0))
            out[id(sample)] = Classed(
                site=sample.site,
                sample=sample,
                site_class=gb3838.class_name(code),
                level_zh=level.name_zh if level else None,
                level_en=level.name_en if level else None,
                items={
                    item: gb3838.class_name(int(codes[i]))
                    for item, codes in batch.items.items()
                    if not math.isnan(arrays[item][i])
                },
                exceeding=tuple(exceeding),
            )
    return [out.get(id(s)) or Classed(s.site, s) for s in samples]


def sites_with_latest(*, active_only: bool = True) -> list[Classed]:
    """Every site with its latest sample and that sample's class (None without one)."""
    latest = Sample.objects.filter(
        sampled_on=Subquery(
            Sample.objects.filter(site=OuterRef("site"))
            .order_by("-sampled_on")
            .values("sampled_on")[:1]
        )
    )
    all_sites = list(sites(active_only=active_only))
    by_pk = {x.pk: x for x in all_sites}
    samples = {s.site_id: s for s in latest.filter(site__in=list(by_pk))}
    for found in samples.values():
        found.site = by_pk[found.site_id]
    classed = {c.site.pk: c for c in classify_samples(list(samples.values()))}
    return [classed.get(x.pk) or Classed(x, None) for x in all_sites]


def monthly_series(target: Site, *, start: date, end: date) -> list[Classed]:
    """A site's samples from ``start``'s month to ``end``'s month, in date order, each
    with its class."""
    found = list(
        Sample.objects.filter(
            site=target, month__gte=start.replace(day=1), month__lte=end.replace(day=1)
        ).order_by("sampled_on")
    )
    for sample in found:
        sample.site = target
    return classify_samples(found)


@dataclass(frozen=True)
class DrinkingPeriod:
    """The drinking-water sources' compliance over a month or a year: every
    source-month (evaluated or not), the rates of the whole period and of each month."""

    months: tuple[date, ...]
    sources: tuple[Site, ...]
    source_months: tuple[drinking.SourceMonth, ...]
    rates: drinking.Rates
    monthly_rates: dict[date, drinking.Rates]

    def as_json(self) -> dict[str, Any]:
        return {
            "months": [m.isoformat()[:7] for m in self.months],
            "sources": [
                {"code": s.code, "name": s.name, "kind": s.kind, "water_body": s.water_body}
                for s in self.sources
            ],
            "source_months": [m.as_json() for m in self.source_months],
            "rates": self.rates.as_json(),
            "monthly_rates": {
                m.isoformat()[:7]: r.as_json() for m, r in self.monthly_rates.items()
            },
        }


def drinking_compliance(*, year: int, month: int | None = None) -> DrinkingPeriod:
    """Compliance of the active drinking-water sources for one month (``month`` 1–12) or
    the whole ``year`` (:mod:`lantian.water.drinking` says how the rates count)."""
    months = tuple(date(year, m, 1) for m in ([month] if month else range(1, 13)))
    sources = tuple(sites().filter(kind__in=Site.DRINKING))
    samples = list(
        Sample.objects.filter(site__in=sources, month__in=months).order_by("site", "sampled_on")
    )
    by_pk = {s.pk: s for s in sources}
    checks = None
    if samples:
        checks = drinking.check_many(
            _arrays([s.values for s in samples], drinking.ITEMS),
            np.array([by_pk[s.site_id].water_body or "river" for s in samples], dtype=object),
            np.array([by_pk[s.site_id].kind == Site.Kind.DRINKING_GROUNDWATER for s in samples]),
        )
    index: dict[tuple[int, date], list[int]] = {}
    for i, sample in enumerate(samples):
        index.setdefault((sample.site_id, sample.month), []).append(i)
    found: list[drinking.SourceMonth] = []
    for first in months:
        for source in sources:
            indexes = index.get((source.pk, first), [])
            given = [samples[i].abstraction for i in indexes if samples[i].abstraction is not None]
            volume = given[0] if given else source.design_abstraction
            found.append(
                drinking.source_month(
                    source.code,
                    first,
                    checks,
                    indexes,
                    volume,
                    groundwater=source.kind == Site.Kind.DRINKING_GROUNDWATER,
                )
            )
    return DrinkingPeriod(
        months=months,
        sources=sources,
        source_months=tuple(found),
        rates=drinking.rates(found),
        monthly_rates={m: drinking.rates([f for f in found if f.month == m]) for m in months},
    )


# ------------------------------------------------------------------ months (pages, reports)


def data_months() -> list[date]:
    """The months (first days) with at least one sample of an active site, newest first."""
    return list(
        Sample.objects.filter(site__active=True)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def _month_means(samples: Sequence[Sample]) -> dict[tuple[int, date], Sample]:
    """One unsaved sample per site and month holding each item's mean over the month's
    samples (环办〔2011〕22号: several samples in a period are averaged), dated on the
    month's last sample."""
    grouped: dict[tuple[int, date], list[Sample]] = {}
    for sample in samples:
        grouped.setdefault((sample.site_id, sample.month), []).append(sample)
    means: dict[tuple[int, date], Sample] = {}
    for key, found in grouped.items():
        if len(found) == 1:
            means[key] = found[0]
            continue
        items = {item for s in found for item in s.values}
        values = {
            item: float(np.mean([s.values[item] for s in found if item in s.values]))
            for item in sorted(items)
        }
        last = max(found, key=lambda s: s.sampled_on)
        mean = Sample(site=last.site, sampled_on=last.sampled_on, values=values)
        mean.month = last.month
        means[key] = mean
    return means


def month_classes(month: date, *, active_only: bool = True) -> list[Classed]:
    """Every site with its class in ``month`` (the mean of the month's samples); a site
    not sampled that month has no sample and no class."""
    first = month.replace(day=1)
    all_sites = list(sites(active_only=active_only))
    by_pk = {x.pk: x for x in all_sites}
    samples = list(Sample.objects.filter(site__in=all_sites, month=first).order_by("sampled_on"))
    for sample in samples:
        sample.site = by_pk[sample.site_id]
    means = _month_means(samples)
    classed = {c.site.pk: c for c in classify_samples(list(means.values()))}
    return [classed.get(x.pk) or Classed(x, None) for x in all_sites]


def site_months(target: Site, *, start: date, end: date) -> list[tuple[date, Classed]]:
    """Each month from ``start``'s to ``end``'s with the site's class that month (the
    mean of its samples); a month without a sample has ``sample`` None."""
    found = list(
        Sample.objects.filter(
            site=target, month__gte=start.replace(day=1), month__lte=end.replace(day=1)
        ).order_by("sampled_on")
    )
    for sample in found:
        sample.site = target
    means = _month_means(found)
    ordered = sorted(means)
    classed = dict(zip(ordered, classify_samples([means[k] for k in ordered]), strict=True))
    months: list[tuple[date, Classed]] = []
    first = start.replace(day=1)
    while first <= end.replace(day=1):
        months.append((first, classed.get((target.pk, first)) or Classed(target, None)))
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return months


# ---- annual bulletin (reports.bulletin)


@dataclass(frozen=True)
class SiteYear:
    """A surface site's class over a year from the annual mean of each item: the mean of
    its monthly means (地表水环境质量评价办法（试行）, 环办〔2011〕22号), then GB 3838."""

    classed: Classed
    samples: int
    months: int


def _mean_values(groups: Sequence[Sequence[dict[str, Any]]]) -> dict[str, float]:
    """Each item's mean over groups of values, a group first reduced to its own mean."""
    items = sorted({item for group in groups for values in group for item in values})
    out: dict[str, float] = {}
    for item in items:
        means = [
            float(np.mean([v[item] for v in group if item in v]))
            for group in groups
            if any(item in v for v in group)
        ]
        out[item] = float(np.mean(means))
    return out


def annual_classes(year: int) -> list[SiteYear]:
    """Every active surface-water site (drinking sources included, groundwater not) with
    the class of its annual mean values; a site without samples in the year has none."""
    surface = [x for x in sites() if x.water_body]
    by_month: dict[int, dict[date, list[dict[str, Any]]]] = {}
    rows = Sample.objects.filter(
        site__in=surface, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    ).values_list("site_id", "month", "values")
    for site_id, month, values in rows:
        by_month.setdefault(site_id, {}).setdefault(month, []).append(values)
    means = [
        Sample(site=x, values=_mean_values(list(by_month[x.pk].values())))  # unsaved
        for x in surface
        if x.pk in by_month
    ]
    classed = {c.site.pk: c for c in classify_samples(means)}
    return [
        SiteYear(
            classed=classed.get(x.pk) or Classed(x, None),
            samples=sum(len(v) for v in by_month.get(x.pk, {}).values()),
            months=len(by_month.get(x.pk, {})),
        )
        for x in surface
    ]


def sample_years() -> list[int]:
    """Years with water samples, newest first."""
    return sorted({d.year for d in Sample.objects.dates("month", "year")}, reverse=True)


def data_state() -> str:
    """Changes with any sample or site, entered by staff or brought by a file (the key of
    cached report files)."""
    found = Sample.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    where = Site.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    state = f"{found['n']}/{found['last']}/{where['n']}/{where['last']}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]
