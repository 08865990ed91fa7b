"""Demo water data for 示范市: 12 monitoring sites and two years of monthly samples.

- Four surface drinking-water sources (two reservoirs, two river intakes) with their
  designed and monthly abstraction volumes, six river sections along 清江, 运河, 白沙河
  and the polluted 柳溪河, and two urban lakes.
- One sample a site a month, on a working day in the first half of the month: every
  GB 3838-2002 Table 1 item, and the Table 2 items at the drinking-water sources; trace
  items mostly below their detection limit (written ``0.00004L`` as the monitoring
  reports do). Seasonal: warm water holds less oxygen, winter low flow raises ammonia,
  summer runoff and lake sediments raise phosphorus.
- The story, in every 24 consecutive months (each event falls in a given calendar
  month of even or odd years): 青龙水库 releases manganese and iron at the late-summer
  overturn, 白云湖水库 has a summer phosphorus month, the 清江 intake a winter ammonia
  month (so the sources' compliance rate drops below 100 % in four months); 柳溪河 below
  the Beishan industrial park is usually class IV–V and worse than V one December; 南湖
  is often class IV for phosphorus and class V one August; the 运河 intake was not
  sampled one February (a source-month "not evaluated").

A month's values depend only on the site and the month (seeded), never on the loading
day, which only decides the span: the 24 complete months before its month and the
current month's samples already taken. Each month is one sample file through
:func:`lantian.water.services.ingest_samples` (raw payload and audit kept); loading
again skips the samples already there.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.utils import timezone

from lantian.air import services as air_services
from lantian.demo.sources import DISTRICTS
from lantian.water import drinking, gb3838, services
from lantian.water.models import Sample, Site

SEED = 20_261_208
MONTHS = 24
Progress = Callable[[str], None]
_KIND = Site.Kind


@dataclass(frozen=True)
class DemoSite:
    code: str
    name: str
    name_en: str
    kind: str
    district: str
    latitude: float
    longitude: float
    target: str
    # annual means (mg/L) of the items that vary by site; COD and BOD5 follow CODMn
    base: dict[str, float]
    water_body: str = ""  # only for a surface drinking-water source
    ceiling: str = ""  # the worst class an ordinary month reaches (default: the target)
    design_abstraction: float | None = None  # 10⁴ t a month
    do_saturation: float = 0.93  # dissolved oxygen as a fraction of saturation
    polluted: bool = False  # trace organics and oil measurable, not below detection
    extra: dict[str, float] = field(default_factory=dict)  # Table 2 means, for sources


SITES: tuple[DemoSite, ...] = (
    DemoSite(
        "DW01",
        "青龙水库饮用水水源地",
        "Qinglong Reservoir drinking-water source",
        _KIND.DRINKING_SURFACE,
        "北山区",
        31.428,
        120.556,
        "II",
        {"codmn": 2.3, "nh3_n": 0.12, "tp": 0.017, "tn": 0.75},
        water_body=Site.WaterBody.LAKE,
        design_abstraction=420.0,
        do_saturation=0.95,
        extra={"iron": 0.08, "manganese": 0.03, "sulfate": 24.0, "chloride": 14.0},
    ),
    DemoSite(
        "DW02",
        "白云湖水库饮用水水源地",
        "Baiyun Lake Reservoir drinking-water source",
        _KIND.DRINKING_SURFACE,
        "西湖区",
        31.262,
        120.530,
        "III",
        {"codmn": 3.1, "nh3_n": 0.2, "tp": 0.03, "tn": 0.95},
        water_body=Site.WaterBody.LAKE,
        design_abstraction=240.0,
        extra={"iron": 0.1, "manganese": 0.035, "sulfate": 31.0, "chloride": 19.0},
    ),
    DemoSite(
        "DW03",
        "清江西郊水厂取水口",
        "Qingjiang river intake of the Western Waterworks",
        _KIND.DRINKING_SURFACE,
        "西湖区",
        31.300,
        120.540,
        "III",
        {"codmn": 3.3, "nh3_n": 0.36, "tp": 0.085, "tn": 1.55},
        water_body=Site.WaterBody.RIVER,
        design_abstraction=600.0,
        extra={"iron": 0.14, "manganese": 0.05, "sulfate": 42.0, "chloride": 28.0},
    ),
    DemoSite(
        "DW04",
        "运河南湖水厂取水口",
        "Grand Canal intake of the Nanhu Waterworks",
        _KIND.DRINKING_SURFACE,
        "南湖区",
        31.205,
        120.640,
        "III",
        {"codmn": 3.6, "nh3_n": 0.42, "tp": 0.1, "tn": 1.8},
        water_body=Site.WaterBody.RIVER,
        design_abstraction=150.0,
        extra={"iron": 0.12, "manganese": 0.045, "sulfate": 48.0, "chloride": 35.0},
    ),
    DemoSite(
        "RS01",
        "清江西山桥（入境断面）",
        "Qingjiang, Xishan Bridge (inflow section)",
        _KIND.RIVER_SECTION,
        "西湖区",
        31.315,
        120.520,
        "II",
        {"codmn": 2.6, "nh3_n": 0.22, "tp": 0.06, "tn": 1.2},
    ),
    DemoSite(
        "RS02",
        "清江人民桥",
        "Qingjiang, Renmin Bridge",
        _KIND.RIVER_SECTION,
        "东城区",
        31.300,
        120.630,
        "III",
        {"codmn": 4.0, "nh3_n": 0.55, "tp": 0.13, "tn": 2.1},
        ceiling="IV",
        do_saturation=0.85,
    ),
    DemoSite(
        "RS03",
        "清江港口大桥（出境断面）",
        "Qingjiang, Port Bridge (outflow section)",
        _KIND.RIVER_SECTION,
        "港区",
        31.350,
        120.770,
        "III",
        {"codmn": 4.3, "nh3_n": 0.62, "tp": 0.145, "tn": 2.4},
        ceiling="IV",
        do_saturation=0.82,
    ),
    DemoSite(
        "RS04",
        "白沙河科技城桥",
        "Baisha River, Science City Bridge",
        _KIND.RIVER_SECTION,
        "高新区",
        31.280,
        120.720,
        "III",
        {"codmn": 3.8, "nh3_n": 0.48, "tp": 0.12, "tn": 1.9},
    ),
    DemoSite(
        "RS05",
        "柳溪河北山工业园下游",
        "Liuxi River below the Beishan Industrial Park",
        _KIND.RIVER_SECTION,
        "北山区",
        31.355,
        120.640,
        "IV",
        {"codmn": 6.9, "nh3_n": 1.2, "tp": 0.25, "tn": 3.4},
        ceiling="V",
        do_saturation=0.62,
        polluted=True,
    ),
    DemoSite(
        "RS06",
        "运河南湖闸",
        "Grand Canal, Nanhu Sluice",
        _KIND.RIVER_SECTION,
        "南湖区",
        31.230,
        120.660,
        "III",
        {"codmn": 4.1, "nh3_n": 0.58, "tp": 0.135, "tn": 2.2},
        ceiling="IV",
        do_saturation=0.86,
    ),
    DemoSite(
        "LR01",
        "南湖湖心",
        "Nanhu Lake, centre",
        _KIND.LAKE_RESERVOIR,
        "南湖区",
        31.220,
        120.600,
        "III",
        {"codmn": 4.6, "nh3_n": 0.35, "tp": 0.052, "tn": 1.5},
        ceiling="V",
        do_saturation=0.9,
    ),
    DemoSite(
        "LR02",
        "西湖湖心",
        "Xihu Lake, centre",
        _KIND.LAKE_RESERVOIR,
        "西湖区",
        31.285,
        120.565,
        "III",
        {"codmn": 3.5, "nh3_n": 0.24, "tp": 0.032, "tn": 1.0},
    ),
)

# (site, calendar month, year % 2) → values that replace the ordinary month's: the
# demo's story, each event once in any 24 consecutive months.
EVENTS: dict[tuple[str, int, int], dict[str, float]] = {
    ("DW01", 9, 0): {"manganese": 0.18, "iron": 0.42},  # autumn overturn of the reservoir
    ("DW01", 8, 1): {"manganese": 0.14},
    ("DW02", 7, 1): {"tp": 0.068},  # lake column class IV: an algal month
    ("DW03", 1, 0): {"nh3_n": 1.32},  # winter low flow: class IV
    ("RS05", 12, 1): {"nh3_n": 2.86, "tp": 0.46, "do": 1.8},  # worse than class V
    ("LR01", 8, 0): {"tp": 0.16},  # lake column class V
}
NOT_SAMPLED: frozenset[tuple[str, int, int]] = frozenset({("DW04", 2, 1)})  # boat repair

# Detection limits of the usual methods (HJ standards): below them a report writes "…L".
DETECTION = {
    "nh3_n": 0.025,
    "tp": 0.01,
    "bod5": 0.5,
    "cod": 4.0,
    "cu": 0.001,
    "zn": 0.05,
    "se": 0.0004,
    "as": 0.0003,
    "hg": 0.00004,
    "cd": 0.0001,
    "cr6": 0.004,
    "pb": 0.001,
    "cn": 0.004,
    "volatile_phenol": 0.0003,
    "petroleum": 0.01,
    "las": 0.05,
    "sulfide": 0.005,
    "iron": 0.03,
    "manganese": 0.01,
}
DECIMALS = {
    "temperature": 1,
    "ph": 2,
    "do": 1,
    "codmn": 1,
    "cod": 0,
    "bod5": 1,
    "nh3_n": 3,
    "tp": 3,
    "tn": 2,
    "cu": 4,
    "zn": 3,
    "fluoride": 2,
    "se": 4,
    "as": 4,
    "hg": 5,
    "cd": 4,
    "cr6": 3,
    "pb": 4,
    "cn": 3,
    "volatile_phenol": 4,
    "petroleum": 2,
    "las": 2,
    "sulfide": 3,
    "fecal_coliform": 0,
    "sulfate": 1,
    "chloride": 1,
    "nitrate": 2,
    "iron": 3,
    "manganese": 3,
}
COLUMNS: tuple[str, ...] = (*drinking.ITEMS, "abstraction")


@dataclass(frozen=True)
class Planned:
    site: str
    sampled_on: date
    cells: dict[str, str]  # item → the cell a monitoring report writes ("0.01L" below)


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *key])


def sampling_day(index: int, year: int, month: int) -> date:
    """The field trip of a month: sources first, then rivers, then lakes, on weekdays
    after the National Day holiday."""
    first = 5 + (year * 12 + month) * 5 % 8 + (4 if month == 10 else 0)
    offset = 0 if index < 4 else (1 if index < 10 else 2)
    day = date(year, month, first) + timedelta(days=offset)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _saturation(t: float) -> float:
    """Dissolved oxygen at saturation (mg/L) at t ℃, fresh water at sea level."""
    return 14.62 - 0.3898 * t + 0.006969 * t**2 - 0.00005897 * t**3


def _limit(item: str, body: str, cls: str) -> float | None:
    column = gb3838.limits(item, body)
    return None if column is None else column[gb3838.class_code(cls) - 1]


def _values(index: int, s: DemoSite, year: int, month: int) -> dict[str, float]:
    """A site's values of one month (before detection limits and events)."""
    rng = _rng(index, year, month)
    summer = math.cos(2 * math.pi * (month - 7.5) / 12)  # +1 July–August, −1 January
    body = s.water_body or (Site.WaterBody.LAKE if s.kind == _KIND.LAKE_RESERVOIR else "river")
    lake = body == Site.WaterBody.LAKE

    def drift(spread: float) -> float:
        return float(np.exp(rng.normal(0, spread)))

    b = s.base
    t = 17.5 + 11.5 * summer + rng.normal(0, 1.0)
    v: dict[str, float] = {
        "temperature": t,
        "ph": 7.55 + (0.35 if lake else 0.15) * summer + rng.normal(0, 0.12),
        "do": _saturation(t) * s.do_saturation * drift(0.05),
        "codmn": b["codmn"] * (1 + 0.15 * summer) * drift(0.12),
        "nh3_n": b["nh3_n"] * (1 - 0.3 * summer) * drift(0.2),
        "tp": b["tp"] * (1 + (0.35 if lake else 0.2) * summer) * drift(0.18),
        "tn": b["tn"] * (1 - 0.15 * summer) * drift(0.15),
        "cu": 0.002 + 0.004 * rng.random(),
        "zn": 0.02 + 0.03 * rng.random(),
        "fluoride": 0.3 + 0.25 * rng.random(),
        "se": 0.0002,
        "as": 0.0008 + 0.002 * rng.random(),
        "hg": 0.00002,
        "cd": 0.00005,
        "cr6": 0.002,
        "pb": 0.0008 + 0.0025 * rng.random(),
        "cn": 0.002,
        "volatile_phenol": 0.0015 if s.polluted else 0.00015,
        "petroleum": 0.07 * drift(0.3) if s.polluted else 0.005 + 0.02 * rng.random(),
        "las": 0.08 * drift(0.3) if s.polluted else 0.025,
        "sulfide": 0.02 * drift(0.3) if s.polluted else 0.0025,
        "fecal_coliform": (30 if s.polluted else 5) * b["codmn"] * 200 * (1 + 0.6 * summer),
    }
    v["fecal_coliform"] *= drift(0.5)
    v["cod"] = v["codmn"] * 3.9 * drift(0.08)
    v["bod5"] = v["cod"] * 0.16 * drift(0.1)
    # no ordinary month worse than the site's ceiling class
    ceiling = s.ceiling or s.target
    for item in gb3838.CLASS_ITEMS:
        limit = _limit(item, body, ceiling)
        if limit is None:
            continue
        v[item] = max(v[item], limit * 1.05) if item == "do" else min(v[item], limit * 0.95)
    if s.kind in Site.DRINKING:
        e = s.extra
        v["sulfate"] = e["sulfate"] * drift(0.15)
        v["chloride"] = e["chloride"] * drift(0.15)
        v["nitrate"] = b["tn"] * 0.55 * drift(0.15)
        v["iron"] = min(e["iron"] * (1 + 0.3 * summer) * drift(0.25), 0.27)
        v["manganese"] = min(e["manganese"] * (1 + 0.4 * summer) * drift(0.3), 0.09)
    return v


def _cell(item: str, value: float) -> str:
    limit = DETECTION.get(item)
    if limit is not None and value < limit:
        return f"{np.format_float_positional(limit, trim='-')}L"
    if item == "fecal_coliform":
        return f"{float(f'{value:.2g}'):.0f}"  # two significant figures, as MPN tables give
    return f"{value:.{DECIMALS[item]}f}"


def plan_month(year: int, month: int) -> list[Planned]:
    """Every site's sample of one month, the same whenever it is generated."""
    found = []
    for index, s in enumerate(SITES):
        key = (s.code, month, year % 2)
        if key in NOT_SAMPLED:
            continue
        values = _values(index, s, year, month)
        values.update(EVENTS.get(key, {}))
        cells = {item: _cell(item, value) for item, value in values.items()}
        if s.design_abstraction is not None:
            summer = math.cos(2 * math.pi * (month - 7.5) / 12)
            volume = s.design_abstraction * (0.95 + 0.08 * summer)
            volume *= float(np.exp(_rng(index, year, month, 1).normal(0, 0.04)))
            cells["abstraction"] = f"{volume:.1f}"
        found.append(Planned(s.code, sampling_day(index, year, month), cells))
    return found


def span(today: date) -> list[tuple[int, int]]:
    """The 24 complete months before ``today``'s month, then ``today``'s month."""
    first = today.year * 12 + today.month - 1 - MONTHS
    return [((first + i) // 12, (first + i) % 12 + 1) for i in range(MONTHS + 1)]


def plan(today: date) -> list[Planned]:
    """The samples of the span taken before ``today``."""
    return [
        p for year, month in span(today) for p in plan_month(year, month) if p.sampled_on < today
    ]


def to_csv(samples: list[Planned]) -> bytes:
    """The wide layout of a sample file (one column per item, empty when not measured)."""
    out = io.StringIO()
    out.write(",".join(("site_code", "sampled_on", *COLUMNS)) + "\n")
    for p in samples:
        cells = [p.cells.get(item, "") for item in COLUMNS]
        out.write(",".join((p.site, p.sampled_on.isoformat(), *cells)) + "\n")
    return out.getvalue().encode()


def save_sites() -> int:
    """The demo's sites (a site already there by its code is left as staff keep it)."""
    existing = set(
        Site.objects.filter(code__in=[s.code for s in SITES]).values_list("code", flat=True)
    )
    districts = {}
    created = 0
    for s in SITES:
        if s.code in existing:
            continue
        if s.district not in districts:
            districts[s.district] = air_services.save_district(
                actor=None, name=s.district, name_en=DISTRICTS[s.district][2]
            )
        services.save_site(
            actor=None,
            code=s.code,
            name=s.name,
            name_en=s.name_en,
            kind=s.kind,
            water_body=s.water_body,
            district=districts[s.district],
            latitude=s.latitude,
            longitude=s.longitude,
            target=s.target,
            design_abstraction=s.design_abstraction,
        )
        created += 1
    return created


def load(*, today: date | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Sites and two years of monthly samples, one sample file a month. Safe to run
    again: samples already there (by site and day) are not sent again."""
    say = progress or (lambda _line: None)
    today = today or timezone.localdate()
    sites = save_sites()
    codes = {s.code for s in SITES}
    stored = set(
        Sample.objects.filter(site__code__in=codes).values_list("site__code", "sampled_on")
    )
    months: dict[str, list[Planned]] = {}
    for p in plan(today):
        if (p.site, p.sampled_on) not in stored:
            months.setdefault(p.sampled_on.isoformat()[:7], []).append(p)
    samples = batches = 0
    for month, rows in sorted(months.items()):
        batch = services.ingest_samples(
            actor=None, content=to_csv(rows), filename=f"demo-water-{month}.csv"
        )
        samples += batch.created
        batches += 1
        if batch.rejected:
            say(f"{month}: {batch.rejected} rows refused")
    say(f"{sites} water sites, {samples} samples in {batches} files")
    return {"sites": sites, "samples": samples, "batches": batches}
