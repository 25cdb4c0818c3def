"""The gazetteer (alias table): known actors and places with their aliases, type and Wikidata id.

One JSON object per line: {"name", "label", "aliases": [...], "wikidata_id"?, "country_code"?, "ruler"?}.
`name` is the canonical name; every alias is labelled with `label` by the EntityRuler and links to this
entry; "ruler": false keeps an entry for linking only. Users add their own files with --gazetteer; a later
file's entry replaces an earlier one of the same name.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from newstables.build.names import name_key

DATA = Path(__file__).parent / "data"
DEFAULT_GAZETTEER = DATA / "gazetteer.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    entries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg}); one entry per line") from exc
    return entries


@lru_cache(maxsize=4)
def read_gazetteer(paths: tuple[Path, ...] = (DEFAULT_GAZETTEER,)) -> tuple[dict, ...]:
    entries: dict[str, dict] = {}
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
