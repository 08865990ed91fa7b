"""Emission limits as versioned data (no Django import): which limit applies to an outlet's
pollutant on a given day.

The numbers live in ``data/emission_limits.json``, each entry citing its standard and
table, with the date it takes effect and the facts it applies to:

- GB 13223-2011 火电厂大气污染物排放标准, Table 1 (general) and Table 2 (特别排放限值):
  new units (EIA approved from 2012-01-01) from 2012-01-01, existing units from
  2014-07-01, mercury from 2015-01-01; the 200/400 SO2 values for Guangxi, Chongqing,
  Sichuan and Guizhou (Table 1 note 1) and the NOx 200 value for W-flame boilers,
  existing circulating fluidised-bed boilers and boilers built or approved by 2003-12-31
  (note 2). Reference O2: coal boilers 6 %, oil and gas boilers 3 %, gas turbines 15 %.
- GB 18918-2002 城镇污水处理厂污染物排放标准, Table 1, classes 1A/1B/2/3, daily means;
  ammonia's bracketed value for water at or below 12 °C; total phosphorus by the plant's
  construction date (by 2005-12-31 / from 2006-01-01); pH 6–9.
- GB 13271-2014 锅炉大气污染物排放标准, Tables 1–3 (in-service, new, special); reference
  O2 coal 9 %, oil and gas 3.5 %. Not verified against the official text.
- The 2015 ultra-low emission policy for coal-fired units (particulate 10, SO2 35, NOx
  50 mg/m³ at 6 % O2), kept apart from the standards as a policy set (``ULE-2015``).

Entries carry ``verified`` as the research notes mark them ([V] true, [P]/[U] false).

Choosing a limit (:func:`select_limit`): the standard's entries for the pollutant whose
``applies`` facts all match the outlet's (:class:`OutletProfile` → :func:`facts`) and whose
``effective_from`` ≤ the day (and ``effective_to`` > it when set); among those the latest
``effective_from``. A day before a limit takes effect has no limit from this data
(``None``): existing GB 13223 units before 2014-07-01 followed GB 13223-2003, which is not
carried. The ultra-low target then replaces the standard's value when the outlet opts in
and it is stricter, and a permit limit replaces either when stricter still (lower).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

ULTRA_LOW = "ULE-2015"
GAS_TURBINES = frozenset({"oil_turbine", "gas_turbine", "other_gas_turbine"})
UNIT_TYPES = (
    "coal_boiler",
    "oil_boiler",
    "oil_turbine",
    "gas_boiler",
    "other_gas_boiler",
    "gas_turbine",
    "other_gas_turbine",
)
WWTP_CLASSES = ("1A", "1B", "2", "3")


@dataclass(frozen=True)
class OutletProfile:
    """The facts about an outlet that choose a row of a standard's tables.

    ``built_on`` is the date the standard counts to tell new from existing: for GB 13223
    and GB 13271 the approval date of the EIA (or commissioning, for the 2003-12-31 NOx
    rule); for GB 18918's phosphorus rows the plant's construction date. Unknown
    (``None``) counts as existing / built by 2005-12-31 (the laxer row), so that no
    exceedance is claimed on a limit that may not apply.

    ``province`` is the GB/T 2260 code (two digits or the full six) for the regional SO2
    values. ``special_limits`` puts the outlet in a key region (特别排放限值) from
    ``special_limits_from`` (the MEE's date for that region), or always when that is None.
    ``boiler_size`` (GB 13271 in-service dates): ``"large"`` for steam boilers above
    10 t/h or hot-water boilers above 7 MW, ``"small"`` otherwise; unknown counts as small.
    """

    unit_type: str | None = None
    built_on: date | None = None
    special_limits: bool = False
    special_limits_from: date | None = None
    province: str | None = None
    wwtp_class: str | None = None
    w_flame: bool = False
    cfb: bool = False
    boiler_size: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> OutletProfile:
        """Build from a JSON object (dates as ISO strings); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown profile keys: {', '.join(sorted(unknown))}")
        values = dict(data)
        for key in ("built_on", "special_limits_from"):
            if isinstance(values.get(key), str):
                values[key] = date.fromisoformat(values[key])
        if values.get("unit_type") not in (None, *UNIT_TYPES):
            raise ValueError(f"unknown unit_type {values['unit_type']!r}")
        if values.get("wwtp_class") not in (None, *WWTP_CLASSES):
            raise ValueError(f"unknown wwtp_class {values['wwtp_class']!r}")
        if values.get("boiler_size") not in (None, "large", "small"):
            raise ValueError(f"unknown boiler_size {values['boiler_size']!r}")
        return cls(**values)


@dataclass(frozen=True)
class Limit:
    """The limit that applies. ``value`` is the upper bound; ``minimum`` the lower bound of a
    range (pH 6–9: minimum 6, value 9), else None. ``value_cold`` is GB 18918 ammonia's
    bracketed value for water at or below 12 °C (already in ``value`` when asked for)."""

    pollutant: str
    value: float
    unit: str
    averaging: str
    reference_o2: float | None
    source: str
    policy: str  # "standard" | "permit" | "ultra_low"
    minimum: float | None = None
    value_cold: float | None = None
    standard: str = ""
    entry_id: str = ""
    verified: bool = False
    note: str = ""


@cache
def _data() -> dict[str, Any]:
    text = (
        resources.files("lantian.sources")
        .joinpath("data/emission_limits.json")
        .read_text(encoding="utf-8")
    )
    data = json.loads(text)
    index: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in data["limits"]:
        entry["_from"] = date.fromisoformat(entry["effective_from"])
        entry["_to"] = date.fromisoformat(entry["effective_to"]) if entry["effective_to"] else None
        index.setdefault((entry["standard"], entry["pollutant"]), []).append(entry)
    data["_index"] = index
    return data


def pollutants() -> dict[str, dict[str, Any]]:
    """Pollutant metadata by HJ 212 code: ``name_zh``, ``name_en``, ``unit``, ``medium``."""
    return {code: dict(meta) for code, meta in _data()["pollutants"].items()}


def standards() -> dict[str, dict[str, Any]]:
    """The standards and policy sets: titles, edition, in-force date, reference O2, rules."""
    return {name: dict(meta) for name, meta in _data()["standards"].items()}


def entries(standard: str | None = None) -> list[dict[str, Any]]:
    """The raw limit entries (for listings and tests), optionally of one standard."""
    return [
        {k: v for k, v in e.items() if not k.startswith("_")}
        for e in _data()["limits"]
        if standard is None or e["standard"] == standard
    ]


def facts(standard: str, profile: OutletProfile, instant: date) -> dict[str, str | None]:
    """The profile's facts in the terms of ``standard``'s ``applies`` keys."""
    meta = _data()["standards"][standard]
    rules = meta.get("rules", {})
    new_from = rules.get("new_from")
    status = None
    if new_from is not None:
        is_new = profile.built_on is not None and profile.built_on >= date.fromisoformat(new_from)
        status = "new" if is_new else "existing"
    special = profile.special_limits and (
        profile.special_limits_from is None or instant >= profile.special_limits_from
    )
    southwest = rules.get("southwest_provinces", [])
    province = (profile.province or "")[:2]
    nox_variant = "general"
    relaxed_before = rules.get("relaxed_nox_built_before")
    if relaxed_before is not None and (
        profile.w_flame
        or (profile.cfb and status == "existing")
        or (profile.built_on is None or profile.built_on < date.fromisoformat(relaxed_before))
    ):
        nox_variant = "relaxed"
    tp_from = rules.get("tp_from")
    tp_period = None
    if tp_from is not None:
        later = profile.built_on is not None and profile.built_on >= date.fromisoformat(tp_from)
        tp_period = "from_2006" if later else "before_2006"
    return {
        "unit_type": profile.unit_type,
        "status": status,
        "region": "special" if special else "general",
        "province_group": "southwest" if province in southwest else "other",
        "nox_variant": nox_variant,
        "wwtp_class": profile.wwtp_class,
        "tp_period": tp_period,
        "boiler_size": profile.boiler_size or "small",
    }


def _matches(applies: Mapping[str, Any], known: Mapping[str, Any]) -> bool:
    for key, wanted in applies.items():
        have = known.get(key)
        if isinstance(wanted, list) and have not in wanted:
            return False
        if not isinstance(wanted, list) and have != wanted:
            return False
    return True


def _entry(standard: str, pollutant: str, known: Mapping[str, Any], instant: date):
    candidates = [
        e
        for e in _data()["_index"].get((standard, pollutant), [])
        if e["_from"] <= instant
        and (e["_to"] is None or instant < e["_to"])
        and _matches(e["applies"], known)
    ]
    if not candidates:
        return None
    latest = max(e["_from"] for e in candidates)
    chosen = [e for e in candidates if e["_from"] == latest]
    if len(chosen) > 1:
        ids = ", ".join(e["id"] for e in chosen)
        raise LookupError(f"ambiguous limit data for {standard} {pollutant}: {ids}")
    return chosen[0]


def _limit(entry: Mapping[str, Any], policy: str, cold: bool) -> Limit:
    value = entry["value_cold"] if cold and entry["value_cold"] is not None else entry["value"]
    return Limit(
        pollutant=entry["pollutant"],
        value=float(value),
        unit=entry["unit"],
        averaging=entry["averaging"],
        reference_o2=entry["reference_o2"],
        source=entry["source"],
        policy=policy,
        minimum=entry["min"],
        value_cold=entry["value_cold"],
        standard=entry["standard"],
        entry_id=entry["id"],
        verified=entry["verified"],
        note=entry["note"] or "",
    )


def select_limit(
    *,
    standard: str,
    profile: OutletProfile,
    pollutant: str,
    instant: date,
    permit_limit: float | None = None,
    ultra_low: bool = False,
    cold_water: bool = False,
) -> Limit | None:
    """The limit on ``pollutant`` for an outlet under ``standard`` on the day ``instant``.

    ``None`` when neither the standard (on that day) nor the permit sets one. The ultra-low
    target replaces the standard's value when ``ultra_low`` and it is stricter; a
    ``permit_limit`` replaces the result when strictly lower (policy ``"permit"``, source
    "排污许可证", the standard's averaging and reference O2 kept). A permit limit alone
    (no standard row) is returned as is, with no averaging known (``""``). Ranges (pH) take
    no permit or ultra-low override. ``cold_water`` picks GB 18918 ammonia's value for
    water at or below 12 °C. Raises ``KeyError`` for an unknown standard.
    """
    if standard not in _data()["standards"]:
        raise KeyError(f"unknown standard {standard!r}")
    known = facts(standard, profile, instant)
    entry = _entry(standard, pollutant, known, instant)
    result = _limit(entry, "standard", cold_water) if entry is not None else None
    if result is not None and result.minimum is not None:
        return result

    replaces = _data()["standards"][ULTRA_LOW]["rules"].get("replaces", [])
    if ultra_low and standard in replaces:
        ule = _entry(ULTRA_LOW, pollutant, facts(ULTRA_LOW, profile, instant), instant)
        if ule is not None and (result is None or ule["value"] < result.value):
            result = _limit(ule, "ultra_low", False)

    if permit_limit is not None and (result is None or permit_limit < result.value):
        if result is None:
            meta = pollutants().get(pollutant, {})
            return Limit(
                pollutant=pollutant,
                value=float(permit_limit),
                unit=meta.get("unit", ""),
                averaging="",
                reference_o2=None,
                source="排污许可证",
                policy="permit",
            )
        return Limit(
            pollutant=pollutant,
            value=float(permit_limit),
            unit=result.unit,
            averaging=result.averaging,
            reference_o2=result.reference_o2,
            source="排污许可证",
            policy="permit",
            standard=result.standard,
            entry_id=result.entry_id,
            verified=True,
            note=f"stricter than {result.source} ({result.value:g} {result.unit})",
        )
    return result
