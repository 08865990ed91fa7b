"""Supervisory monitoring (监督性监测): the station's sheet judged against the limit in
force on the sampling day, the quarter's public page and report sent to the disclosure
review; the key-unit lists published by the end of March."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from io import StringIO

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from lantian.core.roles import Role
from lantian.disclosure import services as disclosure
from lantian.sources import selectors, services, supervisory_services
from lantian.sources.models import SupervisorySample

from .conftest import POWER_PLANT, WWTP

pytestmark = pytest.mark.django_db
HEADER = "credit_code,outlet_code,pollutant,sampled_on,sample_no,value,unit,o2,monitored_by\n"
SHEET = HEADER + (
    # SO2 80 at 9 % O2 → 100.0 at 6 %: exactly the limit, compliant
    f"{POWER_PLANT},DA001,a21026,2026-02-10,JD2026-001,80,mg/m3,9,示范市环境监测站\n"
    # NOx 85 at 6 %: the permit's 80 applies → above
    f"{POWER_PLANT},DA001,a21002,2026-02-10,JD2026-001,85,mg/m3,6,示范市环境监测站\n"
    f"{WWTP},DW001,w01018,2026-03-05,JD2026-002,42,mg/L,,示范市环境监测站\n"
    f"{WWTP},DW001,w21003,2026-03-05,JD2026-002,3.1,mg/L,,示范市环境监测站\n"
    f"{WWTP},DW001,w01018,2026-13-05,JD2026-003,42,mg/L,,示范市环境监测站\n"
    f"{WWTP},DW009,w01018,2026-03-05,JD2026-004,42,mg/L,,示范市环境监测站\n"
)


def load(text: str = SHEET):
    return supervisory_services.import_results(actor=None, content=text.encode(), filename="jd.csv")


def test_each_result_is_judged_against_the_limit_in_force(plants):
    batch = load()
    assert batch.report["created"] == 4
    reasons = {r["row"]: r["reasons"] for r in batch.report["rejected"]}
    assert reasons[5] == ["sampled_on: not a date: '2026-13-05'"]
    assert reasons[6] == [f"outlet_code: {WWTP} has no outlet 'DW009'"]
    so2 = SupervisorySample.objects.get(pollutant="a21026")
    assert (so2.corrected, so2.limit, so2.compliant) == (100.0, 100.0, True)
    nox = SupervisorySample.objects.get(pollutant="a21002")
    assert (nox.limit, nox.limit_source, nox.compliant) == (80.0, "排污许可证", False)
    cod = SupervisorySample.objects.get(pollutant="w01018")
    assert (cod.limit, cod.compliant) == (50.0, True)
    again = load()
    assert (again.report["created"], again.unchanged) == (0, 4)


def test_the_quarter_page_counts_and_downloads(plants):
    load()
    quarter = selectors.supervisory_quarter(2026, 1)
    assert (quarter.total, quarter.compliant, quarter.exceeding) == (4, 3, 1)
    assert quarter.rate_text == "75.0%"
    client = Client()
    assert "2026" in client.get("/sources/supervisory/").content.decode()
    html = client.get("/sources/supervisory/2026/q1/").content.decode()
    assert "示范热电有限公司" in html and "75.0%" in html
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/sources/supervisory/2026/q1/?format=csv").content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 5
    assert client.get("/sources/supervisory/2026/q2/").status_code == 404
    assert client.get("/sources/supervisory/1999/q1/").status_code == 404
    assert client.get("/sources/supervisory/2026/q5/").status_code == 404
    page = client.get(f"/sources/enterprises/{POWER_PLANT}/").content.decode()
    assert "JD" not in page or "2026-02-10" in page


def test_the_cli_loads_a_sheet(plants, tmp_path):
    path = tmp_path / "jd.csv"
    path.write_text(SHEET)
    out = StringIO()
    call_command("sources", "supervisory", str(path), stdout=out)
    assert json.loads(out.getvalue())["created"] == 4


def test_the_quarter_report_goes_to_the_disclosure_review(demo, staff, plants):
    load()
    admin = staff[Role.ADMINISTRATOR]
    record = supervisory_services.publish_supervisory_report(
        actor=admin, year=2026, quarter=1, on=date(2026, 4, 8)
    )
    item = record.item
    assert item.category.code == "08.05" and item.workflow_in_progress
    assert "达标率75.0%" in item.summary
    (attachment,) = item.attachments.all()
    book = openpyxl.load_workbook(attachment.file.open("rb"))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "企业名称" and len(rows) == 5
    again = supervisory_services.publish_supervisory_report(
        actor=admin, year=2026, quarter=1, on=date(2026, 4, 9)
    )
    assert again.item.pk == item.pk
    with pytest.raises(ValueError):
        supervisory_services.publish_supervisory_report(actor=admin, year=2026, quarter=3)


def test_the_key_unit_list_is_due_by_the_end_of_march(demo, staff, plants):
    admin = staff[Role.ADMINISTRATOR]
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    services.list_key_unit(
        actor=None, enterprise=plants.wwtp, year=2026, medium="water", level="city"
    )
    assert selectors.key_unit_list_status(2026, date(2026, 3, 31)).status == "pending"
    assert selectors.key_unit_list_status(2026, date(2026, 4, 1)).status == "missing"
    record = supervisory_services.publish_key_unit_list(
        actor=admin, year=2026, on=date(2026, 3, 20)
    )
    assert record.item.category.code == "08.01" and record.item.workflow_in_progress
    assert "大气环境1家" in record.item.summary and "水环境1家" in record.item.summary
    # sent to review in time but not yet published: still missing after the deadline
    assert selectors.key_unit_list_status(2026, date(2026, 4, 1)).status == "missing"
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        disclosure.publish_item(actor=None, item=record.item)
    status = selectors.key_unit_list_status(2026, date(2026, 5, 1))
    assert (status.status, status.published_on, status.sent_on) == (
        "late",
        date(2026, 4, 1),
        date(2026, 3, 20),
    )
    with pytest.raises(ValueError):
        supervisory_services.publish_key_unit_list(actor=None, year=2025)


def test_a_list_published_by_31_march_is_on_time(demo, staff, plants):
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    record = supervisory_services.publish_key_unit_list(actor=None, year=2026, on=date(2026, 3, 30))
    with time_machine.travel("2026-03-31 23:00 +0800", tick=False):
        disclosure.publish_item(actor=None, item=record.item)
    assert selectors.key_unit_list_status(2026, date(2026, 5, 1)).status == "on_time"


def test_a_list_already_published_by_hand_is_linked_and_judged(demo, staff, plants):
    services.list_key_unit(
        actor=None, enterprise=plants.power, year=2026, medium="air", level="national"
    )
    made = supervisory_services.publish_key_unit_list(actor=None, year=2026, on=date(2026, 3, 2))
    item = made.item
    made.delete()
    with time_machine.travel("2026-03-03 10:00 +0800", tick=False):
        disclosure.publish_item(actor=None, item=item)
    supervisory_services.link_key_unit_list(
        actor=None, year=2026, item=item, sent_on=date(2026, 3, 2)
    )
    status = selectors.key_unit_list_status(2026, date(2026, 5, 1))
    assert (status.status, status.published_on) == ("on_time", date(2026, 3, 3))
