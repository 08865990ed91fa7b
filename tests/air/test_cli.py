"""`lantian aqi`: JSON out, one-line errors with exit code 2."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from lantian.manage import main


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("aqi", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_fields_the_issue_names() -> None:
    body = run(
        "--standard",
        "cn",
        "--averaging",
        "hour",
        "--date",
        "2026-03-01",
        "so2=10",
        "no2=40",
        "pm10=80",
        "pm25=75",
        "co=0.6",
        "o3=120",
    )
    assert body["standard"] == "hj633-2026"
    assert body["aqi"] == 114
    assert body["level"] == 3
    assert body["category"] == "轻度污染"
    assert body["color"] == "#FF7E00"
    assert body["primary"] == ["pm25"]
    assert body["iaqi"]["pm25"] == 114


def test_the_same_values_before_the_switch() -> None:
    body = run("--standard", "cn", "--averaging", "hour", "--date", "2026-02-28", "pm25=75")
    assert (body["standard"], body["aqi"]) == ("hj633-2012", 100)


def test_na_is_null() -> None:
    body = run("--standard", "hj633-2026", "--averaging", "hour", "pm25=30")
    assert body["aqi"] is None and body["level"] is None
    assert body["iaqi"]["pm25"] == 43


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["pm25=-5"], "cannot be negative"),
        (["pm25="], "missing value"),
        (["pm25=abc"], "not a number"),
        (["pm1=3"], "expected POLLUTANT=VALUE"),
        ([], "at least one"),
    ],
)
def test_bad_input_exits_2_with_one_line(values, message, capsys) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["lantian", "aqi", "--standard", "us-epa", "--averaging", "day", *values])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1
