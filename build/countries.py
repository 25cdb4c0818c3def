"""Countries by ISO 3166-1 code, from pycountry's names plus the news spellings in data/country_aliases.tsv."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycountry

from newstables.build.names import name_key

ALIASES = Path(__file__).parent / "data" / "country_aliases.tsv"


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                index[name_key(name)] = c.alpha_2
                index[name_key(name.split(",")[0])] = c.alpha_2  # 'Iran, Islamic Republic of' -> 'Iran'
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code = line.split("\t")
            index[name_key(name)] = code
    return index


def country_code(name: str) -> str | None:
    return _index().get(name_key(name))


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name.split(",")[0]
