"""`lantian water classify`: a JSON sample from a file or stdin, JSON out; one-line errors
naming the bad key or value, exit code 2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from lantian.manage import main

SAMPLE = {
    "water_body": "river",
    "target": "III",
    "ph": 7.6,
    "do": 5.8,
    "codmn": 4.2,
    "cod": 26,
    "bod5": 3.5,
    "nh3_n": 0.82,
    "tp": 0.17,
    "tn": 2.4,
    "cu": 0.003,
    "zn": 0.02,
    "fluoride": 0.45,
    "se": 0.0004,
    "as": 0.002,
    "hg": 0.00003,
    "cd": 0.0002,
    "cr6": 0.004,
    "pb": 0.002,
    "cn": 0.002,
    "volatile_phenol": 0.0015,
    "petroleum": 0.03,
    "las": 0.05,
    "sulfide": 0.01,
    "fecal_coliform": 24000,
    "temperature": 21.5,
}
EXPECTED_ITEMS = {
    "temperature": None,
    "ph": "I",
    "do": "III",
    "codmn": "III",
    "cod": "IV",
    "bod5": "III",
    "nh3_n": "III",
    "tp": "III",
    "tn": "劣V",
    "cu": "I",
    "zn": "I",
    "fluoride": "I",
    "se": "I",
    "as": "I",
    "hg": "I",
    "cd": "I",
    "cr6": "I",
    "pb": "I",
    "cn": "I",
    "volatile_phenol": "I",
    "petroleum": "I",
    "las": "I",
    "sulfide": "I",
    "fecal_coliform": "V",
}


def classify_file(tmp_path: Path, document: object) -> dict:
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("water", "classify", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_all_24_items_from_a_file(tmp_path: Path) -> None:
    body = classify_file(tmp_path, SAMPLE)
    assert body["class"] == "IV"  # COD 26; TN 劣V and coliform V are reported apart
    assert body["level"] == "轻度污染"
    assert body["items"] == EXPECTED_ITEMS
    assert body["exceeding"] == [{"item": "cod", "class": "IV", "multiple": 0.3}]  # 6/20
    assert (body["target"], body["water_body"]) == ("III", "river")


def test_a_lake_with_its_tp_column_and_a_stricter_target(tmp_path: Path) -> None:
    body = classify_file(tmp_path, {**SAMPLE, "water_body": "lake", "target": "II"})
    assert body["items"]["tp"] == "V"  # 0.17 on the lake column
    assert body["class"] == "V" and body["level"] == "中度污染"
    assert body["exceeding"] == [
        {"item": "tp", "class": "V", "multiple": 5.8},  # (0.17 − 0.025) / 0.025
        {"item": "cod", "class": "IV", "multiple": 0.733},  # (26 − 15) / 15
        {"item": "nh3_n", "class": "III", "multiple": 0.64},  # (0.82 − 0.5) / 0.5
        {"item": "bod5", "class": "III", "multiple": 0.167},  # (3.5 − 3) / 3
        {"item": "codmn", "class": "III", "multiple": 0.05},  # (4.2 − 4) / 4
        {"item": "do", "class": "III", "multiple": None},  # DO: no multiple
    ]


def test_without_target_class_iii_and_null_for_unmeasured(tmp_path: Path) -> None:
    body = classify_file(tmp_path, {"water_body": "river", "ph": 5.5, "cod": None, "tp": "0.1"})
    assert body == {
        "class": "劣V",
        "level": "重度污染",
        "items": {"ph": "劣V", "tp": "II"},
        "exceeding": [{"item": "ph", "class": "劣V", "multiple": None}],
        "target": "III",
        "water_body": "river",
    }


def test_reads_stdin_without_a_file(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"water_body": "lake", "do": 7.5}'))
    out = io.StringIO()
    call_command("water", "classify", stdout=out)
    assert json.loads(out.getvalue())["class"] == "I"


def lantian(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lantian"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        timeout=120,
        check=False,
    )


def test_the_console_script_reads_stdin_and_prints_chinese() -> None:
    done = lantian("water", "classify", "-", stdin=json.dumps(SAMPLE))
    assert done.returncode == 0, done.stderr
    assert '"level": "轻度污染"' in done.stdout  # ensure_ascii=False
    body = json.loads(done.stdout)
    assert body["class"] == "IV" and body["items"] == EXPECTED_ITEMS


def test_the_console_script_fails_naming_the_key() -> None:
    done = lantian("water", "classify", stdin='{"water_body": "river", "codcr": 20}')
    assert done.returncode == 2
    assert "unknown key 'codcr'" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"water_body": "river", "nitrate": 2}', "unknown key 'nitrate'"),
        ('{"water_body": "river", "cod": "abc"}', "cod: not a number: 'abc'"),
        ('{"water_body": "river", "cod": "0.01L"}', "cod: not a number: '0.01L'"),
        ('{"water_body": "river", "do": true}', "do: not a number: true"),
        ('{"water_body": "river", "do": [5]}', "do: not a number: [5]"),
        ('{"water_body": "river", "cod": -3}', "cod: cannot be negative: -3"),
        ('{"water_body": "river", "ph": 15}', "ph: must be between 0 and 14"),
        ('{"water_body": "river", "cod": "NaN"}', "cod: not a finite number"),
        ('{"water_body": "sea", "cod": 3}', 'water_body must be "river" or "lake", not "sea"'),
        ('{"cod": 3}', 'water_body must be "river" or "lake", not null'),
        ('{"water_body": "river", "target": "VI", "cod": 3}', "target must be one of"),
        ('{"water_body": "river", "target": "劣V", "cod": 3}', 'not "劣V"'),
        ('{"water_body": "river", "target": 3, "cod": 3}', "target must be one of"),
        ('{"water_body": "river"}', "give at least one item"),
        ('{"water_body": "river", "cod": null}', "give at least one item"),
        ("[1, 2]", "expected a JSON object"),
        ('{"water_body": "river", "cod": 3', "not JSON"),
        ("", "not JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line(text, message, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    with pytest.raises(SystemExit) as excinfo:
        main(["lantian", "water", "classify"])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1


def test_a_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["lantian", "water", "classify", str(tmp_path / "none.json")])
    assert excinfo.value.code == 2
    assert "none.json: no such file" in capsys.readouterr().err
