"""The transparency self-score's inputs, counted from seeded records with fixed dates
(China's 2026 calendar; measured on 31 December 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from lantian.complaints import services as complaint_services
from lantian.core.roles import Role
from lantian.enforcement.models import REPORT_CATEGORY_CODES, DisclosureReport
from lantian.reports import transparency_inputs as inputs
from lantian.sources.models import (
    ExceedanceEvent,
    KeyUnitListing,
    Measurement,
    MonitoringBatch,
)
from tests.complaints.conftest import at, categories, register  # noqa: F401
from tests.eia.conftest import Record, plants, record  # noqa: F401
from tests.enforcement.records import decision
from tests.sources.conftest import Plants

D = date.fromisoformat
TODAY = D("2026-12-31")


def counts(year_inputs: dict[str, Any], class_key: str, dimension: str) -> dict[str, tuple]:
    return {c.key: (c.met, c.total) for c in year_inputs[class_key][dimension]}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def penalties(plants: Plants) -> None:  # noqa: F811
    """Three decisions of 2026, the third published late (7 working days)."""
    decision(
        "示环罚〔2026〕1号",
        enterprise=plants.power,
        decided_on=D("2026-03-02"),
        published_on=D("2026-03-04"),
    )
    decision(
        "示环罚〔2026〕2号",
        enterprise=plants.wwtp,
        decided_on=D("2026-04-13"),
        published_on=D("2026-04-15"),
    )
    decision(
        "示环罚〔2026〕3号",
        enterprise=plants.other,
        decided_on=D("2026-05-11"),
        published_on=D("2026-06-15"),
    )
    decision(
        "示环罚〔2025〕9号", enterprise=plants.other, decided_on=D("2025-05-11"), published_on=None
    )  # another year: not counted


def test_penalties_three_decided_one_published_late(penalties: None) -> None:
    found = inputs.supervision(2026, TODAY)
    assert counts({"s": found}, "s", "systematic")["penalties_published"] == (3, 3)
    timely = found["timely"][0]
    assert (timely.key, timely.met, timely.total) == ("penalties_on_time", 2, 3)
    (late,) = timely.misses
    assert late.label.startswith("示环罚〔2026〕3号")
    assert late.url.endswith(f"/enforcement/penalties/{_pk('示环罚〔2026〕3号')}/")
    assert counts({"s": found}, "s", "complete")["penalty_fields"] == (3, 3)


def _pk(number: str) -> int:
    from lantian.enforcement import selectors

    return selectors.penalties().get(document_number=number).pk


def test_an_unpublished_decision_not_yet_due_is_left_out(plants: Plants) -> None:  # noqa: F811
    decision(
        "示环罚〔2026〕7号", enterprise=plants.power, decided_on=D("2026-12-28"), published_on=None
    )
    found = inputs.supervision(2026, TODAY)
    assert counts({"s": found}, "s", "timely")["penalties_on_time"] == (0, 0)


def test_exceedances_without_explanation_and_the_missing_key_unit_list(plants: Plants) -> None:  # noqa: F811
    KeyUnitListing.objects.create(enterprise=plants.power, year=2026, medium="air", level="city")
    common = {
        "outlet": plants.stack,
        "pollutant": "a21026",
        "periods": 2,
        "maximum": 80.0,
        "mean": 70.0,
        "limit": 35.0,
        "limit_source": "GB 13223-2011",
    }
    ExceedanceEvent.objects.create(
        start=utc("2026-05-01T00:00"),
        end=utc("2026-05-01T02:00"),
        explanation="脱硫塔循环泵故障，已抢修。",
        **common,
    )
    silent = ExceedanceEvent.objects.create(
        start=utc("2026-06-01T00:00"), end=utc("2026-06-01T02:00"), **common
    )
    ExceedanceEvent.objects.create(  # dismissed by staff: not counted
        start=utc("2026-07-01T00:00"), end=utc("2026-07-01T02:00"), review="dismissed", **common
    )
    found = {"s": inputs.supervision(2026, TODAY)}
    assert counts(found, "s", "complete")["exceedances_explained"] == (1, 2)
    miss = next(c for c in found["s"]["complete"] if c.key == "exceedances_explained").misses[0]
    assert miss.url.endswith(f"/exceedances/{silent.pk}/")
    # the year's key-unit list was never published: missing after 31 March
    assert counts(found, "s", "systematic")["key_unit_list"] == (0, 1)
    assert counts(found, "s", "timely")["key_unit_list_on_time"] == (0, 1)


def test_self_monitoring_of_the_key_units(plants: Plants) -> None:  # noqa: F811
    for enterprise in (plants.power, plants.wwtp):
        KeyUnitListing.objects.create(enterprise=enterprise, year=2026, medium="air", level="city")
    batch = MonitoringBatch.objects.create(
        source="api", sha256="0" * 64, raw=b"", enterprise=plants.power
    )
    MonitoringBatch.objects.filter(pk=batch.pk).update(received_at=utc("2026-05-01T03:30"))
    for hour, value, flag in ((1, 20.0, "N"), (2, 21.0, "N"), (3, None, "F")):
        Measurement.objects.create(
            outlet=plants.stack,
            pollutant="a21026",
            start=utc(f"2026-05-01T0{hour - 1}:00"),
            end=utc(f"2026-05-01T0{hour}:00"),
            value=value,
            flag=flag,
            batch=batch,
        )
    found = {"m": inputs.self_monitoring(2026, TODAY)}
    # the waste-water plant published nothing
    assert counts(found, "m", "systematic")["units_reporting"] == (1, 2)
    # the 01:00 value arrived at 03:30, more than 2 hours after its period
    assert counts(found, "m", "timely")["values_on_time"] == (2, 3)
    assert counts(found, "m", "complete")["values_valid"] == (2, 3)


def test_complaints_replied_late_and_without_findings(register: Any, staff: dict) -> None:  # noqa: F811
    admin = staff[Role.ADMINISTRATOR]
    quick = register(received_on=D("2026-03-02"), submitted_at=at(D("2026-03-02")))
    slow = register(received_on=D("2026-03-02"), submitted_at=at(D("2026-03-02")))
    register(received_on=D("2025-03-02"), submitted_at=at(D("2025-03-02")))  # another year
    for case, replied in ((quick, D("2026-03-20")), (slow, D("2026-11-30"))):
        case = complaint_services.accept(actor=admin, complaint=case, on=D("2026-03-04"))
        if case is quick:
            case = complaint_services.record_findings(
                actor=admin,
                complaint=case,
                findings="现场检查属实",
                substantiated="yes",
                measures="责令整改",
                on=D("2026-03-18"),
            )
        complaint_services.reply(actor=admin, complaint=case, text="已责令整改。", on=replied)
    found = {"c": inputs.complaints_class(2026, TODAY)}
    assert counts(found, "c", "systematic")["cases_answered"] == (2, 2)
    assert counts(found, "c", "timely")["cases_on_time"] == (1, 2)
    late = found["c"]["timely"][0].misses[0]
    assert late.label.startswith(slow.case_no)
    assert counts(found, "c", "complete")["replies_complete"] == (1, 2)


def test_disclosure_reports_due_in_the_year(plants: Plants) -> None:  # noqa: F811
    for enterprise in (plants.power, plants.wwtp):
        KeyUnitListing.objects.create(enterprise=enterprise, year=2025, medium="air", level="city")
    content = dict.fromkeys(REPORT_CATEGORY_CODES, "无")
    DisclosureReport.objects.create(
        enterprise=plants.power,
        kind="annual",
        year=2025,
        submitted_on=D("2026-03-10"),
        content=content,
    )
    found = {"e": inputs.emissions(2026, TODAY)}
    # the waste-water plant has no annual report at all
    assert counts(found, "e", "systematic")["annual_reports"] == (1, 2)
    assert counts(found, "e", "timely")["reports_on_time"] == (1, 1)
    assert counts(found, "e", "complete")["reports_complete"] == (1, 1)


def test_eia_decision_notice_late(record: Record) -> None:  # noqa: F811
    found = {"e": inputs.eia_class(2026, TODAY)}
    # the report book and the unannounced project were accepted in 2026
    assert counts(found, "e", "systematic") == {
        "acceptance_notices": (1, 2),
        "decision_notices": (1, 1),
    }
    # decided 03-31, the notice on 04-20: after the 7th working day (04-10)
    assert counts(found, "e", "timely") == {
        "decision_notices_on_time": (0, 1),
        "decisions_in_time": (1, 1),
    }
    assert found["e"]["timely"][0].misses[0].label == record.book.name
    # a decision number but no public decision document
    assert counts(found, "e", "complete")["decision_documents"] == (0, 1)


def test_an_empty_year_is_not_scored(db: Any) -> None:
    result = inputs.year_score(2019, TODAY)
    assert result.total is None and not result.sufficient
    assert all(not c.scored for c in result.classes)


@override_settings(LANTIAN_TRANSPARENCY_WEIGHTS={"classes": {"supervision": 60}})
def test_weights_come_from_the_settings(penalties: None) -> None:
    assert inputs.weights().classes["supervision"] == 60
    result = inputs.year_score(2026, TODAY)
    assert next(c for c in result.classes if c.key == "supervision").maximum == 60


def test_command_prints_json(penalties: None, capsys: Any) -> None:
    import json

    call_command("report", "transparency", "--year", "2026", "--today", "2026-12-31")
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2026
    supervision = next(c for c in data["classes"] if c["key"] == "supervision")
    timely = next(d for d in supervision["dimensions"] if d["key"] == "timely")
    assert {"key": "penalties_on_time", "met": 2, "total": 3} in [
        {k: n[k] for k in ("key", "met", "total")} for n in timely["counts"]
    ]
    assert data["total"] is None  # the other classes have no records


def test_manual_results_count_five_working_days(plants: Plants) -> None:  # noqa: F811
    """A manual result of Friday 5 June 2026 is due by Friday 12 June (5 working days)."""
    KeyUnitListing.objects.create(enterprise=plants.wwtp, year=2026, medium="water", level="city")
    type(plants.effluent).objects.filter(pk=plants.effluent.pk).update(automatic=False)
    for received, pollutant in (("2026-06-12T08:00", "w01018"), ("2026-06-15T08:00", "w21003")):
        batch = MonitoringBatch.objects.create(
            source="file", sha256=pollutant.ljust(64, "0"), raw=b"", enterprise=plants.wwtp
        )
        MonitoringBatch.objects.filter(pk=batch.pk).update(received_at=utc(received))
        Measurement.objects.create(
            outlet=plants.effluent,
            pollutant=pollutant,
            start=utc("2026-06-04T02:00"),
            end=utc("2026-06-05T02:00"),
            value=12.0,
            batch=batch,
        )
    found = {"m": inputs.self_monitoring(2026, TODAY)}
    assert counts(found, "m", "timely")["values_on_time"] == (1, 2)
    assert counts(found, "m", "complete")["values_valid"] == (2, 2)


def test_a_decision_notice_not_yet_due_is_left_out(record: Record) -> None:  # noqa: F811
    # on 2026-04-08 the decision of 03-31 is still within its 7 working days (due 04-10)
    found = {"e": inputs.eia_class(2026, D("2026-04-08"))}
    assert counts(found, "e", "systematic")["decision_notices"] == (0, 0)
    assert counts(found, "e", "timely")["decision_notices_on_time"] == (0, 0)
