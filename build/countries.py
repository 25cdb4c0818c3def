"""Countries by ISO 3166-1 code, from pycountry's names plus the news spellings in data/country_aliases.tsv."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from newstables.build.gazetteer import DATA, group_entries, read_tsv
from newstables.build.names import name_key

ALIASES = DATA / "country_aliases.tsv"


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                index[name_key(name)] = c.alpha_2
                index[name_key(name.split(",")[0])] = c.alpha_2  # 'Iran, Islamic Republic of' -> 'Iran'
    for name, code in read_tsv(ALIASES):
        index[name_key(name)] = code
    return index


def country_code(name: str) -> str | None:
    return _index().get(name_key(name))


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name.split(",")[0]


@lru_cache(maxsize=1)
def _nationalities() -> dict[str, str]:
    return {name_key(alias): e["country_code"] for e in group_entries() if e.get("country_code")
            for alias in e["aliases"]}


def country_or_nationality_code(name: str) -> str | None:
    """'the US', 'Iran', 'Iranians' -> the country's code."""
    return country_code(name) or _nationalities().get(name_key(name))


def names_a_country(name: str) -> bool:
    """'the US', 'Iran', 'Iranians': a whole country or its people."""
    return country_or_nationality_code(name) is not None
