"""The demo bureau's pollution sources: about 200 enterprises of the city's key-unit lists
(power plants, boiler users, waste-water plants, chemical works and others) with their
permits and outlets, a year of hourly flue-gas data for the gas outlets of 50 of them
(with exceedance episodes and flagged hours), daily waste-water data of the plants,
four quarters of supervisory monitoring, and the year's key-unit list and last quarter's
report sent to publication.

Everything is seeded (the same enterprises, codes and values on every load) and dated
back from the loading day; loading again adds nothing. Writes go through the services.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.utils import timezone

from lantian.air import services as air_services
from lantian.sources import creditcode, limits, services, supervisory_services
from lantian.sources.models import Enterprise, Measurement, SupervisorySample

LOCAL = ZoneInfo("Asia/Shanghai")
SEED = 20_260_301
ENTERPRISES = 200
WITH_HOURLY_DATA = 50
Progress = Callable[[str], None]

# District → (centre latitude, longitude, English name): around the demo stations.
DISTRICTS = {
    "东城区": (31.31, 120.63, "Dongcheng District"),
    "西湖区": (31.285, 120.56, "Xihu District"),
    "南湖区": (31.23, 120.61, "Nanhu District"),
    "北山区": (31.365, 120.615, "Beishan District"),
    "高新区": (31.29, 120.70, "High-Tech Zone"),
    "港区": (31.33, 120.745, "Port District"),
}
# Where industry sits: most of it in Beishan, the High-Tech Zone and the Port.
DISTRICT_WEIGHTS = {
    "北山区": 0.3,
    "高新区": 0.2,
    "港区": 0.25,
    "南湖区": 0.1,
    "东城区": 0.05,
    "西湖区": 0.1,
}


@dataclass(frozen=True)
class Kind:
    """A kind of enterprise: its names with their industries (GB/T 4754), how many, and
    its outlets."""

    key: str
    names: tuple[tuple[str, str, str], ...]  # (name part, industry code, industry)
    suffix: str
    count: int
    gas: str | None  # the flue-gas standard, if it has a stack
    unit_type: str | None = None
    water: bool = False  # a waste-water outlet under GB 18918 (the city's plants)


KINDS = (
    Kind("power", (("热电", "4411", "火力发电"), ("发电", "4411", "火力发电"),
                   ("能源", "4411", "火力发电"), ("热力", "4430", "热力生产和供应")),
         "有限公司", 14, "GB 13223-2011", "coal_boiler"),
    Kind("gas_power", (("燃机发电", "4411", "火力发电"), ("燃气热电", "4411", "火力发电")),
         "有限公司", 6, "GB 13223-2011", "gas_turbine"),
    Kind("boiler", (("印染", "1713", "棉印染精加工"), ("造纸", "2221", "机制纸及纸板制造"),
                    ("纺织", "1711", "棉纺纱加工"), ("食品", "1392", "畜禽屠宰"),
                    ("酿造", "1512", "白酒制造"), ("制革", "1910", "皮革鞣制加工"),
                    ("木业", "2021", "胶合板制造"), ("化纤", "2822", "涤纶纤维制造"),
                    ("制药", "2710", "化学药品原料药制造")),
         "有限公司", 70, "GB 13271-2014", "gas_boiler"),
    Kind("coal_boiler", (("水泥", "3011", "水泥制造"), ("陶瓷", "3071", "建筑陶瓷制品制造"),
                         ("玻璃", "3041", "平板玻璃制造"), ("铸造", "3391", "黑色金属铸造")),
         "有限公司", 20, "GB 13271-2014", "coal_boiler"),
    Kind("wwtp", (("污水处理厂", "4620", "污水处理及其再生利用"),
                  ("水质净化厂", "4620", "污水处理及其再生利用")),
         "", 25, None, water=True),
    Kind("chemical", (("化工", "2614", "有机化学原料制造"),
                      ("精细化工", "2669", "其他专用化学产品制造"),
                      ("新材料", "2651", "初级形态塑料及合成树脂制造"),
                      ("树脂", "2651", "初级形态塑料及合成树脂制造"), ("涂料", "2641", "涂料制造")),
         "有限公司", 45, "GB 13271-2014", "oil_boiler"),
    Kind("other", (("电镀", "3360", "金属表面处理及热处理加工"), ("电子", "3982", "电子电路制造"),
                   ("汽车零部件", "3670", "汽车零部件及配件制造"), ("医院", "8411", "综合医院"),
                   ("垃圾处理", "7820", "环境卫生管理")),
         "有限公司", 20, None),
)  # fmt: skip
PLACES = (
    "滨江", "云台", "青山", "东湖", "长安", "金桥", "新港", "荷塘",
    "清源", "华阳", "永安", "汇丰", "宏达", "恒昌", "瑞丰", "嘉禾",
)  # fmt: skip
GAS_POLLUTANTS = ("a21026", "a21002", "a34013")
WATER_POLLUTANTS = ("w01018", "w21003", "w21011")
# Typical shares of the limit an operating outlet runs at, per pollutant.
TYPICAL_SHARE = {"a21026": 0.45, "a21002": 0.55, "a34013": 0.35, "w01018": 0.5, "w21003": 0.3,
                 "w21011": 0.45}  # fmt: skip


def _credit_code(rng: np.random.Generator, district_code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "MA" + "".join(rng.choice(list(alphabet[:10] + "ABCDEFGH"), size=6))
    org = body + creditcode.org_code_check_character(body)
    first17 = "91" + district_code + org
    return first17 + creditcode.check_character(first17)


@dataclass(frozen=True)
class Plan:
    credit_code: str
    name: str
    kind: Kind
    district: str
    latitude: float
    longitude: float
    built_on: date
    hourly: bool  # a year of hourly flue-gas data
    media: tuple[str, ...]  # key-unit list media
    industry_code: str
    industry_name: str


def plan(count: int = ENTERPRISES) -> list[Plan]:
    """The enterprises, deterministically."""
    rng = np.random.default_rng(SEED)
    plans: list[Plan] = []
    districts = list(DISTRICT_WEIGHTS)
    weights = np.array(list(DISTRICT_WEIGHTS.values()))
    codes = {name: f"3205{10 + i:02d}" for i, name in enumerate(DISTRICTS)}
    used: set[str] = set()
    total = sum(k.count for k in KINDS)
    for kind in KINDS:
        for i in range(max(1, round(kind.count * count / total))):
            district = str(rng.choice(districts, p=weights / weights.sum()))
            lat, lon, _en = DISTRICTS[district]
            place = PLACES[int(rng.integers(len(PLACES)))]
            part, industry_code, industry_name = kind.names[i % len(kind.names)]
            base = f"示范市{place}{part}"
            name = f"{base}{kind.suffix}" if kind.suffix else base
            n = 2
            while name in used:
                name = f"{base}{'二三四五六七八九'[n - 2] if n < 10 else n}厂{kind.suffix}"
                n += 1
            used.add(name)
            media = ("air",) if kind.gas else ()
            if kind.water or kind.key == "chemical":
                media += ("water",)
            if kind.key in ("chemical", "other"):
                media += ("risk",)
            if kind.key == "other" and i % 3 == 0:
                media += ("soil",)
            plans.append(
                Plan(
                    credit_code=_credit_code(rng, codes[district]),
                    name=name,
                    kind=kind,
                    district=district,
                    latitude=round(lat + float(rng.normal(0, 0.012)), 6),
                    longitude=round(lon + float(rng.normal(0, 0.015)), 6),
                    built_on=date(int(rng.integers(1998, 2022)), int(rng.integers(1, 13)), 1),
                    hourly=False,
                    media=media or ("noise",),
                    industry_code=industry_code,
                    industry_name=industry_name,
                )
            )
    # the gas outlets with a year of hourly data: every power plant first, then others
    with_gas = [p for p in plans if p.kind.gas]
    chosen = {
        p.credit_code
        for p in sorted(with_gas, key=lambda p: p.kind.key != "power")[:WITH_HOURLY_DATA]
    }
    return [Plan(**{**p.__dict__, "hourly": p.credit_code in chosen}) for p in plans]


def _save(plans: list[Plan], year: int) -> dict[str, Enterprise]:
    found = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=[p.credit_code for p in plans])
    }
    districts = {}
    for name, (_lat, _lon, english) in DISTRICTS.items():
        districts[name] = air_services.save_district(actor=None, name=name, name_en=english)
    for p in plans:
        if p.credit_code in found:
            continue
        kind = p.kind
        enterprise = services.save_enterprise(
            actor=None,
            credit_code=p.credit_code,
            name=p.name,
            address=f"示范市{p.district}{p.name[3:5]}路{len(p.name) * 7 % 300 + 1}号",
            district=districts[p.district],
            latitude=f"{p.latitude:.6f}",
            longitude=f"{p.longitude:.6f}",
            industry_code=p.industry_code,
            industry_name=p.industry_name,
            standards=[s for s in (kind.gas, "GB 18918-2002" if kind.water else None) if s],
        )
        if kind.gas:
            profile = {"unit_type": kind.unit_type, "built_on": p.built_on.isoformat()}
            if kind.gas == "GB 13271-2014":
                profile["boiler_size"] = "large"
            services.save_outlet(
                actor=None, enterprise=enterprise, code="DA001", name="1号排气筒", kind="gas",
                standard=kind.gas, profile=profile, latitude=f"{p.latitude:.6f}",
                longitude=f"{p.longitude:.6f}", ultra_low=kind.key == "power",
                pollutants=GAS_POLLUTANTS,
            )  # fmt: skip
        if kind.water:
            services.save_outlet(
                actor=None, enterprise=enterprise, code="DW001", name="总排口", kind="water",
                standard="GB 18918-2002", automatic=True,
                profile={"wwtp_class": "1A" if p.built_on.year >= 2006 else "1B",
                         "built_on": p.built_on.isoformat()},
                pollutants=WATER_POLLUTANTS,
            )  # fmt: skip
        if kind.gas or kind.water or kind.key == "chemical":
            key = kind.key in ("power", "gas_power", "wwtp", "chemical", "coal_boiler")
            services.save_permit(
                actor=None,
                enterprise=enterprise,
                number=f"{p.credit_code}001{'P' if key else 'Q'}",
                management_class="key" if key else "simplified",
                valid_from=date(year - 2, 7, 1),
                valid_to=date(year + 2, 6, 30),
            )
        for listed in (year - 1, year):
            for medium in p.media:
                services.list_key_unit(
                    actor=None, enterprise=enterprise, year=listed, medium=medium,
                    level="national" if kind.key == "power" else "city",
                )  # fmt: skip
        found[p.credit_code] = enterprise
    return found


def _reference_o2(p: Plan) -> float:
    """The reference O2 of the planned stack's standard (its values are generated so that
    the measured O2 sits about a point above it)."""
    found = limits.select_limit(
        standard=p.kind.gas or "GB 13223-2011", profile=_profile(p), pollutant="a21026",
        instant=date(2026, 1, 1),
    )  # fmt: skip
    return float(found.reference_o2) if found and found.reference_o2 is not None else 9.0


def _profile(p: Plan) -> limits.OutletProfile:
    if p.kind.gas:
        return limits.OutletProfile(
            unit_type=p.kind.unit_type,
            built_on=p.built_on,
            boiler_size="large" if p.kind.gas == "GB 13271-2014" else None,
        )
    return limits.OutletProfile(
        wwtp_class="1A" if p.built_on.year >= 2006 else "1B", built_on=p.built_on
    )


def _limit(p: Plan, pollutant: str, on: date) -> float:
    """The limit the planned outlet's values are generated around (the one in force)."""
    kind = p.kind
    standard = kind.gas or "GB 18918-2002"
    profile = _profile(p)
    found = limits.select_limit(
        standard=standard, profile=profile, pollutant=pollutant, instant=on,
        ultra_low=kind.key == "power",
    )  # fmt: skip
    return found.value if found else 100.0


def _hourly_csv(plans: list[Plan], first: datetime, hours: int, rng: np.random.Generator) -> bytes:
    """Hourly flue-gas values (measured, with O2 around the standard's reference) for the
    planned gas outlets, with a few exceedance episodes and flagged hours."""
    out = io.StringIO()
    out.write("credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag\n")
    stamps = [first + timedelta(hours=h) for h in range(hours + 1)]
    texts = [s.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M") for s in stamps]
    for p in plans:
        ref = _reference_o2(p)
        o2 = np.clip(rng.normal(ref + 1.0, 0.6, hours), 1, 19)
        flags = np.full(hours, "N", dtype="<U1")
        for _ in range(int(rng.integers(1, 4))):  # maintenance and calibration
            at = int(rng.integers(0, max(1, hours - 6)))
            flags[at : at + int(rng.integers(1, 5))] = rng.choice(["M", "C", "D"])
        for pollutant in GAS_POLLUTANTS:
            limit = _limit(p, pollutant, first.date())
            share = TYPICAL_SHARE[pollutant]
            corrected = limit * share * np.exp(rng.normal(0, 0.18, hours))
            # an episode or two: start-up, a failed desulphuriser
            if rng.random() < 0.35:
                at = int(rng.integers(0, max(1, hours - 8)))
                length = int(rng.integers(2, 7))
                corrected[at : at + length] = limit * rng.uniform(1.15, 2.2, length)
            measured = corrected * (21 - o2) / (21 - ref)
            for h in range(hours):
                flag = flags[h]
                value = "" if flag in ("D", "M") else f"{measured[h]:.2f}"
                oxygen = "" if flag in ("D", "M") else f"{o2[h]:.2f}"
                out.write(
                    f"{p.credit_code},DA001,{pollutant},{texts[h]},{texts[h + 1]},"
                    f"{value},mg/m3,{oxygen},{flag}\n"
                )
    return out.getvalue().encode()


def _water_csv(plans: list[Plan], first: date, days: int, rng: np.random.Generator) -> bytes:
    out = io.StringIO()
    out.write("credit_code,outlet_code,pollutant,start,end,value,unit,o2,flag\n")
    for p in plans:
        for pollutant in WATER_POLLUTANTS:
            limit = _limit(p, pollutant, first)
            values = limit * TYPICAL_SHARE[pollutant] * np.exp(rng.normal(0, 0.25, days))
            if rng.random() < 0.3:
                at = int(rng.integers(0, max(1, days - 3)))
                values[at : at + int(rng.integers(1, 3))] = limit * rng.uniform(1.1, 1.8)
            for d in range(days):
                day = first + timedelta(days=d)
                out.write(
                    f"{p.credit_code},DW001,{pollutant},{day:%Y-%m-%dT00:00},"
                    f"{day + timedelta(days=1):%Y-%m-%dT00:00},{values[d]:.3f},mg/L,,N\n"
                )
    return out.getvalue().encode()


def _supervisory_csv(plans: list[Plan], today: date, rng: np.random.Generator) -> bytes:
    out = io.StringIO()
    out.write("credit_code,outlet_code,pollutant,sampled_on,sample_no,value,unit,o2,monitored_by\n")
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    starts = []
    for _ in range(4):
        quarter_start = (quarter_start - timedelta(days=1)).replace(day=1)
        quarter_start = date(quarter_start.year, 3 * ((quarter_start.month - 1) // 3) + 1, 1)
        starts.append(quarter_start)
    serial = 0
    for start in sorted(starts):
        for p in plans:
            if not (p.kind.gas or p.kind.water) or (p.kind.key == "boiler" and rng.random() < 0.6):
                continue
            serial += 1
            day = start + timedelta(days=int(rng.integers(10, 80)))
            sample = f"JD{day:%Y}-{serial:04d}"
            if p.kind.gas:
                for pollutant in GAS_POLLUTANTS:
                    limit = _limit(p, pollutant, day)
                    value = limit * TYPICAL_SHARE[pollutant] * float(np.exp(rng.normal(0, 0.3)))
                    if rng.random() < 0.02:
                        value = limit * 1.3
                    out.write(
                        f"{p.credit_code},DA001,{pollutant},{day},{sample},{value:.1f},mg/m3,"
                        f"{rng.normal(_reference_o2(p) + 1, 0.8):.1f},示范市环境监测站\n"
                    )
            if p.kind.water:
                for pollutant in WATER_POLLUTANTS:
                    limit = _limit(p, pollutant, day)
                    value = limit * TYPICAL_SHARE[pollutant] * float(np.exp(rng.normal(0, 0.3)))
                    out.write(
                        f"{p.credit_code},DW001,{pollutant},{day},{sample},{value:.3f},mg/L,,示范市环境监测站\n"
                    )
    return out.getvalue().encode()


def load(
    *, today: date | None = None, count: int = ENTERPRISES, days: int = 365,
    progress: Progress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Load the demo's pollution sources (idempotent)."""
    say = progress or (lambda _line: None)
    today = today or timezone.localdate()
    plans = plan(count)
    with transaction.atomic():
        enterprises = _save(plans, today.year)
    say(f"{len(enterprises)} enterprises with their permits, outlets and key-unit listings")
    rng = np.random.default_rng(SEED + 1)
    hourly = [p for p in plans if p.hourly]
    end = datetime.combine(today, time(), tzinfo=LOCAL)
    first = end - timedelta(days=days)
    loaded = 0
    if not Measurement.objects.filter(
        outlet__enterprise__credit_code__in=[p.credit_code for p in hourly]
    ).exists():
        month = first
        while month < end:
            stop = min(month + timedelta(days=30), end)
            hours = int((stop - month).total_seconds() // 3600)
            batch = services.ingest_payload(
                actor=None, content=_hourly_csv(hourly, month, hours, rng),
                filename=f"cems-{month:%Y%m%d}.csv",
            )  # fmt: skip
            loaded += batch.accepted
            say(f"hourly flue-gas data from {month:%Y-%m-%d}: {batch.accepted:,} values")
            month = stop
        plants = [p for p in plans if p.kind.water]
        batch = services.ingest_payload(
            actor=None,
            content=_water_csv(plants, first.date(), days, rng),
            filename="wwtp-daily.csv",
        )
        loaded += batch.accepted
        say(f"daily waste-water data: {batch.accepted:,} values")
    if not SupervisorySample.objects.exists():
        supervisory_services.import_results(
            actor=None, content=_supervisory_csv(plans, today, rng), filename="jiandu.csv"
        )
    _publications(today)
    return {"enterprises": len(enterprises), "values": loaded}


def _publications(today: date) -> None:
    """Last year's key-unit list published in March; this year's too once March is past
    (sent on 20 March, published on the 27th); the last complete quarter's supervisory
    report sent to the review."""
    from lantian.demo.disclosure import backdate
    from lantian.disclosure import selectors as disclosure_selectors
    from lantian.disclosure import services as disclosure
    from lantian.sources.models import KeyUnitList, SupervisoryReport

    years = [today.year - 1] + ([today.year] if today >= date(today.year, 4, 1) else [])
    for year in years:
        if KeyUnitList.objects.filter(year=year).exists():
            continue
        # the disclosure demo already published the year's list by hand: that is the one
        existing = (
            disclosure_selectors.live_items()
            .filter(category__code=supervisory_services.KEY_UNIT_CATEGORY, formed_on__year=year)
            .first()
        )
        if existing is not None:
            supervisory_services.link_key_unit_list(
                actor=None, year=year, item=existing, sent_on=existing.formed_on
            )
            continue
        record = supervisory_services.publish_key_unit_list(
            actor=None, year=year, on=date(year, 3, 20)
        )
        item = disclosure.publish_item(actor=None, item=record.item)
        backdate(item, date(year, 3, 27))
    last = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
    quarter = (last.month - 1) // 3 + 1
    if not SupervisoryReport.objects.filter(year=last.year, quarter=quarter).exists():
        with contextlib.suppress(ValueError):  # no sample in that quarter (a reduced load)
            supervisory_services.publish_supervisory_report(
                actor=None, year=last.year, quarter=quarter, on=today
            )
