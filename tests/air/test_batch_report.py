"""An ingestion batch's report as staff read it: every reason ingest.py can give for a
refused row is said in the reader's language, and the report is a table, not a dict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from django.utils import translation

from lantian.air import batch_report, ingest

GOOD = {"so2": "6", "no2": "30", "co": "0.6", "o3": "60", "pm10": "30", "pm25": "40"}


def row(station: str = "A1", time: object = "2026-03-02 10:00", **values: object) -> dict:
    return {"station": station, "time": time, **GOOD, **values}


def every_refusal() -> list[str]:
    """A row for each reason of ingest.check_records."""
    records = [
        row(station=""),  # station: missing
        row(station="A\x001"),  # control characters
        row(station="Z9"),  # unknown station
        row(time="2026-03-02 10:30"),  # not on the hour
        row(time="1800-03-02 10:00"),  # year outside
        row(time=datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=15)))),  # offset
        row(time="yesterday"),  # not a date and time
        row(pm25="many"),  # not a number
        row(pm10="-8"),  # negative
        row(co="999"),  # impossible value
        row(invalid="pm1"),  # unknown pollutant
        row(time="2026-03-02 11:00", **dict.fromkeys(GOOD, "")),  # no pollutant value
        row(time="2026-03-02 12:00"),
        row(time="2026-03-02 12:00"),  # duplicated hour
    ]
    parsed = ingest.check_records(records, stations={"A1"})
    return [reason for refusal in parsed.rejected for reason in refusal.reasons]


def test_every_reason_ingest_gives_has_its_message() -> None:
    reasons = every_refusal()
    assert len(reasons) == 13  # one per reason: the first of the two 12:00 rows is kept
    unknown = [r for r in reasons if not any(p.fullmatch(r) for p, _m in batch_report.REASONS)]
    assert unknown == []


def test_reasons_are_given_in_the_readers_language() -> None:
    with translation.override("zh-hans"):
        for reason in every_refusal():
            pattern, message = next((p, m) for p, m in batch_report.REASONS if p.fullmatch(reason))
            assert (
                batch_report.reason_text(reason)
                == str(message) % pattern.fullmatch(reason).groupdict()
            )
    assert batch_report.reason_text("something else") == "something else"


def test_the_report_is_a_table_of_refused_rows() -> None:
    report = {
        "created": 3,
        "updated": 0,
        "unchanged": 1,
        "aggregates": {"area_hours": 4, "station_days": 1, "area_days": 1},
        "rejected": [
            {"row": 7, "reasons": ["co: impossible value 999 (above 200)"], "raw": {"co": "999"}}
        ],
    }
    with translation.override("zh-hans"):
        html = batch_report.render(report)
    assert "{'" not in html and "<table" in html
    assert '<th scope="row">7</th>' in html and "<code>co</code> 999" in html
    assert "No row was refused." not in html
    with translation.override("zh-hans"):
        empty = batch_report.render({"created": 1})
    assert "<table" not in empty


def test_a_batch_is_named_by_its_local_time() -> None:
    from lantian.air.models import IngestBatch

    batch = IngestBatch(filename="h.csv", received_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    assert str(batch) == "h.csv 2026-03-02 10:00"  # Shanghai
