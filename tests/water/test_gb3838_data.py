"""The GB 3838-2002 data file: every value cites the standard, its table and item number;
the numbers are the printed Table 1 and Table 2; the engine imports no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from itertools import pairwise

import pytest

from lantian.water import gb3838

STANDARD = "GB 3838-2002《地表水环境质量标准》"
METHOD = "环办〔2011〕22号《地表水环境质量评价办法（试行）》"
DATA = json.loads(
    resources.files("lantian.water").joinpath("data/gb3838_2002.json").read_text("utf-8")
)

# GB 3838-2002 Table 1 as printed (p. 2), Classes I–V; typed from the standard apart
# from the data file, so that a slip in either shows.
PRINTED = {
    "do": (7.5, 6, 5, 3, 2),
    "codmn": (2, 4, 6, 10, 15),
    "cod": (15, 15, 20, 30, 40),
    "bod5": (3, 3, 4, 6, 10),
    "nh3_n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "tp": (0.02, 0.1, 0.2, 0.3, 0.4),
    "tn": (0.2, 0.5, 1.0, 1.5, 2.0),
    "cu": (0.01, 1.0, 1.0, 1.0, 1.0),
    "zn": (0.05, 1.0, 1.0, 2.0, 2.0),
    "fluoride": (1.0, 1.0, 1.0, 1.5, 1.5),
    "se": (0.01, 0.01, 0.01, 0.02, 0.02),
    "as": (0.05, 0.05, 0.05, 0.1, 0.1),
    "hg": (0.00005, 0.00005, 0.0001, 0.001, 0.001),
    "cd": (0.001, 0.005, 0.005, 0.005, 0.01),
    "cr6": (0.01, 0.05, 0.05, 0.05, 0.1),
    "pb": (0.01, 0.01, 0.05, 0.05, 0.1),
    "cn": (0.005, 0.05, 0.2, 0.2, 0.2),
    "volatile_phenol": (0.002, 0.002, 0.005, 0.01, 0.1),
    "petroleum": (0.05, 0.05, 0.05, 0.5, 1.0),
    "las": (0.2, 0.2, 0.2, 0.3, 0.3),
    "sulfide": (0.05, 0.1, 0.2, 0.5, 1.0),
    "fecal_coliform": (200, 2000, 10000, 20000, 40000),
}
PRINTED_LAKE_TP = (0.01, 0.025, 0.05, 0.1, 0.2)
# the keys issue 14 lists for `lantian water classify`
ISSUE_KEYS = {
    *("ph", "do", "codmn", "cod", "bod5", "nh3_n", "tp", "tn", "cu", "zn", "fluoride", "se"),
    *("as", "hg", "cd", "cr6", "pb", "cn", "volatile_phenol", "petroleum", "las", "sulfide"),
    *("fecal_coliform", "temperature"),
}


def test_the_items_are_the_issues_24_keys_in_table_order() -> None:
    assert len(gb3838.ITEMS) == 24 and set(gb3838.ITEMS) == ISSUE_KEYS
    assert [DATA["table1"][item]["no"] for item in gb3838.ITEMS] == list(range(1, 25))


def test_every_table_value_cites_the_standard_its_table_and_item() -> None:
    assert DATA["standard"]["code"] == "GB 3838-2002"
    assert DATA["standard"]["title_zh"] == "地表水环境质量标准"
    for item, spec in DATA["table1"].items():
        assert spec["source"] == f"{STANDARD}表1 第{spec['no']}项", item
    assert DATA["table1"]["tp"]["lake"]["source"] == f"{STANDARD}表1 第8项（湖、库）"
    for item, spec in DATA["table2"].items():
        assert spec["source"] == f"{STANDARD}表2 第{spec['no']}项", item
    for name, spec in DATA["classes"].items():
        assert spec["source"].startswith(STANDARD), name


def test_every_evaluation_rule_names_its_source() -> None:
    for name, rule in DATA["evaluation"].items():
        assert rule["source"].startswith((STANDARD, METHOD)), name


@pytest.mark.parametrize("item", sorted(PRINTED))
def test_limits_are_the_printed_table_1(item: str) -> None:
    assert gb3838.limits(item) == PRINTED[item]
    assert gb3838.limits(item, "lake") == (PRINTED_LAKE_TP if item == "tp" else PRINTED[item])


def test_ph_temperature_and_table_2_as_printed() -> None:
    assert DATA["table1"]["ph"]["range"] == [6, 9]
    assert gb3838.limits("ph") is None and gb3838.limits("temperature") is None
    temperature = DATA["table1"]["temperature"]
    assert (temperature["max_rise"], temperature["max_fall"]) == (1, 2)
    assert {k: v["limit"] for k, v in gb3838.table2().items()} == {
        "sulfate": 250,
        "chloride": 250,
        "nitrate": 10,
        "iron": 0.3,
        "manganese": 0.1,
    }


@pytest.mark.parametrize("item", sorted(PRINTED))
def test_limits_never_loosen_from_class_to_class(item: str) -> None:
    for body in gb3838.WATER_BODIES:
        limits = gb3838.limits(item, body)
        if item == "do":
            assert all(a > b for a, b in pairwise(limits))
        else:
            assert all(a <= b for a, b in pairwise(limits))


def test_the_accessors_return_copies() -> None:
    gb3838.table1()["cod"]["limits"]["I"] = 999
    assert gb3838.limits("cod")[0] == 15


def test_engine_imports_no_django() -> None:
    code = (
        "import sys, lantian.water.gb3838; "
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
