"""Demo air-quality data for 示范市: stations, hourly values from 1 January of the year
before (at least 18 months), a forecast.

Deterministic (seeded) and realistic enough to exercise every rule: a winter-high,
summer-low particulate season with morning and evening peaks; traffic-shaped NO2;
afternoon ozone that peaks in early summer; multi-day weather swings; winter haze, a
spring dust storm and summer ozone episodes; hours lost in transmission, a station
outage, values the stations flagged invalid, and a few impossible rows that ingestion
refuses. The span crosses 2026-03-01, when HJ 633-2026 replaced HJ 633-2012.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.utils import timezone

from lantian.air import selectors, services
from lantian.air.ingest import LOCAL
from lantian.air.models import Observation, Station

SEED = 2026
MONTHS = 18


@dataclass(frozen=True)
class DemoStation:
    code: str
    name: str
    name_en: str
    district: str
    latitude: float
    longitude: float
    kind: str = Station.Kind.NATIONAL
    counts_for_city: bool = True
    level: float = 1.0  # how polluted the site is relative to the city


# the districts the stations lie in, with the English names of the bundled map
DISTRICTS: tuple[tuple[str, str], ...] = (
    ("东城区", "Dongcheng District"),
    ("西湖区", "Xihu District"),
    ("南湖区", "Nanhu District"),
    ("北山区", "Beishan District"),
    ("高新区", "High-Tech Zone"),
    ("港区", "Port District"),
)

STATIONS: tuple[DemoStation, ...] = (
    DemoStation("3101A", "市监测站", "City Monitoring Station", "东城区", 31.305, 120.622),
    DemoStation("3102A", "人民公园", "People's Park", "东城区", 31.318, 120.641, level=0.95),
    DemoStation("3103A", "西湖新村", "Xihu Xincun", "西湖区", 31.296, 120.571, level=1.05),
    DemoStation("3104A", "文教园区", "University Park", "西湖区", 31.273, 120.552, level=0.9),
    DemoStation("3105A", "南湖街道", "Nanhu Subdistrict", "南湖区", 31.241, 120.618, level=1.0),
    DemoStation("3106A", "湖滨湿地", "Lakeside Wetland", "南湖区", 31.218, 120.596, level=0.85),
    DemoStation(
        "3107A", "北山工业园", "Beishan Industrial Park", "北山区", 31.372, 120.628, level=1.2
    ),
    DemoStation("3108A", "北山中学", "Beishan Middle School", "北山区", 31.351, 120.602, level=1.1),
    DemoStation(
        "3109A", "高新区管委会", "High-Tech Zone Committee", "高新区", 31.298, 120.688, level=1.0
    ),
    DemoStation("3110A", "科技城", "Science City", "高新区", 31.284, 120.712, level=0.95),
    DemoStation("3111A", "港区码头", "Port Wharf", "港区", 31.335, 120.755, level=1.15),
    DemoStation("3112A", "港区医院", "Port District Hospital", "港区", 31.321, 120.731, level=1.05),
    DemoStation(
        "3190B",
        "云台山",
        "Yuntai Mountain (background)",
        "北山区",
        31.432,
        120.545,
        kind=Station.Kind.BACKGROUND,
        counts_for_city=False,
        level=0.55,
    ),
    DemoStation(
        "3191T",
        "人民路交通站",
        "Renmin Road (roadside)",
        "东城区",
        31.309,
        120.633,
        kind=Station.Kind.TRAFFIC,
        counts_for_city=False,
        level=1.25,
    ),
)

# (first day, last day, what rises, factor): the episodes the demo story tells.
EPISODES: tuple[tuple[date, date, str, float], ...] = (
    (date(2025, 6, 12), date(2025, 6, 16), "o3", 1.6),  # early-summer ozone
    (date(2025, 7, 21), date(2025, 7, 24), "o3", 1.5),
    (date(2025, 12, 17), date(2025, 12, 22), "haze", 3.4),  # winter haze, heavy pollution
    (date(2026, 1, 22), date(2026, 1, 25), "haze", 2.8),
    (date(2026, 2, 26), date(2026, 3, 3), "haze", 2.4),  # across the switch to HJ 633-2026
    (date(2026, 4, 8), date(2026, 4, 9), "dust", 5.0),  # a spring dust storm
    (date(2026, 6, 9), date(2026, 6, 13), "o3", 1.7),
    (date(2026, 8, 4), date(2026, 8, 6), "o3", 1.5),
    (date(2026, 11, 9), date(2026, 11, 12), "haze", 2.2),
)
OUTAGE = ("3108A", date(2026, 2, 10), date(2026, 2, 13))  # analyser repair
NETWORK_GAP = datetime(2026, 3, 1, 2, 0, tzinfo=LOCAL)  # an hour lost for every station
COLUMNS = ("so2", "no2", "co", "o3", "pm10", "pm25")


def default_span(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Hours up to the last full hour (local), from 18 months before or from 1 January
    of the year before, whichever is earlier: the last full calendar year is then
    complete, so its yearly bulletin is an annual assessment (never before ``ANCHOR``)."""
    now = (now or timezone.now()).astimezone(LOCAL)
    last = now.replace(minute=0, second=0, microsecond=0)
    first_day = min(
        (last - timedelta(days=round(MONTHS * 30.44))).date(), date(last.year - 1, 1, 1)
    )
    first = datetime.combine(first_day, datetime.min.time(), tzinfo=LOCAL)
    return max(first, ANCHOR), last


ANCHOR = datetime(2025, 1, 1, tzinfo=LOCAL)  # every series starts here: an hour's values
# never depend on when the demo was loaded
REFUSED = {  # rows no monitor could have sent, which ingestion refuses and reports
    ("3105A", "2026-05-06 10:00"): ("pm10", -8),
    ("3111A", "2026-09-15 14:00"): ("co", 999),
}


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *key])


def _weather(rng: np.random.Generator, hours: int) -> np.ndarray:
    """A slowly varying dispersion factor (log-AR(1), ~2-day memory): stagnant spells
    raise everything, fronts clear the air."""
    phi, sigma = 0.98, 0.09
    shocks = rng.normal(0, sigma, hours)
    out = np.empty(hours)
    x = 0.0
    for i in range(hours):
        x = phi * x + shocks[i]
        out[i] = x
    return np.exp(out)


def _episode_factors(days: np.ndarray) -> dict[str, np.ndarray]:
    factors = {kind: np.ones(days.size) for kind in ("haze", "dust", "o3")}
    for first, last, kind, factor in EPISODES:
        inside = (days >= np.datetime64(first)) & (days <= np.datetime64(last))
        # ramp up and down over the episode rather than a step
        span = max((last - first).days, 1)
        position = (days - np.datetime64(first)).astype(float) / span
        shape = 1 + (factor - 1) * np.sin(np.pi * np.clip(position, 0, 1)) ** 0.5
        factors[kind] = np.where(inside, np.maximum(factors[kind], shape), factors[kind])
    return factors


def _series(st_index: int, st: DemoStation, ends: np.ndarray, weather: np.ndarray) -> dict:
    """One station's hourly concentrations over ``ends`` (naive local ends of hour)."""
    n = ends.size
    hour = ((ends - ends.astype("datetime64[D]")).astype(int) - 1) % 24  # hour started
    days = (ends - np.timedelta64(1, "m")).astype("datetime64[D]")
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    winter = np.cos(2 * np.pi * (doy - 15) / 365.25)  # +1 mid-January, −1 mid-July
    summer_sun = np.clip(np.cos(2 * np.pi * (doy - 165) / 365.25), -0.3, 1)  # peaks June
    rush = 1 + 0.35 * np.exp(-((hour - 7.5) ** 2) / 3) + 0.45 * np.exp(-((hour - 19) ** 2) / 5)
    night = 1 + 0.25 * np.cos(2 * np.pi * (hour - 2) / 24)  # low mixing layer at night
    afternoon = np.clip(np.sin(np.pi * (hour - 7) / 12), 0, None)  # ozone builds 07–19
    episodes = _episode_factors(days)
    haze, dust = episodes["haze"], episodes["dust"]

    local = weather * np.exp(_rng(st_index, 1).normal(0, 0.12, n))  # the site's own noise
    pm25 = st.level * 27 * (1 + 0.55 * winter) * night * local * haze * (1 + 0.2 * (dust - 1))
    pm10 = pm25 * _rng(st_index, 2).normal(1.6, 0.12, n) * (1 + (dust - 1) * 0.9)
    traffic = 1.6 if st.kind == Station.Kind.TRAFFIC else 1.0
    no2 = traffic * st.level * 27 * (1 + 0.35 * winter) * rush * np.sqrt(local) * haze**0.4
    so2 = st.level * 7 * (1 + 0.5 * winter) * local**0.5
    co = 0.35 + st.level * 0.45 * (1 + 0.5 * winter) * np.sqrt(local) * haze**0.6
    clear = 1 / np.sqrt(local)  # clear, well-mixed days make ozone
    o3 = (
        18
        + (72 + 62 * summer_sun) * afternoon * clear * episodes["o3"]
        + _rng(st_index, 3).normal(0, 6, n)
    ) * (1.15 if st.kind == Station.Kind.BACKGROUND else 1 / traffic**0.5)
    return {
        "so2": np.round(so2),
        "no2": np.round(no2),
        "co": np.round(co, 1),
        "o3": np.round(np.clip(o3, 2, None)),
        "pm10": np.round(pm10),
        "pm25": np.round(pm25),
        "lost": _rng(st_index, 4).random(n) < 0.008,  # transmission losses
        "flagged": _rng(st_index, 5).random(n) < 0.003,  # the site's own invalid flags
        "days": days,
    }


def generate(first: datetime, last: datetime) -> list[dict[str, Any]]:
    """Hourly rows (ingestion's columns) for every demo station, ``first < hour ≤ last``."""
    if first < ANCHOR:
        raise ValueError(f"demo data start at {ANCHOR:%Y-%m-%d}")
    naive = np.datetime64(ANCHOR.replace(tzinfo=None), "h")
    ends = np.arange(
        naive + np.timedelta64(1, "h"),
        np.datetime64(last.astimezone(LOCAL).replace(tzinfo=None), "h") + np.timedelta64(1, "h"),
        np.timedelta64(1, "h"),
    )
    skip = int((first - ANCHOR).total_seconds() // 3600)
    weather = _weather(_rng(0), ends.size)
    times = [t.replace("T", " ") for t in np.datetime_as_string(ends[skip:], unit="m")]
    gap = np.datetime64(NETWORK_GAP.replace(tzinfo=None), "h")
    rows: list[dict[str, Any]] = []
    for index, st in enumerate(STATIONS, start=1):
        series = _series(index, st, ends, weather)
        outage = np.zeros(ends.size, dtype=bool)
        if st.code == OUTAGE[0]:
            outage = (series["days"] >= np.datetime64(OUTAGE[1])) & (
                series["days"] <= np.datetime64(OUTAGE[2])
            )
        dropped = series["lost"] | outage | (ends == gap)
        columns = {p: series[p].tolist() for p in COLUMNS}
        for i in range(skip, ends.size):
            if dropped[i]:
                continue
            row: dict[str, Any] = {"station": st.code, "time": times[i - skip]}
            for p in COLUMNS:
                row[p] = columns[p][i] if p == "co" else int(columns[p][i])
            if series["flagged"][i]:
                row["pm25"] = 0  # a zero check left in the data, flagged by the site
                row["invalid"] = "pm25"
            bad = REFUSED.get((st.code, row["time"]))
            if bad:
                row[bad[0]] = bad[1]
            rows.append(row)
    return rows


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    out.write(
        "station,time,SO2(μg/m³),NO2(μg/m³),CO(mg/m³),O3(μg/m³),PM10(μg/m³),PM2.5(μg/m³),invalid\n"
    )
    for r in rows:
        out.write(
            f"{r['station']},{r['time']},{r['so2']},{r['no2']},{r['co']},{r['o3']},"
            f"{r['pm10']},{r['pm25']},{r.get('invalid', '')}\n"
        )
    return out.getvalue().encode()


def save_stations() -> None:
    for name, name_en in DISTRICTS:
        services.save_district(actor=None, name=name, name_en=name_en)
    for st in STATIONS:
        services.save_station(
            actor=None,
            code=st.code,
            name=st.name,
            name_en=st.name_en,
            district=st.district,
            latitude=st.latitude,
            longitude=st.longitude,
            kind=st.kind,
            counts_for_city=st.counts_for_city,
        )


def issue_demo_forecast(issued_at: datetime) -> None:
    """A forecast for the three days after ``issued_at``, unless one is already current."""
    today = issued_at.astimezone(LOCAL).date()
    current = selectors.latest_forecast(today=today + timedelta(days=1))
    if current is not None and len(current.coming_days) >= 3:
        return
    advice = {
        1: (
            "空气质量令人满意，各类人群可正常活动，适宜开窗通风和户外运动。",
            "Air quality is satisfactory: good for outdoor activities and airing rooms.",
        ),
        2: (
            "极少数异常敏感人群应减少户外活动，其他人群出行不受影响。",
            "Only unusually sensitive people should reduce outdoor activity; travel is unaffected.",
        ),
        3: (
            "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼；驾车出行注意能见度。",
            "Children, the elderly and people with heart or lung disease should reduce long or "
            "intense outdoor exercise; drivers should mind visibility.",
        ),
    }
    ranges = [(35, 65, "pm25", 2), (60, 95, "pm25", 2), (85, 125, "pm25", 3)]
    services.issue_forecast(
        actor=None,
        issued_at=issued_at,
        summary="受弱冷空气影响，未来三天扩散条件逐步转差，以良为主，后期可能出现轻度污染。",
        summary_en="A weak cold front passes; dispersion worsens over three days: mostly "
        "moderate, possibly lightly polluted at the end.",
        days=[
            {
                "day": today + timedelta(days=i + 1),
                "aqi_low": low,
                "aqi_high": high,
                "primary": primary,
                "advice": advice[level][0],
                "advice_en": advice[level][1],
            }
            for i, (low, high, primary, level) in enumerate(ranges)
        ],
    )


def load(
    *,
    first: datetime | None = None,
    last: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Stations, hourly data month by month (one ingestion batch each) and a forecast.

    Safe to run again: months already loaded are skipped, and ingestion itself is
    idempotent. Returns the number of observations and batches written.
    """
    default_first, default_last = default_span()
    first, last = first or default_first, last or default_last
    save_stations()
    months: dict[str, list[dict[str, Any]]] = {}
    for row in generate(first, last):
        months.setdefault(row["time"][:7], []).append(row)
    written = batches = 0
    for month, rows in sorted(months.items()):
        latest = max(r["time"] for r in rows)
        loaded = Observation.objects.filter(
            hour_end=datetime.fromisoformat(latest).replace(tzinfo=LOCAL)
        ).exists()
        if loaded:
            continue
        batch = services.ingest_payload(
            actor=None, content=to_csv(rows), filename=f"demo-{month}.csv"
        )
        written += batch.accepted
        batches += 1
        if progress:
            progress(f"{month}: {batch.accepted} rows, {batch.rejected} refused")
    issue_demo_forecast(last)
    return {"observations": written, "batches": batches}
