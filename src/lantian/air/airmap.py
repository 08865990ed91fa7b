"""The station map: stations projected with Web Mercator into an SVG drawn on the server.

It needs no outside tiles. When ``settings.AIR_MAP_TILES`` holds an XYZ tile URL template
(``{z}``, ``{x}``, ``{y}``; e.g. 天地图 or OpenStreetMap), the tiles covering the stations
are drawn under them as ``<image>`` elements, credited with ``AIR_MAP_ATTRIBUTION``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

TILE = 256
MAX_ZOOM = 16
DEFAULT_ZOOM = 12  # one station, or all in one place
BOX_WIDTH = 640  # the stations are fitted into this box at the largest zoom that holds them
BOX_HEIGHT = 440
PADDING = 40
MIN_WIDTH, MIN_HEIGHT = 360, 260
MAX_LATITUDE = 85.05112878


def project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator (EPSG:3857) world pixel coordinates at ``zoom``."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    scale = TILE * 2**zoom
    x = (lon + 180.0) / 360.0 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # drawn in the circle (the AQI)
    name: str  # the accessible name of the link
    href: str
    fill: str
    text_fill: str


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float


@dataclass(frozen=True)
class StationMap:
    width: float
    height: float
    points: list[Point]
    tiles: list[Tile]
    attribution: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str
    name: str
    href: str
    fill: str
    text_fill: str


def _zoom_for(markers: Sequence[Marker]) -> int:
    for zoom in range(MAX_ZOOM, -1, -1):
        xs, ys = zip(*(project(m.latitude, m.longitude, zoom) for m in markers), strict=True)
        if max(xs) - min(xs) <= BOX_WIDTH and max(ys) - min(ys) <= BOX_HEIGHT:
            spread = max(max(xs) - min(xs), max(ys) - min(ys))
            return zoom if spread > 0 else DEFAULT_ZOOM
    return 0


def tile_url(template: str, z: int, x: int, y: int) -> str:
    return template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))


def build(markers: Sequence[Marker], tiles: str | None = None) -> StationMap | None:
    """The map of the markers; None without any."""
    if not markers:
        return None
    template = getattr(settings, "AIR_MAP_TILES", "") if tiles is None else tiles
    zoom = _zoom_for(markers)
    projected = [project(m.latitude, m.longitude, zoom) for m in markers]
    xs = [p[0] for p in projected]
    ys = [p[1] for p in projected]
    width = max(max(xs) - min(xs) + 2 * PADDING, MIN_WIDTH)
    height = max(max(ys) - min(ys) + 2 * PADDING, MIN_HEIGHT)
    left = (max(xs) + min(xs)) / 2 - width / 2
    top = (max(ys) + min(ys)) / 2 - height / 2
    points = [
        Point(x - left, y - top, m.label, m.name, m.href, m.fill, m.text_fill)
        for m, (x, y) in zip(markers, projected, strict=True)
    ]
    drawn: list[Tile] = []
    if template:
        last = 2**zoom - 1
        for ty in range(max(int(top // TILE), 0), min(int((top + height) // TILE), last) + 1):
            for tx in range(int(left // TILE), int((left + width) // TILE) + 1):
                url = tile_url(template, zoom, tx % (last + 1), ty)
                drawn.append(Tile(url, tx * TILE - left, ty * TILE - top))
    attribution = getattr(settings, "AIR_MAP_ATTRIBUTION", "") if template else ""
    return StationMap(width, height, points, drawn, attribution)
