"""Actor coding: the sector and country of an event's actor or recipient, from the declarative codebook
build/data/actor_codebook.yaml (its header says the order of the rules), the linked entity and the phrase's
own words ('Iraqi militia leaders' -> IQ, militia). Nothing is guessed: no rule answering leaves it null."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from newstables.build.countries import country_or_nationality_code
from newstables.build.names import name_key

CODEBOOK = Path(__file__).parent.parent / "data" / "actor_codebook.yaml"
WORD = re.compile(r"[\w’'.-]+")


@lru_cache(maxsize=2)
def load_codebook(path: Path = CODEBOOK) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    sectors = set(data["sectors"])
    words = {}
    for sector, entries in data["words"].items():
        if sector not in sectors:
            raise ValueError(f"{path}: `{sector}` is not a sector of the codebook")
        for entry in entries:
            words[str(entry).lower()] = sector
    for section in ("entity_types", "entities"):
        for key, value in data.get(section, {}).items():
            sector = value if isinstance(value, str) else value.get("sector")
            if sector is not None and sector not in sectors:
                raise ValueError(f"{path}: {section} `{key}` has unknown sector `{sector}`")
    return {"version": data["version"], "sectors": tuple(data["sectors"]), "words": words,
            "collective": frozenset(w.lower() for w in data.get("collective_heads", [])),
            "entity_types": dict(data.get("entity_types", {})),
            "entities": {name_key(k): v for k, v in data.get("entities", {}).items()}}


def provenance() -> dict:
    book = load_codebook()
    return {"version": book["version"], "file": CODEBOOK.name, "sectors": list(book["sectors"])}


def _words(text: str) -> list[str]:
    return [w.strip(".’'").lower() for w in WORD.findall(text.replace("’s", " ").replace("'s", " "))]


def sector_of_words(text: str) -> str | None:
    """The first codebook word met reading from the head (the last word) leftwards; two words before one."""
    words, book = _words(text), load_codebook()["words"]
    for i in range(len(words) - 1, -1, -1):
        if i > 0 and f"{words[i - 1]} {words[i]}" in book:
            return book[f"{words[i - 1]} {words[i]}"]
        if words[i] in book:
            return book[words[i]]
    return None


def country_of_words(text: str) -> str | None:
    """A country or nationality named in the phrase ('US forces', 'Iraqi militia leaders'); the first one."""
    words = WORD.findall(text)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            chunk = " ".join(words[i:i + n]).strip(".’'")
            chunk = re.sub(r"[’']s$", "", chunk)
            code = country_or_nationality_code(chunk)
            if code and (n > 1 or chunk[:1].isupper()):
                return code
    return None


def is_collective(head: str) -> bool:
    return head.lower() in load_codebook()["collective"]


def code_actor(text: str, entity_name: str | None = None, entity_type: str | None = None,
               entity_country: str | None = None, title: str | None = None) -> tuple[str | None, str | None]:
    """(country_code, sector) of a participant phrase and its linked entity, if any."""
    book = load_codebook()
    listed = book["entities"].get(name_key(entity_name)) if entity_name else None
    sector = (listed or {}).get("sector") or sector_of_words(" ".join(filter(None, [title, text])))
    if sector is None and entity_type is not None:
        sector = book["entity_types"].get(entity_type)
    country = entity_country or country_of_words(" ".join(filter(None, [title, text]))) or \
        (listed or {}).get("country")
    return country, sector
