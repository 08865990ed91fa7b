"""Sample files: long and wide CSV, GBK, XLSX; idempotent; a changed value updates; each
kind of bad row refused with its row number and column; `lantian water ingest`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lantian.water import ingest, services
from lantian.water.models import Sample, SampleBatch


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The refusals are checked in English (the catalogue's Chinese is the default)."""
    with translation.override("en"):
        yield


GOOD = (
    "site_code,sampled_on,item,value\n"
    "W01,2025-06-03,ph,7.6\n"
    "W01,2025-06-03,nh3_n,0.82\n"
    "W01,2025-06-03,tp,0.17\n"
    "S01,2025-06-05,nh3_n,0.02L\n"
    "S01,2025-06-05,iron,0.12\n"
    "S01,2025-06-05,abstraction,285.5\n"
)


def run(content: str | bytes, filename: str = "june.csv") -> SampleBatch:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return services.ingest_samples(actor=None, content=data, filename=filename)


def test_a_good_long_file(sites) -> None:
    batch = run(GOOD)
    assert batch.report["samples"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert batch.report["rejected"] == [] and batch.report["layout"] == "long"
    assert bytes(batch.raw) == GOOD.encode("utf-8")
    river = Sample.objects.get(site=sites.river, sampled_on=date(2025, 6, 3))
    assert river.values == {"ph": 7.6, "nh3_n": 0.82, "tp": 0.17}
    assert river.month == date(2025, 6, 1) and river.batch == batch
    source = Sample.objects.get(site=sites.source)
    # 0.02L: below the detection limit 0.02, counted as half of it
    assert source.values == {"nh3_n": 0.01, "iron": 0.12}
    assert source.detection_limits == {"nh3_n": 0.02}
    assert source.abstraction == 285.5


def test_the_same_file_twice_changes_nothing(sites) -> None:
    first = run(GOOD)
    before = list(Sample.objects.order_by("pk").values())
    again = run(GOOD)
    assert again.report["samples"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert list(Sample.objects.order_by("pk").values()) == before
    assert set(Sample.objects.values_list("batch", flat=True)) == {first.pk}


def test_a_changed_value_updates_and_keeps_the_other_items(sites) -> None:
    run(GOOD)
    second = run("site_code,sampled_on,item,value\nW01,2025-06-03,nh3_n,1.25\n")
    assert second.report["samples"] == {"created": 0, "updated": 1, "unchanged": 0}
    river = Sample.objects.get(site=sites.river)
    assert river.values == {"ph": 7.6, "nh3_n": 1.25, "tp": 0.17}
    assert river.batch == second


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("X99,2025-06-03,ph,7", "site_code", "unknown site code X99"),
        (",2025-06-03,ph,7", "site_code", "no site code"),
        ("W01,2025-13-03,ph,7", "sampled_on", "not a date"),
        ("W01,1899-06-03,ph,7", "sampled_on", "between 2000 and 2100"),
        ("W01,2025-06-03,lead,0.1", "item", "unknown item lead"),
        ("W01,2025-06-03,nh3_n,-0.1", "value", "cannot be negative"),
        ("W01,2025-06-03,nh3_n,abc", "value", "not a number: abc"),
        ("W01,2025-06-03,nh3_n,", "value", "no value"),
        ("W01,2025-06-03,ph,15", "value", "pH must be between 0 and 14"),
        ("W01,2025-06-03,abstraction,20", "item", "no drinking-water source"),
    ],
)
def test_each_bad_row_is_refused_by_row_and_column(sites, line, column, reason) -> None:
    batch = run(f"site_code,sampled_on,item,value\nW01,2025-06-03,do,6.5\n{line}\n")
    assert batch.rejected == 1
    (refused,) = batch.report["rejected"]
    assert refused["row"] == 2 and refused["column"] == column
    assert reason in refused["reason"]
    assert Sample.objects.get(site=sites.river).values == {"do": 6.5}  # the good row stays


def test_a_conflicting_repeat_in_the_file_is_refused(sites) -> None:
    batch = run("site_code,sampled_on,item,value\nW01,2025-06-03,do,6.5\nW01,2025-06-03,do,7\n")
    assert batch.report["rejected"] == [
        {
            "row": 2,
            "column": "value",
            "reason": "row 1 gives another value for do at this site on this day",
        }
    ]


def test_wide_layout_and_loose_headers(sites) -> None:
    batch = run(
        "Site Code,Sampled On,pH,NH3-N,Iron,abstraction\n"
        "S01,2025-07-02,7.2,0.3,,290\n"
        "S01,2025-08-04,7.3,-1,0.1,280\n"
    )
    assert batch.report["layout"] == "wide"
    assert batch.report["rejected"] == [
        {"row": 2, "column": "nh3_n", "reason": "cannot be negative: -1"}
    ]
    sample = Sample.objects.get(site=sites.source)
    assert sample.values == {"ph": 7.2, "nh3_n": 0.3}  # an empty cell: not measured
    assert sample.abstraction == 290


def test_an_unknown_column_refuses_the_file(sites) -> None:
    with pytest.raises(ingest.FileError, match="Unknown column lead"):
        run("site_code,sampled_on,lead\nW01,2025-06-03,0.1\n")
    with pytest.raises(ingest.FileError, match="lacks the column sampled_on"):
        run("site_code,item,value\nW01,ph,7\n")
    assert not SampleBatch.objects.exists()


def test_a_blank_line_keeps_the_row_numbers(sites) -> None:
    batch = run("site_code,sampled_on,item,value\nW01,2025-06-03,do,6.5\n,,,\n\nW01,x,do,6\n")
    assert [(r["row"], r["column"]) for r in batch.report["rejected"]] == [(4, "sampled_on")]
    assert batch.report["rows"] == 2


def test_item_without_value_column_refuses_the_file(sites) -> None:
    with pytest.raises(ingest.FileError, match="both an item and a value column"):
        run("site_code,sampled_on,item\nW01,2025-06-03,ph\n")
    with pytest.raises(ingest.FileError, match="both an item and a value column"):
        run("site_code,sampled_on,value,ph\nW01,2025-06-03,7,7\n")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_any_bytes_give_rows_or_a_file_error(content: bytes) -> None:
    try:
        parsed = ingest.read(b"site_code,sampled_on,item,value\n" + content)
    except ingest.FileError:
        return
    for row in parsed.rows:
        assert row.item in ingest.ITEMS and row.value >= 0
    assert all(r.number >= 1 and r.column for r in parsed.rejected)


def test_gbk_csv(sites) -> None:
    text = "site_code,sampled_on,item,value\nW02,2025年6月3日,tp,0.04\n"
    batch = run(text.encode("gbk"))
    assert batch.report["samples"]["created"] == 1
    assert Sample.objects.get(site=sites.lake).values == {"tp": 0.04}


def test_utf8_bom_csv(sites) -> None:
    batch = run(("\ufeff" + GOOD).encode("utf-8"))
    assert batch.report["samples"]["created"] == 2


def test_xlsx(sites) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["site_code", "sampled_on", "item", "value"])
    sheet.append(["W01", date(2025, 6, 3), "cod", 18])
    sheet.append(["W01", date(2025, 6, 3), "hg", "0.00004L"])
    sheet.append(["W01", "2025/06/03", "bod5", "x"])
    out = io.BytesIO()
    book.save(out)
    batch = run(out.getvalue(), "june.xlsx")
    assert batch.report["samples"]["created"] == 1
    assert batch.report["rejected"][0]["row"] == 3
    assert batch.report["rejected"][0]["column"] == "value"
    sample = Sample.objects.get(site=sites.river)
    assert sample.values == {"cod": 18.0, "hg": 0.00002}
    assert sample.detection_limits == {"hg": 0.00004}


def test_parse_value() -> None:
    assert ingest.parse_value("nh3_n", "0.025L") == (0.0125, 0.025)
    assert ingest.parse_value("nh3_n", "<0.025") == (0.0125, 0.025)
    assert ingest.parse_value("nh3_n", 0.5) == (0.5, None)
    for bad in ("0L", "ND", "-1"):
        with pytest.raises(ValueError):
            ingest.parse_value("nh3_n", bad)
    with pytest.raises(ValueError):
        ingest.parse_value("ph", "6L")


def test_cli_ingest_prints_a_json_report(sites, tmp_path: Path) -> None:
    good = tmp_path / "june.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("water", "ingest", str(good), stdout=out)
    (report,) = json.loads(out.getvalue())["files"]
    assert report["filename"] == "june.csv"
    assert report["samples"] == {"created": 2, "updated": 0, "unchanged": 0}
    out = io.StringIO()
    call_command("water", "ingest", str(good), stdout=out)
    assert json.loads(out.getvalue())["files"][0]["samples"]["unchanged"] == 2


def test_cli_ingest_reports_an_unreadable_file(sites, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("water", "ingest", str(bad), str(tmp_path / "none.csv"), stdout=out)
    reports = json.loads(out.getvalue())["files"]
    assert "lacks the column site_code" in reports[0]["error"]
    assert "no such file" in reports[1]["error"]


def test_cli_drinking_prints_the_month_and_the_rates(sites, tmp_path: Path) -> None:
    good = tmp_path / "june.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("water", "ingest", str(good), stdout=io.StringIO())
    out = io.StringIO()
    call_command("water", "drinking", "--year", "2025", "--month", "6", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["months"] == ["2025-06"]
    # S01 (NH3-N 0.02L, iron 0.12: compliant, 285.5 abstracted); S02 groundwater: not evaluated
    assert doc["rates"]["source_rate_percent"] == 100.0
    assert doc["rates"]["volume_compliant"] == 285.5
    assert doc["rates"]["status"] == "partial"
    with pytest.raises(CommandError, match="--year"):
        call_command("water", "drinking", "--year", "1900", stdout=io.StringIO())
