"""The station map: the bundled (fictional) districts, markers that never overlap, labels,
the boundary file's system check, and the map on the page with its text alternative."""

from __future__ import annotations

import itertools
import json
import math
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import checks
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lantian.air import airmap, boundaries
from lantian.demo import air as demo_air

CST = ZoneInfo("Asia/Shanghai")
SPACING = 2 * airmap.MARKER_RADIUS + airmap.MARKER_GAP


def demo_markers() -> list[airmap.Marker]:
    return [
        airmap.Marker(s.latitude, s.longitude, "50", s.name, f"/{s.code}/", "#ff0", "#000")
        for s in demo_air.STATIONS
    ]


def assert_apart(points: list[tuple[float, float]], spacing: float = SPACING) -> None:
    for a, b in itertools.combinations(points, 2):
        assert math.dist(a, b) >= spacing - 1e-6, (a, b)


# ------------------------------------------------------------------ the bundled districts


def test_the_bundled_districts_are_the_demo_city_and_say_they_are_fictional() -> None:
    document = json.loads(boundaries.BUNDLED.read_text(encoding="utf-8"))
    assert "FICTIONAL" in document["description"]
    districts = boundaries.load(boundaries.BUNDLED)
    names = {d.name for d in districts}
    assert names == {s.district for s in demo_air.STATIONS}
    assert all(d.name_en for d in districts)


def test_every_demo_station_lies_in_its_own_district_only() -> None:
    districts = boundaries.load(boundaries.BUNDLED)
    for station in demo_air.STATIONS:
        holding = [
            d.name
            for d in districts
            if any(airmap._inside(station.longitude, station.latitude, r) for r in d.polygons)
        ]
        assert holding == [station.district], station.code


def test_exterior_rings_run_counterclockwise_as_rfc_7946_asks() -> None:
    for district in boundaries.load(boundaries.BUNDLED):
        for ring in district.polygons:
            assert airmap._area(ring) > 0, district.name


# ------------------------------------------------------------------------ marker placement


def test_a_free_marker_stays_on_its_station_and_a_crowded_one_moves_the_least() -> None:
    spots = airmap.place([(100.0, 100.0), (300.0, 300.0)], airmap.MARKER_RADIUS)
    assert spots == [(100.0, 100.0), (300.0, 300.0)]
    # two stations 10 px apart: the northern one stays, the other moves one ring away,
    # pushed away from it (south)
    spots = airmap.place([(100.0, 110.0), (100.0, 100.0)], airmap.MARKER_RADIUS)
    assert spots[1] == (100.0, 100.0)
    assert spots[0][1] > 110.0
    assert math.dist(spots[0], (100.0, 110.0)) == pytest.approx(SPACING)


def test_stations_on_one_spot_are_spread_around_it() -> None:
    spots = airmap.place([(50.0, 50.0)] * 8, airmap.MARKER_RADIUS)
    assert_apart(spots)
    assert spots[0] == (50.0, 50.0)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 200, allow_nan=False), st.floats(0, 200, allow_nan=False)),
        min_size=1,
        max_size=25,
    )
)
def test_no_two_markers_ever_overlap_and_order_does_not_matter(
    anchors: list[tuple[float, float]],
) -> None:
    spots = airmap.place(anchors, airmap.MARKER_RADIUS)
    assert_apart(spots)
    reordered = airmap.place(anchors[::-1], airmap.MARKER_RADIUS)[::-1]
    if len(set(anchors)) == len(anchors):  # the same station twice is the same either way
        assert reordered == spots


# ------------------------------------------------------------------------------- the map


def test_the_demo_map_draws_each_district_with_its_label_and_apart_markers() -> None:
    with translation.override("zh-hans"):
        built = airmap.build(demo_markers(), tiles="")
    assert built is not None
    assert sorted(d.name for d in built.districts) == sorted(
        {s.district for s in demo_air.STATIONS}
    )
    assert_apart([(p.x, p.y) for p in built.points])
    moved = [p for p in built.points if p.moved]
    assert moved  # the three stations of 东城区 sit within a marker of each other
    for p in moved:
        assert math.dist((p.x, p.y), (p.anchor_x, p.anchor_y)) >= SPACING - 1e-6
    for p in built.points:
        r = airmap.MARKER_RADIUS
        assert r <= p.x <= built.width - r and r <= p.y <= built.height - r
    # each label lies inside its own district and clear of every marker
    for district in built.districts:
        ring = [
            tuple(map(float, xy.split(","))) for xy in re.findall(r"[\d.]+,[\d.]+", district.path)
        ]
        assert airmap._inside(district.label_x, district.label_y, [*ring, ring[0]])
        for p in built.points:
            assert math.dist((p.x, p.y), (district.label_x, district.label_y)) > r


def test_labels_follow_the_language() -> None:
    with translation.override("en"):
        built = airmap.build(demo_markers(), tiles="")
    assert built is not None
    assert "Dongcheng District" in {d.name for d in built.districts}


def test_districts_far_from_the_stations_are_left_out() -> None:
    far = [airmap.Marker(26.1, 119.3, "50", "福州", "#", "#ff0", "#000")]
    built = airmap.build(far, tiles="")
    assert built is not None and built.districts == []


def test_tiles_are_drawn_under_transparent_districts() -> None:
    built = airmap.build(demo_markers(), tiles="https://t/{z}/{x}/{y}.png")
    assert built is not None and built.tiles
    assert all(d.fill == "none" for d in built.districts)


# -------------------------------------------------------------------- the boundary file


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "districts.geojson"
    path.write_text(content, encoding="utf-8")
    return path


def square(name: str, **properties: Any) -> dict[str, Any]:
    ring = [[120.0, 31.0], [120.1, 31.0], [120.1, 31.1], [120.0, 31.1], [120.0, 31.0]]
    return {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_a_multipolygon_district_and_its_english_name(tmp_path: Path) -> None:
    feature = square("岛区", name_en="Island District")
    ring = feature["geometry"]["coordinates"][0]
    feature["geometry"] = {"type": "MultiPolygon", "coordinates": [[ring], [ring]]}
    path = write(tmp_path, json.dumps({"type": "FeatureCollection", "features": [feature]}))
    (district,) = boundaries.load(path)
    assert len(district.polygons) == 2
    assert district.label("en") == "Island District" and district.label("zh-hans") == "岛区"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "no features"),
        (json.dumps({"type": "FeatureCollection", "features": [square("")]}), "no name"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {**square("点区"), "geometry": {"type": "Point", "coordinates": [1, 2]}}
                    ],
                }
            ),
            "is not a Polygon",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            **square("开区"),
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[120, 31], [121, 31], [121, 32], [120, 32]]],
                            },
                        }
                    ],
                }
            ),
            "first = last",
        ),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            **square("远区"),
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[200, 31], [201, 31], [201, 32], [200, 31]]],
                            },
                        }
                    ],
                }
            ),
            "not on the Earth",
        ),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(tmp_path: Path, content: str, reason: str) -> None:
    with pytest.raises(boundaries.BoundaryError, match=reason):
        boundaries.load(write(tmp_path, content))


def test_the_system_check_is_quiet_about_the_bundled_file(settings: Any) -> None:
    if hasattr(settings, "AIR_MAP_DISTRICTS"):
        del settings.AIR_MAP_DISTRICTS
    assert boundaries.check_boundary_file() == []
    settings.AIR_MAP_DISTRICTS = ""  # turned off on purpose
    assert boundaries.check_boundary_file() == []
    assert boundaries.districts() == []


def test_the_system_check_warns_of_a_missing_file(settings: Any, tmp_path: Path, db: Any) -> None:
    settings.AIR_MAP_DISTRICTS = str(tmp_path / "absent.geojson")
    (message,) = boundaries.check_boundary_file()
    assert isinstance(message, checks.Warning) and message.id == "lantian.W050"
    assert boundaries.districts() == []
    assert message in checks.run_checks()  # registered with Django's checks


def test_the_system_check_warns_of_an_unreadable_file(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings.AIR_MAP_DISTRICTS = str(write(tmp_path, '{"type": "FeatureCollection"}'))
    (message,) = boundaries.check_boundary_file()
    assert message.id == "lantian.W051" and "no features" in message.msg
    assert boundaries.districts() == []  # the map is drawn without them, and says why
    assert "District boundaries not drawn" in caplog.text
    (tmp_path / "latin1.geojson").write_bytes("名称".encode("gb18030"))  # not UTF-8
    settings.AIR_MAP_DISTRICTS = str(tmp_path / "latin1.geojson")
    assert boundaries.check_boundary_file()[0].id == "lantian.W051"


# ---------------------------------------------------------------------------- on the page


@pytest.mark.django_db
def test_the_page_draws_the_districts_and_points_to_the_station_table(client: Client) -> None:
    demo_air.load(
        first=datetime(2026, 11, 30, 0, tzinfo=CST), last=datetime(2026, 11, 30, 2, tzinfo=CST)
    )
    html = client.get("/environment/air/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    paths = re.findall(
        r'<path d="[^"]+" fill="[^"]+" class="air-map__district" data-district="([^"]+)"', svg
    )
    labels = re.findall(
        r'class="air-map__district-label" data-district="[^"]+">([^<]+)</text>', svg
    )
    assert sorted(paths) == sorted(labels) == sorted({s.district for s in demo_air.STATIONS})
    assert svg.count('class="air-map__marker"') == len(demo_air.STATIONS)
    assert svg.count('class="air-map__leader"') >= 1
    # the text alternative: the table of the same stations, linked from the caption
    link = re.search(r'<figcaption id="air-map-caption">.*?href="#(table-[a-z]+)"', html, re.S)
    assert link is not None
    table = re.search(rf'<table class="data-table" id="{link.group(1)}".*?</table>', html, re.S)
    assert table is not None
    assert table.group(0).split("<tbody")[1].count("<tr") == len(demo_air.STATIONS)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
