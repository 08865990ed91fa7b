"""The district boundaries drawn under the station map, read from a GeoJSON file.

``settings.AIR_MAP_DISTRICTS`` names a GeoJSON FeatureCollection (RFC 7946, WGS 84) of
the city's districts: one Polygon or MultiPolygon feature per district, its name in the
``name`` property (and ``name_en`` for the English pages). Unset, it is the bundled
``data/districts.geojson``: the districts of 示范市, the demo bureau's city, which is
fictional (drawn by hand around the demo stations; see the file's ``description``). An
empty value draws no boundaries. A bureau points the setting at its own file.

The file is read once per change (path, size and modification time). A file that is
missing or unreadable draws no boundaries and logs why; the system check
(``lantian.W050``/``W051``) says so at start-up.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parent / "data" / "districts.geojson"
MISSING = "lantian.W050"
UNREADABLE = "lantian.W051"

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude), closed


class BoundaryError(ValueError):
    """The file is not a FeatureCollection of named district polygons."""


@dataclass(frozen=True)
class District:
    name: str
    name_en: str
    polygons: tuple[Ring, ...]  # the exterior ring of each part (holes are not drawn)

    def label(self, language: str | None) -> str:
        return self.name_en if (language or "").startswith("en") and self.name_en else self.name

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north)."""
        lons = [lon for ring in self.polygons for lon, _lat in ring]
        lats = [lat for ring in self.polygons for _lon, lat in ring]
        return min(lons), min(lats), max(lons), max(lats)


def configured_path() -> Path | None:
    """The boundary file the settings name; None when boundaries are turned off."""
    value = getattr(settings, "AIR_MAP_DISTRICTS", None)
    if value is None:
        return BUNDLED
    return Path(value) if str(value) else None


def _ring(coordinates: Any, where: str) -> Ring:
    try:
        ring = tuple((float(point[0]), float(point[1])) for point in coordinates)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError) as error:
        raise BoundaryError(f"{where}: a position is not [longitude, latitude]") from error
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise BoundaryError(f"{where}: a ring needs four or more positions, first = last")
    for lon, lat in ring:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BoundaryError(f"{where}: position {lon}, {lat} is not on the Earth")
    return ring


def parse(text: str) -> list[District]:
    """The districts of a GeoJSON text; :class:`BoundaryError` naming what is wrong."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise BoundaryError(f"not JSON: {error}") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryError("not a GeoJSON FeatureCollection")
    features = document.get("features") or []
    if not isinstance(features, list):
        raise BoundaryError("features is not a list")
    districts = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(properties or {}, dict) or not isinstance(geometry or {}, dict):
            raise BoundaryError(f"{where}: not a feature with properties and a geometry")
        properties, geometry = properties or {}, geometry or {}
        name = str(properties.get("name") or "").strip()
        if not name:
            raise BoundaryError(f"{where}: no name property")
        where = f"{where} ({name})"
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon":
            parts = [coordinates]
        elif kind == "MultiPolygon":
            parts = coordinates
        else:
            raise BoundaryError(f"{where}: geometry {kind!r} is not a Polygon or MultiPolygon")
        if (
            not isinstance(parts, list)
            or not parts
            or not all(isinstance(p, list) and p for p in parts)
        ):
            raise BoundaryError(f"{where}: no coordinates")
        polygons = tuple(_ring(part[0], where) for part in parts)
        name_en = str(properties.get("name_en") or "").strip()
        districts.append(District(name=name, name_en=name_en, polygons=polygons))
    if not districts:
        raise BoundaryError("no features")
    return districts


@lru_cache(maxsize=4)
def _load(path: Path, size: int, modified: float) -> list[District]:
    return parse(path.read_text(encoding="utf-8"))


def load(path: Path) -> list[District]:
    """The districts of the file (OSError, UnicodeError or BoundaryError when it cannot
    be read); read again only when the file changes."""
    stat = path.stat()
    return _load(path, stat.st_size, stat.st_mtime)


def districts() -> list[District]:
    """The configured districts; [] when turned off, missing or unreadable (logged)."""
    path = configured_path()
    if path is None:
        return []
    try:
        return load(path)
    except (OSError, UnicodeError, BoundaryError) as error:
        logger.warning("District boundaries not drawn: %s: %s", path, error)
        return []


@checks.register()
def check_boundary_file(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    path = configured_path()
    if path is None:
        return []
    hint = (
        "Point AIR_MAP_DISTRICTS at a GeoJSON FeatureCollection of the districts (a Polygon "
        "or MultiPolygon with a name property each), or set it empty to draw none."
    )
    if not path.is_file():
        return [
            checks.Warning(
                f"The district boundary file {path} does not exist: the station map is drawn "
                "without districts.",
                hint=hint,
                id=MISSING,
            )
        ]
    try:
        load(path)
    except (OSError, UnicodeError, BoundaryError) as error:
        return [
            checks.Warning(
                f"The district boundary file {path} cannot be read ({error}): the station map "
                "is drawn without districts.",
                hint=hint,
                id=UNREADABLE,
            )
        ]
    return []
