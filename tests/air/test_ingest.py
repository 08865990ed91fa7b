"""Ingesting hourly observations: checks with reasons, idempotent upserts, raw payload
kept, AQI scored by the edition in force."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from django.core.management import call_command

from lantian.air.ingest import FileError
from lantian.air.models import IngestBatch, Observation
from lantian.air.services import ingest_payload, save_station

pytestmark = pytest.mark.django_db
CST = timezone(timedelta(hours=8))


@pytest.fixture
def stations() -> None:
    for code, name in (("1001A", "监测站"), ("1002A", "开发区")):
        save_station(
            actor=None, code=code, name=name, district="示范区", latitude=31.3, longitude=120.6
        )


CSV = """station,time,so2,no2,co(mg/m3),o3,pm10,PM2.5(μg/m³),invalid
1001A,2026-02-28 23:00,8,35,0.7,40,90,75,
1001A,2026-03-01 00:00,8,35,0.7,40,90,75,
1001A,2026-03-01 01:00,8,35,0.7,40,90,75,
1002A,2026-03-01 01:00,8,35,0.7,40,90,300,pm2.5
"""


def test_a_csv_is_loaded_and_scored_by_the_edition_in_force(stations) -> None:
    batch = ingest_payload(actor=None, content=CSV.encode(), filename="hours.csv")
    assert (batch.accepted, batch.rejected) == (4, 0)
    by_hour = {
        o.hour_end.astimezone(CST).strftime("%m-%d %H"): o
        for o in Observation.objects.filter(station__code="1001A")
    }
    # Hours ending up to 24:00 on 28 February are HJ 633-2012 (PM2.5 75 → 100) …
    assert by_hour["02-28 23"].aqi == 100
    assert by_hour["03-01 00"].aqi == 100
    # … from the hour ending 01:00 on 1 March HJ 633-2026 (PM2.5 75 → 114).
    assert by_hour["03-01 01"].aqi == 114
    assert by_hour["03-01 01"].primary == "pm25"
    # A value the station marked invalid counts as missing: PM2.5 300 is set aside, and
    # with a pollutant missing an AQI ≤ 100 is NA under HJ 633-2026 5.3.1.
    flagged = Observation.objects.get(station__code="1002A")
    assert flagged.invalid == ["pm25"]
    assert flagged.aqi is None and flagged.level is None
    assert bytes(batch.raw) == CSV.encode()


def test_the_same_file_twice_changes_nothing(stations) -> None:
    ingest_payload(actor=None, content=CSV.encode(), filename="hours.csv")
    before = list(Observation.objects.values_list("pk", "pm25", "aqi", "batch_id"))
    again = ingest_payload(actor=None, content=CSV.encode(), filename="hours.csv")
    assert (again.accepted, again.unchanged, again.rejected) == (0, 4, 0)
    assert list(Observation.objects.values_list("pk", "pm25", "aqi", "batch_id")) == before
    assert IngestBatch.objects.count() == 2  # both payloads kept


def test_a_corrected_value_updates_and_rescores(stations) -> None:
    ingest_payload(actor=None, content=CSV.encode(), filename="hours.csv")
    fixed = CSV.replace(
        "1001A,2026-03-01 01:00,8,35,0.7,40,90,75,", "1001A,2026-03-01 01:00,8,35,0.7,40,90,35,"
    )
    batch = ingest_payload(actor=None, content=fixed.encode(), filename="hours-fixed.csv")
    assert batch.report["updated"] == 1
    obs = Observation.objects.get(
        station__code="1001A", hour_end=datetime(2026, 3, 1, 1, tzinfo=CST)
    )
    assert obs.pm25 == 35
    assert obs.aqi == 79  # now PM10 90 leads: 50 + 50/70·40 = 78.6 → 79
    assert obs.primary == "pm10"


BAD = """station,time,so2,no2,co,o3,pm10,pm25
1001A,2026-03-02 01:00,8,35,0.7,40,90,75
9999X,2026-03-02 01:00,8,35,0.7,40,90,75
1001A,2026-03-02 02:00,-3,35,0.7,40,90,75
1001A,2026-03-02 03:00,8,35,0.7,40,90,99999
1001A,2026-03-02 01:00,8,35,0.7,40,90,80
1001A,yesterday,8,35,0.7,40,90,75
1001A,2026-03-02 04:30,8,35,0.7,40,90,75
1001A,2026-03-02 05:00,8,35,0.7,40,90,abc
"""


def test_bad_rows_are_refused_with_reasons_and_good_ones_kept(stations) -> None:
    batch = ingest_payload(actor=None, content=BAD.encode(), filename="bad.csv")
    assert batch.accepted == 1
    reasons = {r["row"]: " | ".join(r["reasons"]) for r in batch.report["rejected"]}
    assert "unknown station '9999X'" in reasons[2]
    assert reasons[3].startswith("so2: negative")
    assert "pm25: impossible value 99999" in reasons[4]
    assert "duplicated hour: same station and hour as row 1" in reasons[5]
    assert reasons[6].startswith("time: not a date and time")
    assert reasons[7] == "time: not on the hour"
    assert reasons[8] == "pm25: not a number: 'abc'"
    assert batch.report["rejected"][0]["raw"]["station"] == "9999X"


def test_a_wrong_unit_refuses_the_file_and_writes_nothing(stations) -> None:
    wrong = "station,time,co(μg/m³)\n1001A,2026-03-02 01:00,700\n"
    with pytest.raises(FileError, match="column co: unit"):
        ingest_payload(actor=None, content=wrong.encode(), filename="wrong.csv")
    assert not IngestBatch.objects.exists() and not Observation.objects.exists()


def test_json_and_xlsx(stations) -> None:
    payload = {
        "units": {"co": "mg/m3"},
        "observations": [
            {"station": "1001A", "time": "2026-03-03T10:00:00+08:00", "pm25": 40, "pm10": 60},
        ],
    }
    batch = ingest_payload(actor=None, content=json.dumps(payload).encode(), filename="a.json")
    assert batch.accepted == 1

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["站点编码", "时间", "PM2.5", "PM10"])
    sheet.append(["1002A", datetime(2026, 3, 3, 11), 50, 70])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = ingest_payload(actor=None, content=buffer.getvalue(), filename="b.xlsx")
    assert batch.accepted == 1
    obs = Observation.objects.get(station__code="1002A")
    assert obs.hour_end == datetime(2026, 3, 3, 11, tzinfo=CST)


def test_unreadable_files(stations) -> None:
    with pytest.raises(FileError, match="unsupported file type"):
        ingest_payload(actor=None, content=b"x", filename="a.txt")
    with pytest.raises(FileError, match="not valid JSON"):
        ingest_payload(actor=None, content=b"{", filename="a.json")
    with pytest.raises(FileError, match="station and time"):
        ingest_payload(actor=None, content=b"a,b\n1,2\n", filename="a.csv")


def test_cli_prints_a_json_report(stations, tmp_path) -> None:
    path = tmp_path / "hours.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("air", "ingest", str(path), "--quiet", stdout=out)
    report = json.loads(out.getvalue())
    assert report["created"] == 4 and report["rejected"] == []


def test_cli_missing_file_exits_2(stations, capsys) -> None:
    from lantian.manage import main

    with pytest.raises(SystemExit) as excinfo:
        main(["lantian", "air", "ingest", "/nonexistent.csv"])
    assert excinfo.value.code == 2
    assert "no such file" in capsys.readouterr().err


def test_times_and_texts_a_database_cannot_store_are_refused_with_their_row(stations) -> None:
    """Years outside 1900–2100 (year 1 and 9999 overflow in UTC), offsets beyond ±14:00
    and control characters are refusals with reasons; the report keeps the raw cells."""
    rows = [
        "station,time,pm25",
        "1001A,0001-01-01 01:00,40",
        "1001A,9999-12-31 23:00,40",
        "1001A,1899-12-31 23:00,40",
        "1001A,1900-01-01 01:00+08:00,40",
        "1001A,2100-12-31 23:00,40",
        "1001A,2026-03-04T10:00:00-23:59,40",
        "1001A,2026-03-04T10:00:00+14:00,40",
        "10\x0001A,2026-03-04 11:00,40",
    ]
    batch = ingest_payload(actor=None, content="\n".join(rows).encode(), filename="edge.csv")
    reasons = {r["row"]: " | ".join(r["reasons"]) for r in batch.report["rejected"]}
    assert reasons[1] == "time: year 1 outside 1900–2100"
    assert reasons[2] == "time: year 9999 outside 1900–2100"
    assert reasons[3] == "time: year 1899 outside 1900–2100"
    assert reasons[6] == "time: UTC offset beyond ±14:00"
    assert reasons[8].startswith("station: control characters")
    assert set(reasons) == {1, 2, 3, 6, 8}
    assert batch.accepted == 3  # 1900-01-01, 2100-12-31 and +14:00 are times
    assert batch.report["rejected"][-1]["raw"]["station"] == "10\\u000001A"
    IngestBatch.objects.get(pk=batch.pk)  # the report was stored, NUL and all
