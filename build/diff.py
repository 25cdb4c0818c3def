"""Compare two releases by stable id: rows added, removed and changed per table, column changes, and the changes
a user should hear about (KEY_FIELDS); and the `deletions` rows a new release owes users of an older one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newstables.build.tables import to_table
from newstables.schemas import CONTRACTS, arrow_schema
from newstables.schemas.deletions import DATA_TABLES, DELETIONS
from newstables.validation.layout import CARD, read_table, shard_files
from newstables.validation.run import read_manifest

# The fields whose change alters what a row says, not just how it was derived.
KEY_FIELDS = {
    "articles": ("title", "outlet", "published_at", "duplicate_of"),
    "entities": ("label", "entity_id"),
    "quotes": ("speaker_name", "speaker_entity_id", "is_direct"),
    "events": ("event_type", "event_mode", "acled_event_type", "acled_sub_event_type", "date_start",
               "country_code", "killed"),
    "entity_catalog": ("name", "type", "wikidata_id", "country_code"),
}
EXAMPLES = 5  # ids listed per kind of change
# Ids derive from content, so when a raw file is corrected its stories get new ids and every row in them counts as
# removed and added. Pairing the old and new version of such a story (same raw file, same story index), and within
# it the rows that say the same thing (a quote by its words, an event by its trigger and sentence), keeps their
# key-field changes visible: "the speaker of this quote changed" rather than one quote gone and another new.
REVISION_KEYS = {"quotes": ("text",), "events": ("trigger", "text")}


class NotARelease(ValueError):
    pass


@dataclass
class Release:
    version: str
    tables: dict[str, pa.Table]  # the tables present: a release from before a contract existed lacks it
    card: str


def id_column(table: str) -> str:
    return CONTRACTS[table].columns[0].name  # each contract's first column is its stable id


def load_release(folder: Path) -> Release:
    manifest, failures = read_manifest(Path(folder))
    if failures:
        raise NotARelease(f"{folder} is not a newstables release: {failures[0]}")
    tables = {name: read_table(folder, name) for name in CONTRACTS if shard_files(folder, name)}
    card = Path(folder, CARD)
    return Release(manifest["version"], tables, card.read_text(encoding="utf-8") if card.is_file() else "")


def _differs(a: pa.ChunkedArray, b: pa.ChunkedArray) -> np.ndarray:
    """Row-wise `a != b` over aligned columns, nulls equal to nulls; a retyped column (reported apart) is compared
    in its new type, so `timestamp` -> `timestamp[UTC]` changes no value."""
    try:
        a = a.cast(b.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    if a.type != b.type or pa.types.is_nested(a.type):  # no vectorised equality for lists and structs
        return np.array([x != y for x, y in zip(a.to_pylist(), b.to_pylist())], dtype=bool)
    same = pc.if_else(pc.is_null(pc.equal(a, b)), pc.and_(pc.is_null(a), pc.is_null(b)), pc.equal(a, b))
    return ~same.to_numpy(zero_copy_only=False).astype(bool)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _columns(old: pa.Schema, new: pa.Schema) -> dict:
    retyped = [{"column": f.name, "old": str(old.field(f.name).type), "new": str(f.type)}
               for f in new if f.name in old.names and old.field(f.name).type != f.type]
    return {"added": [n for n in new.names if n not in old.names],
            "removed": [n for n in old.names if n not in new.names], "retyped": retyped}


def diff_table(name: str, old: pa.Table, new: pa.Table) -> tuple[dict, list[dict]]:
    """(the table's summary, its key-field changes), matching rows by id through Arrow's hash-based `is_in`."""
    key = id_column(name)
    in_new, in_old = pc.is_in(old[key], new[key]), pc.is_in(new[key], old[key])
    removed, added = old.filter(pc.invert(in_new))[key], new.filter(pc.invert(in_old))[key]
    before, after = old.filter(in_new).sort_by(key), new.filter(in_old).sort_by(key)  # aligned by id
    ids = np.array(after[key].to_pylist(), dtype=object)
    changed = np.zeros(len(ids), dtype=bool)
    per_column, key_changes = {}, []
    for column in [c for c in after.column_names if c in before.column_names and c != key]:
        rows = _differs(before[column], after[column])
        changed |= rows
        if rows.any():
            per_column[column] = int(rows.sum())
        if column in KEY_FIELDS.get(name, ()):
            where = np.flatnonzero(rows)
            olds, news = before[column].take(where).to_pylist(), after[column].take(where).to_pylist()
            key_changes += [{"table": name, "id": ids[i], "field": column, "old": _plain(o), "new": _plain(n)}
                            for i, o, n in zip(where.tolist(), olds, news)]
    summary = {"old_rows": old.num_rows, "new_rows": new.num_rows, "added": len(added), "removed": len(removed),
               "changed": int(changed.sum()), "changed_columns": dict(sorted(per_column.items())),
               "columns": _columns(old.schema, new.schema),
               "examples": {"added": sorted(added.to_pylist())[:EXAMPLES],
                            "removed": sorted(removed.to_pylist())[:EXAMPLES],
                            "changed": sorted(ids[changed].tolist())[:EXAMPLES]}}
    return summary, key_changes


def revised_articles(old: pa.Table, new: pa.Table) -> dict[str, str]:
    """old article_id -> new article_id for each story whose id changed while its place (raw file, story index) stayed."""
    place = ("source_file", "story_index")
    gone = old.filter(pc.invert(pc.is_in(old["article_id"], new["article_id"]))).select(["article_id", *place])
    came = new.filter(pc.invert(pc.is_in(new["article_id"], old["article_id"]))).select(["article_id", *place])
    at = {(r["source_file"], r["story_index"]): r["article_id"] for r in came.to_pylist()}
    return {r["article_id"]: at[k] for r in gone.to_pylist() if (k := (r["source_file"], r["story_index"])) in at}


def _unique_by(rows: list[dict], key) -> dict:
    seen: dict = {}
    for row in rows:
        seen.setdefault(key(row), []).append(row)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}  # an ambiguous key pairs nothing


def revision_changes(name: str, old: pa.Table, new: pa.Table, revised: dict[str, str]) -> tuple[int, list[dict]]:
    """(rows of revised stories paired with their new version, key-field changes between the pairs)."""
    key, fields = id_column(name), REVISION_KEYS[name]
    gone = old.filter(pc.invert(pc.is_in(old[key], new[key]))).to_pylist()
    came = new.filter(pc.invert(pc.is_in(new[key], old[key]))).to_pylist()
    before = _unique_by([r for r in gone if r["article_id"] in revised],
                        lambda r: (revised[r["article_id"]], *(r[f] for f in fields)))
    after = _unique_by([r for r in came if r["article_id"] in revised.values()],
                       lambda r: (r["article_id"], *(r[f] for f in fields)))
    pairs = [(before[k], after[k]) for k in sorted(before.keys() & after.keys(), key=str)]
    changes = [{"table": name, "id": f"{o[key]} -> {n[key]}", "field": field, "old": _plain(o[field]),
                "new": _plain(n[field])}
               for o, n in pairs for field in KEY_FIELDS[name] if o[field] != n[field]]
    return len(pairs), changes


def diff_releases(old: Release, new: Release) -> dict:
    """The JSON-ready difference; a table missing on one side counts as empty there."""
    def table(name: str, side: Release) -> pa.Table:
        return side.tables.get(name, arrow_schema(CONTRACTS[name]).empty_table())

    tables, key_changes = {}, []
    for name in DATA_TABLES:
        tables[name], changes = diff_table(name, table(name, old), table(name, new))
        key_changes += changes
    revised = revised_articles(table("articles", old), table("articles", new))
    tables["articles"]["revised"] = len(revised)
    for name in REVISION_KEYS:
        tables[name]["revised"], changes = revision_changes(name, table(name, old), table(name, new), revised)
        key_changes += changes
    return {"old_version": old.version, "new_version": new.version, "tables": tables, "key_changes": key_changes,
            "revised_articles": [{"old": o, "new": n} for o, n in sorted(revised.items())]}


def deletions(previous: Release, tables: dict[str, pa.Table], version: str) -> pa.Table:
    """Every id of the previous release missing from `tables`, removed in `version`, after the previous release's
    own deletions that are still gone: the cumulative list an old local copy needs."""
    current = pa.chunked_array([tables[n][id_column(n)] for n in DATA_TABLES], type=pa.string())
    carried = previous.tables.get(DELETIONS.name, arrow_schema(DELETIONS).empty_table())
    rows = carried.filter(pc.invert(pc.is_in(carried["deleted_id"], current))).to_pylist()
    for name in DATA_TABLES:
        if name in previous.tables:
            ids = previous.tables[name][id_column(name)]
            gone = ids.filter(pc.invert(pc.is_in(ids, tables[name][id_column(name)])))
            rows += [{"table": name, "deleted_id": i, "removed_in": version} for i in gone.to_pylist()]
    return to_table(DELETIONS, rows)


def changelog_entry(changes: dict, shown: int = 20) -> str:
    """The card's changelog entry for one release: counts per table and the first key-field changes."""
    lines = [f"### {changes['new_version']} (compared with {changes['old_version']})", "",
             "| table | added | removed | changed | columns added | columns removed |", "|---|---|---|---|---|---|"]
    for name, t in changes["tables"].items():
        cols = t["columns"]
        lines.append(f"| `{name}` | {t['added']} | {t['removed']} | {t['changed']} | "
                     f"{', '.join(cols['added']) or '-'} | {', '.join(cols['removed']) or '-'} |")
    key = changes["key_changes"]
    if key:
        lines += ["", f"Key-field changes ({len(key)}; all in `changes.json`):", ""]
        lines += [f"- `{c['table']}` `{c['id']}`: {c['field']} `{c['old']}` -> `{c['new']}`" for c in key[:shown]]
    return "\n".join(lines) + "\n"
