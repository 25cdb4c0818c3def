"""The card's Coverage section: what a release holds, counted from its written Parquet files (only the columns
each count needs) and `rejects.jsonl`, so the numbers are the published data's, whatever the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.layout import shard_files

TOP_OUTLETS = 10
REJECTS = "rejects.jsonl"


def table_size(folder: Path, table: str) -> tuple[int, int]:
    """(rows, uncompressed bytes) of a table's shards, from their Parquet footers."""
    rows = size = 0
    for rel in shard_files(folder, table):
        meta = pq.read_metadata(folder / rel)
        rows += meta.num_rows
        size += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return rows, size


def _columns(folder: Path, table: str, columns: list[str]) -> pa.Table:
    """Only these columns of the table's shards; an empty table of the contract's types when there are none."""
    parts = [pq.read_table(folder / rel, columns=columns) for rel in shard_files(folder, table)]
    if not parts:
        schema = arrow_schema(CONTRACTS[table])
        return pa.schema([schema.field(c) for c in columns]).empty_table()
    return pa.concat_tables(parts)


def _counts(values: list) -> list[tuple[str, int]]:
    """Non-null values with their counts, most frequent first, ties by value (a stable order for the card)."""
    return sorted(Counter(v for v in values if v is not None).items(), key=lambda kv: (-kv[1], kv[0]))


def _listed(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{value} {n}" for value, n in counts) or "none"


def _articles(folder: Path) -> list[str]:
    a = _columns(folder, "articles", ["source_file", "duplicate_of", "story_id"])
    copies = a.num_rows - pc.sum(pc.is_null(a["duplicate_of"])).as_py() if a.num_rows else 0
    files = len(set(a["source_file"].to_pylist()))
    stories = len(set(a["story_id"].to_pylist()))
    return [f"- **Articles**: {a.num_rows} from {files} raw files, in {stories} story clusters (`story_id`); "
            f"near-identical copies of an earlier article (`duplicate_of` set): {copies}."]


def _rejects(folder: Path) -> list[str]:
    path = folder / REJECTS
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    reasons = _counts([json.loads(line)["reason"] for line in lines if line.strip()])
    total = sum(n for _, n in reasons)
    detail = f" ({_listed(reasons)})" if reasons else ""
    return [f"- **Rejected inputs** (files, JSONL records or stories that gave no rows, each with its reason in "
            f"`{REJECTS}`): {total}{detail}."]


def _dates(folder: Path) -> list[str]:
    a = _columns(folder, "articles", ["published_at", "published_at_precision"])
    dated = a.filter(pc.is_valid(a["published_at"]))
    undated = a.num_rows - dated.num_rows
    if not dated.num_rows:
        return [f"- **Publication dates** (`published_at`): none known; {undated} articles have no date."]
    first, last = (d.as_py().date().isoformat() for d in (pc.min(dated["published_at"]),
                                                         pc.max(dated["published_at"])))
    precision = _listed(_counts(dated["published_at_precision"].to_pylist()))
    return [f"- **Publication dates** (`published_at`): {first} to {last} for the {dated.num_rows} dated articles "
            f"(by precision: {precision}); {undated} articles have no date."]


def _languages(folder: Path) -> list[str]:
    a = _columns(folder, "articles", ["language", "language_source"])
    pairs = _counts([f"`{lang}` ({source})" for lang, source in zip(a["language"].to_pylist(),
                                                                   a["language_source"].to_pylist())])
    return [f"- **Languages** (`language`, with where it came from): {_listed(pairs)}."]


def _outlets(folder: Path) -> tuple[list[str], list[str]]:
    """The summary line, and a table of the outlets with the most articles."""
    outlets = _columns(folder, "articles", ["outlet"])["outlet"].to_pylist()
    counts = _counts(outlets)
    unknown = sum(o is None for o in outlets)
    line = [f"- **Outlets** (`outlet`): {len(counts)} named; {unknown} articles name no outlet."]
    if not counts:
        return line, []
    table = ["| outlet | articles |", "|---|---|"]
    table += [f"| {name.replace('|', '/')} | {n} |" for name, n in counts[:TOP_OUTLETS]]
    if len(counts) > TOP_OUTLETS:
        rest = counts[TOP_OUTLETS:]
        table.append(f"| {len(rest)} more outlets | {sum(n for _, n in rest)} |")
    return line, table


def _quotes(folder: Path) -> list[str]:
    q = _columns(folder, "quotes", ["quote_cluster_id", "is_fragment", "is_direct", "speaker_is_anonymous",
                                    "speaker_method"])
    attributions = q.filter(pc.invert(q["is_fragment"]))
    quotations = len(set(attributions["quote_cluster_id"].to_pylist()))
    direct = sum(attributions["is_direct"].to_pylist())
    anonymous = sum(attributions["speaker_is_anonymous"].to_pylist())
    unattributed = attributions["speaker_method"].to_pylist().count("none")
    return [f"- **Quotes**: {attributions.num_rows} rows that are not fragments ({direct} direct), "
            f"{quotations} distinct quotations (`quote_cluster_id`); {anonymous} rows have an anonymous speaker "
            f"and {unattributed} no speaker (`speaker_method` = `none`)."]


def _events(folder: Path) -> list[str]:
    e = _columns(folder, "events", ["actor_name", "recipient_name"])
    neither = pc.sum(pc.and_(pc.is_null(e["actor_name"]), pc.is_null(e["recipient_name"]))).as_py() or 0
    share = f" ({neither / e.num_rows:.1%})" if e.num_rows else ""
    return [f"- **Events**: {e.num_rows}; {neither}{share} have neither an actor nor a recipient."]


def coverage_markdown(folder: Path) -> str:
    """The Coverage section's body: counts of this release in a fixed order, then the top outlets."""
    folder = Path(folder)
    rows = ", ".join(f"`{name}` {table_size(folder, name)[0]}" for name in CONTRACTS)
    outlet_line, outlet_table = _outlets(folder)
    lines = [f"- **Rows per table**: {rows}."]
    for part in (_articles, _rejects, _dates, _languages):
        lines += part(folder)
    lines += outlet_line + _quotes(folder) + _events(folder)
    if outlet_table:
        lines += ["", "Outlets with the most articles:", "", *outlet_table]
    return "\n".join(lines)
