"""The gazetteer (alias table): known actors and places with their aliases, type and Wikidata id.

One JSON object per line: {"name", "label", "aliases": [...], "wikidata_id"?, "country_code"?, "ruler"?}.
`name` is the canonical name; every alias is labelled with `label` by the EntityRuler and links to this
entry; "ruler": false keeps an entry for linking only. Users add their own files with --gazetteer; a later
file's entry replaces an earlier one of the same name.

Built in, for linking only, are the NORP groups: one nationality per country (data/demonyms.tsv: `Syrian`,
`Syrians` -> Syrian, country_code SY) and the religious, ethnic and political groups of data/groups.tsv with
their spellings (`Shiite`, `Shi'ite`, `Shia` -> Shia). A NORP mention links to its group, never to the country
itself: `Syrians` are people, `Syria` a state; the shared country_code joins them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from newstables.build.names import name_key

DATA = Path(__file__).parent / "data"
DEFAULT_GAZETTEER = DATA / "gazetteer.jsonl"
DEMONYMS = DATA / "demonyms.tsv"
GROUPS = DATA / "groups.tsv"


def read_jsonl(path: Path) -> list[dict]:
    entries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg}); one entry per line") from exc
    return entries


def read_tsv(path: Path) -> list[list[str]]:
    """The rows of a tab-separated data file; lines starting with '#' are comments."""
    return [line.split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def _plural(word: str) -> str:
    return word if word.endswith(("s", "sh", "ch", "ese")) else word + "s"  # Swiss, British, French, Lebanese


@lru_cache(maxsize=1)
def group_entries() -> tuple[dict, ...]:
    """The built-in NORP entries: a nationality per country, named by its first demonym, and the groups."""
    nationalities: dict[str, dict] = {}
    for word, code in read_tsv(DEMONYMS):
        entry = nationalities.setdefault(code, {"name": word, "label": "NORP", "aliases": [], "country_code": code,
                                                "ruler": False})
        entry["aliases"] += [word, _plural(word)]
    groups = [{"name": name, "label": "NORP", "aliases": [v.strip() for v in variants.split(",")], "ruler": False}
              for name, variants in read_tsv(GROUPS)]
    return (*nationalities.values(), *groups)


@lru_cache(maxsize=4)
def read_gazetteer(paths: tuple[Path, ...] = (DEFAULT_GAZETTEER,)) -> tuple[dict, ...]:
    entries: dict[str, dict] = {e["name"]: e for e in group_entries()}
    for path in paths:
        for entry in read_jsonl(path):
            if not entry.get("name") or not entry.get("label"):
                raise ValueError(f"{path}: every entry needs a `name` and a `label`: {entry}")
            entries[entry["name"]] = entry
    return tuple(entries.values())


def ruler_patterns(entries) -> list[dict]:
    """Phrase patterns whose `id` is the canonical name, so every alias carries it on `ent.ent_id_`."""
    return [{"label": e["label"], "pattern": name, "id": e["name"]}
            for e in entries if e.get("ruler", True) for name in [e["name"], *e.get("aliases", [])]]


@lru_cache(maxsize=4)
def alias_index(paths: tuple[Path, ...] = (DEFAULT_GAZETTEER,)) -> dict[str, dict]:
    """Normalised name or alias -> entry."""
    return {name_key(n): e for e in read_gazetteer(paths) for n in [e["name"], *e.get("aliases", [])]}


def linked_entry(aliases: dict[str, dict], name: str, label: str) -> dict | None:
    """The entry a mention of `name` typed `label` links to. Languages link only to languages: they share their
    names with nationalities and groups (`in French`, `in Kurdish`)."""
    entry = aliases.get(name_key(name))
    return entry if entry is not None and (label == "LANGUAGE") == (entry["label"] == "LANGUAGE") else None
