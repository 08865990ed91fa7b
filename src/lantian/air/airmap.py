"""The station map: the city's districts and its stations, projected with Web Mercator into
an SVG drawn on the server. Nothing is fetched from elsewhere.

- The districts come from ``settings.AIR_MAP_DISTRICTS`` (:mod:`lantian.air.boundaries`):
  those near the stations are drawn under them, each labelled with its name where no
  marker covers the label.
- Markers never overlap: each is placed at its station, or when that spot is taken, at
  the nearest free spot on rings around it (a deterministic search, north-west first),
  with a leader line back to a dot at the station's true position.
- When ``settings.AIR_MAP_TILES`` holds an XYZ tile URL template (``{z}``, ``{x}``,
  ``{y}``; e.g. 天地图 or OpenStreetMap), the tiles covering the map are drawn under the
  districts as ``<image>`` elements, credited with ``AIR_MAP_ATTRIBUTION``. Optional.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.conf import settings
from django.utils.translation import get_language

from lantian.air import boundaries
from lantian.air.boundaries import District

TILE = 256
MAX_ZOOM = 16
DEFAULT_ZOOM = 12  # one station, or all in one place
BOX_WIDTH = 640  # the map is fitted into this box at the largest zoom that holds it
BOX_HEIGHT = 560
PADDING = 40
MIN_WIDTH, MIN_HEIGHT = 360, 260
MAX_LATITUDE = 85.05112878
MARKER_RADIUS = 16
MARKER_GAP = 4  # between two markers' circles
NEARBY = 0.25  # districts within this share of the stations' extent are drawn
LABEL_SIZE = 13  # font size of a district's name
LABEL_STEP = 6  # the grid on which a district's label is looked for
# Fills of neighbouring districts differ (four colours are enough for a map).
DISTRICT_FILLS = ("#f3f6ee", "#eaf1f8", "#f8f2e8", "#f1ecf5")
TILED_FILL = "none"


def project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator (EPSG:3857) world pixel coordinates at ``zoom``."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    scale = TILE * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str
    name: str
    href: str
    fill: str
    text_fill: str


@dataclass(frozen=True)
class Point:
    x: float  # where the marker is drawn
    y: float
    label: str  # drawn in the circle (the AQI)
    name: str  # the accessible name of the link
    href: str
    fill: str
    text_fill: str
    anchor_x: float = math.nan  # the station's true position, when the marker moved
    anchor_y: float = math.nan

    @property
    def moved(self) -> bool:
        return not math.isnan(self.anchor_x)


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float


@dataclass(frozen=True)
class DistrictShape:
    name: str  # in the page's language
    path: str  # SVG path data
    fill: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class StationMap:
    width: float
    height: float
    points: list[Point]
    tiles: list[Tile]
    attribution: str
    districts: list[DistrictShape]
    radius: int = MARKER_RADIUS

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


# ------------------------------------------------------------------------- geometry

Bounds = tuple[float, float, float, float]  # west, south, east, north (degrees)


def _nearby(districts: Sequence[District], markers: Sequence[Marker]) -> list[District]:
    """The districts whose extent meets the stations' extent, widened by NEARBY."""
    west = min(m.longitude for m in markers)
    east = max(m.longitude for m in markers)
    south = min(m.latitude for m in markers)
    north = max(m.latitude for m in markers)
    margin_x = max((east - west) * NEARBY, 0.01)
    margin_y = max((north - south) * NEARBY, 0.01)
    return [
        d
        for d in districts
        if d.bounds[0] <= east + margin_x
        and d.bounds[2] >= west - margin_x
        and d.bounds[1] <= north + margin_y
        and d.bounds[3] >= south - margin_y
    ]


def _extent(markers: Sequence[Marker], districts: Sequence[District]) -> list[tuple[float, float]]:
    """(lat, lon) corners of everything drawn."""
    corners = [(m.latitude, m.longitude) for m in markers]
    for d in districts:
        west, south, east, north = d.bounds
        corners += [(south, west), (north, east)]
    return corners


def _zoom_for(corners: Sequence[tuple[float, float]]) -> int:
    for zoom in range(MAX_ZOOM, -1, -1):
        xs, ys = zip(*(project(lat, lon, zoom) for lat, lon in corners), strict=True)
        if max(xs) - min(xs) <= BOX_WIDTH and max(ys) - min(ys) <= BOX_HEIGHT:
            spread = max(max(xs) - min(xs), max(ys) - min(ys))
            return zoom if spread > 0 else DEFAULT_ZOOM
    return 0


def _ring_spots(
    x: float, y: float, spacing: float, rings: int, away: float
) -> Iterator[tuple[float, float]]:
    """The spot itself, then rings of spots ``spacing`` apart around it, nearest ring
    first; on each ring the spot in direction ``away`` (radians, y down) first, then its
    neighbours alternately clockwise and counter-clockwise."""
    yield x, y
    for k in range(1, rings + 1):
        count = 6 * k
        steps = [0, *(s for j in range(1, count // 2 + 1) for s in (j, -j))][:count]
        for step in steps:
            angle = away + 2 * math.pi * step / count
            yield x + k * spacing * math.cos(angle), y + k * spacing * math.sin(angle)


def place(anchors: Sequence[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Where to draw a marker of ``radius`` for each anchor so that no two circles overlap
    (centres at least ``2 * radius + MARKER_GAP`` apart): at its anchor if free, else at
    the nearest free spot around it, pushed away from the nearest marker already placed.

    Deterministic: markers are placed north to south, then west to east, whatever the
    order of ``anchors``. It always succeeds: a placed marker takes at most three of the
    6k spots on ring k, so a free spot exists within ``len(anchors)`` rings."""
    spacing = 2 * radius + MARKER_GAP
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i][1], anchors[i][0], i))
    placed: dict[int, tuple[float, float]] = {}
    for i in order:
        ax, ay = anchors[i]
        away = math.radians(225)  # north-west, when nothing is near or the spot is shared
        if placed:
            ox, oy = min(placed.values(), key=lambda p: (math.dist(p, (ax, ay)), p))
            if (ox, oy) != (ax, ay):
                away = math.atan2(ay - oy, ax - ox)
        for spot in _ring_spots(ax, ay, spacing, len(anchors) + 1, away):
            # a hair of tolerance: spots on a ring may sit exactly ``spacing`` apart
            if all(math.dist(spot, other) >= spacing - 1e-6 for other in placed.values()):
                placed[i] = spot
                break
    return [placed[i] for i in range(len(anchors))]


def _inside(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Ray casting: is (x, y) inside the closed ring?"""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in pairwise(ring):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-9:
        return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    return cx / (3 * area), cy / (3 * area)


def label_width(text: str, size: float = LABEL_SIZE) -> float:
    """About how wide ``text`` is drawn: a full em for wide (CJK) characters, 0.6 em for
    others."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def _label_spot(
    ring: Sequence[tuple[float, float]],
    text: str,
    obstacles: Sequence[tuple[float, float, float]],
) -> tuple[float, float]:
    """The centre of ``text`` in ``ring`` clear of every obstacle circle (x, y, r), nearest
    the ring's centroid: the whole label inside the ring if it fits, else its centre; the
    centroid when neither is clear."""
    cx, cy = _centroid(ring)
    half_w, half_h = label_width(text) / 2 + 2, LABEL_SIZE * 0.7
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    grid = sorted(
        ((x, y) for x in _steps(min(xs), max(xs)) for y in _steps(min(ys), max(ys))),
        key=lambda s: (math.dist(s, (cx, cy)), s),
    )
    corners = [(dx, dy) for dx in (-half_w, half_w) for dy in (-half_h, half_h)]
    inside = [(x, y) for x, y in grid if _inside(x, y, ring)]
    whole = [(x, y) for x, y in inside if all(_inside(x + dx, y + dy, ring) for dx, dy in corners)]
    for candidates in (whole, inside):
        for x, y in candidates:
            if all(_clear(x, y, half_w, half_h, circle) for circle in obstacles):
                return x, y
    return cx, cy


def _clear(
    x: float, y: float, half_w: float, half_h: float, circle: tuple[float, float, float]
) -> bool:
    """Does the box centred on (x, y) miss the circle (its nearest point is outside)?"""
    ox, oy, r = circle
    nearest = (_clamp(ox, x - half_w, x + half_w), _clamp(oy, y - half_h, y + half_h))
    return math.dist((ox, oy), nearest) > r


def _steps(low: float, high: float) -> list[float]:
    count = int((high - low) // LABEL_STEP)
    return [low + LABEL_STEP * (i + 0.5) for i in range(count)]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _path(rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    return " ".join(
        "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring[:-1]) + " Z" for ring in rings
    )


def _fills(districts: Sequence[District]) -> list[str]:
    """A fill per district, neighbours (sharing a boundary point) differing: greedy, in
    file order."""
    points = [{p for ring in d.polygons for p in ring} for d in districts]
    fills: list[str] = []
    for i in range(len(districts)):
        taken = {fills[j] for j in range(i) if points[i] & points[j]}
        fills.append(next((f for f in DISTRICT_FILLS if f not in taken), DISTRICT_FILLS[0]))
    return fills


# ------------------------------------------------------------------------------ map


def tile_url(template: str, z: int, x: int, y: int) -> str:
    return template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))


def build(
    markers: Sequence[Marker],
    tiles: str | None = None,
    districts: Sequence[District] | None = None,
) -> StationMap | None:
    """The map of the markers over the districts near them; None without any marker.

    ``tiles`` and ``districts`` default to the settings (``AIR_MAP_TILES``,
    ``AIR_MAP_DISTRICTS``)."""
    if not markers:
        return None
    template = getattr(settings, "AIR_MAP_TILES", "") if tiles is None else tiles
    shown = _nearby(boundaries.districts() if districts is None else districts, markers)
    zoom = _zoom_for(_extent(markers, shown))
    anchors = [project(m.latitude, m.longitude, zoom) for m in markers]
    spots = place(anchors, MARKER_RADIUS)
    rings = [[[project(lat, lon, zoom) for lon, lat in ring] for ring in d.polygons] for d in shown]

    xs = [x for x, _ in anchors] + [x for x, _ in spots]
    ys = [y for _, y in anchors] + [y for _, y in spots]
    for parts in rings:
        xs += [x for ring in parts for x, _ in ring]
        ys += [y for ring in parts for _, y in ring]
    width = max(max(xs) - min(xs) + 2 * PADDING, MIN_WIDTH)
    height = max(max(ys) - min(ys) + 2 * PADDING, MIN_HEIGHT)
    left = (max(xs) + min(xs)) / 2 - width / 2
    top = (max(ys) + min(ys)) / 2 - height / 2

    points = []
    for m, (ax, ay), (x, y) in zip(markers, anchors, spots, strict=True):
        moved = (x, y) != (ax, ay)
        points.append(
            Point(
                x - left,
                y - top,
                m.label,
                m.name,
                m.href,
                m.fill,
                m.text_fill,
                anchor_x=ax - left if moved else math.nan,
                anchor_y=ay - top if moved else math.nan,
            )
        )

    obstacles = [(p.x, p.y, MARKER_RADIUS + 2) for p in points]
    for p in points:  # a moved marker's dot and leader line, as a string of small circles
        if p.moved:
            steps = max(1, int(math.dist((p.x, p.y), (p.anchor_x, p.anchor_y)) // 4))
            obstacles += [
                (
                    p.anchor_x + (p.x - p.anchor_x) * i / steps,
                    p.anchor_y + (p.y - p.anchor_y) * i / steps,
                    4,
                )
                for i in range(steps + 1)
            ]
    language = get_language()
    shapes = []
    for district, parts, fill in zip(shown, rings, _fills(shown), strict=True):
        local = [[(x - left, y - top) for x, y in ring] for ring in parts]
        name = district.label(language)
        largest = max(local, key=lambda r: abs(_area(r)))
        label_x, label_y = _label_spot(largest, name, obstacles)
        shapes.append(
            DistrictShape(name, _path(local), TILED_FILL if template else fill, label_x, label_y)
        )

    drawn: list[Tile] = []
    if template:
        last = 2**zoom - 1
        for ty in range(max(int(top // TILE), 0), min(int((top + height) // TILE), last) + 1):
            for tx in range(int(left // TILE), int((left + width) // TILE) + 1):
                url = tile_url(template, zoom, tx % (last + 1), ty)
                drawn.append(Tile(url, tx * TILE - left, ty * TILE - top))
    attribution = getattr(settings, "AIR_MAP_ATTRIBUTION", "") if template else ""
    return StationMap(width, height, points, drawn, attribution, shapes)


def _area(ring: Sequence[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2
