"""Exceedance events from stored self-monitoring data: oxygen-corrected hourly flue-gas
values against GB 13223-2011 and the permit, daily means of waste water against GB
18918-2002, flagged values as no value, the CLI, review and explanation."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from lantian.sources import services
from lantian.sources.models import ExceedanceEvent
from lantian.sources.services import NotAllowed

from .conftest import HEADER, POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db


def gas_rows(values: list[tuple[float | None, float | None, str]], day: str = "2026-03-01") -> str:
    """One SO2 row per hour from 00:00 (value, measured O2, flag)."""
    lines = []
    for hour, (value, o2, flag) in enumerate(values):
        v = "" if value is None else value
        x = "" if o2 is None else o2
        end = f"{day}T{hour + 1:02d}:00" if hour < 23 else "2026-03-02T00:00"
        lines.append(f"{POWER_PLANT},DA001,a21026,{day}T{hour:02d}:00,{end},{v},mg/m3,{x},{flag}\n")
    return HEADER + "".join(lines)


def load(text: str) -> None:
    services.ingest_payload(actor=None, content=text.encode(), filename="data.csv")


def cli_events(code: str = POWER_PLANT) -> list[dict]:
    out = StringIO()
    call_command(
        "sources", "exceedances", "--credit-code", code, "--from", "2026-03-01",
        "--to", "2026-03-31", "--json", stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_consecutive_corrected_hours_above_the_limit_form_one_event(plants):
    # SO2 limit 100 mg/m³ at 6 % O2. At 9 % O2 a measured 85 corrects to 85×15/12 = 106.25
    # (over); measured 80 → 100.0 exactly at the limit (not an exceedance).
    load(gas_rows([(50, 6, "N"), (85, 9, "N"), (90, 9, "N"), (80, 9, "N"), (120, 6, "N")]))
    events = cli_events()
    assert events == [
        {
            "outlet": "DA001",
            "pollutant": "a21026",
            "start": "2026-03-01T01:00:00+08:00",
            "end": "2026-03-01T03:00:00+08:00",
            "max": 112.5,
            "mean": pytest.approx((106.25 + 112.5) / 2),
            "multiple": 1.12,  # 112.5 / 100, rounded half to even (GB/T 8170)
        },
        {
            "outlet": "DA001",
            "pollutant": "a21026",
            "start": "2026-03-01T04:00:00+08:00",
            "end": "2026-03-01T05:00:00+08:00",
            "max": 120.0,
            "mean": 120.0,
            "multiple": 1.2,
        },
    ]
    stored = ExceedanceEvent.objects.order_by("start").first()
    assert stored.limit == 100 and stored.limit_source == "GB 13223-2011 表1"


def test_a_flagged_hour_is_no_value_and_breaks_an_event(plants):
    load(gas_rows([(150, 6, "N"), (500, 6, "C"), (150, 6, "N"), (None, None, "D")]))
    events = cli_events()
    assert [(e["start"][11:16], e["end"][11:16], e["max"]) for e in events] == [
        ("00:00", "01:00", 150.0),
        ("02:00", "03:00", 150.0),
    ]


def test_the_permit_limit_applies_when_stricter(plants):
    # NOx: GB 13223 says 100, the permit 80; 90 exceeds the permit only
    text = HEADER + (f"{POWER_PLANT},DA001,a21002,2026-03-01T00:00,2026-03-01T01:00,90,mg/m3,6,N\n")
    load(text)
    (event,) = ExceedanceEvent.objects.filter(pollutant="a21002")
    # 90 / 80 = 1.125, rounded half to even (GB/T 8170) to 1.12
    assert (event.limit, event.multiple, event.limit_source) == (80, 1.12, "排污许可证")


def test_waste_water_is_judged_by_its_daily_mean(plants):
    # COD class 1A: 50 mg/L as a daily mean. Twelve 2-hourly values: day 1 mean 55 (over,
    # though some values are under), day 2 mean 45 with a 70 in it (complies).
    day1 = [60, 50] * 6
    day2 = [70] + [42.7273] * 11
    lines = []
    for day, values in (("01", day1), ("02", day2)):
        for i, value in enumerate(values):
            start = f"2026-03-{day}T{2 * i:02d}:00"
            end = (
                f"2026-03-{day}T{2 * i + 2:02d}:00" if i < 11 else f"2026-03-0{int(day) + 1}T00:00"
            )
            lines.append(f"{WWTP},DW001,w01018,{start},{end},{value},mg/L,,N\n")
    load(HEADER + "".join(lines))
    events = cli_events(WWTP)
    assert [(e["start"], e["end"], e["max"], e["multiple"]) for e in events] == [
        ("2026-03-01T00:00:00+08:00", "2026-03-02T00:00:00+08:00", 55.0, 1.1)
    ]


def test_an_event_found_again_keeps_its_review_and_a_corrected_value_removes_it(plants, admin_user):
    load(gas_rows([(150, 6, "N")]))
    event = ExceedanceEvent.objects.get()
    services.review_exceedance(actor=admin_user, event=event, review="confirmed", note="核实")
    load(gas_rows([(150, 6, "N"), (160, 6, "N")]))  # the event grows by an hour
    event.refresh_from_db()
    assert (event.periods, event.maximum, event.review) == (2, 160, "confirmed")
    load(gas_rows([(50, 6, "N")], day="2026-03-05"))
    assert ExceedanceEvent.objects.count() == 1
    # an unreviewed event whose values are corrected to compliant ones goes away
    load(gas_rows([(150, 6, "N")], day="2026-03-06"))
    assert ExceedanceEvent.objects.count() == 2
    load(gas_rows([(90, 6, "N")], day="2026-03-06"))
    assert ExceedanceEvent.objects.count() == 1


def test_the_public_list_labels_unreviewed_events_and_shows_the_explanation(plants, admin_user):
    load(gas_rows([(150, 6, "N"), (50, 6, "N"), (150, 6, "N")]))
    first, second = ExceedanceEvent.objects.order_by("start")
    services.explain_exceedance(
        actor=None, event=first, enterprise=plants.power, text="脱硫系统检修后启动"
    )
    with pytest.raises(NotAllowed):
        services.explain_exceedance(actor=None, event=first, enterprise=plants.wwtp, text="x")
    services.review_exceedance(actor=admin_user, event=second, review="dismissed")
    body = Client().get("/api/v1/exceedances", {"credit_code": POWER_PLANT}).json()
    assert body["count"] == 1  # the dismissed event is not public
    (item,) = body["items"]
    assert item["label"] == "企业自行监测数据，未经审核"
    assert item["explanation"] == "脱硫系统检修后启动"
    assert item["review"] == "unreviewed" and item["multiple"] == 1.5
    services.review_exceedance(actor=admin_user, event=first, review="confirmed")
    item = Client().get("/api/v1/exceedances", {"credit_code": POWER_PLANT}).json()["items"][0]
    assert item["label"] == ""


def test_the_exceedance_query_is_bounded(plants):
    client = Client()
    assert client.get("/api/v1/exceedances", {"from": "0001-01-01"}).status_code == 422
    assert (
        client.get("/api/v1/exceedances", {"from": "2026-03-02", "to": "2026-03-01"}).status_code
        == 422
    )


def test_the_cli_loads_files_and_refuses_a_missing_one(plants, tmp_path):
    path = tmp_path / "so2.csv"
    path.write_text(gas_rows([(150, 6, "N")]))
    out = StringIO()
    call_command("sources", "ingest", str(path), "--quiet", stdout=out)
    report = json.loads(out.getvalue())
    assert report["created"] == 1 and report["exceedances"]["created"] == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("sources", "ingest", str(tmp_path / "none.csv"))
