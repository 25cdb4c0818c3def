"""Quarantine: rows that fail a row-level check leave the tables before publishing, each with the check that
failed and the input file it came from, so one bad row never blocks a release.

Row-level checks are the contract's own (through the generated pandera schema): allowed values, patterns,
ranges, nullability, body spans, recomputed ids, cross-table keys, plus duplicate ids (the first row of an id
stays). Removing a row can leave others dangling (an article's quotes), so checks repeat until nothing fails.
What cannot be pinned on a row (a wrong schema, checksums, the card) still gates publishing in `run.py`.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newstables.schemas import CONTRACTS
from newstables.validation.run import row_failures

MAX_ROUNDS = 5  # each round removes rows; dangling keys settle after articles -> their rows -> catalog


def _duplicates(name: str, table: pa.Table) -> dict[int, list[str]]:
    bad: dict[int, list[str]] = defaultdict(list)
    for col in CONTRACTS[name].columns:
        column = table.column(col.name)
        # ids are strings: Arrow counts them as Python compares them, so a column of distinct ids is passed at once
        if col.unique and not (pa.types.is_string(column.type) and pc.count_distinct(column, mode="all").as_py()
                               == len(column)):
            seen = set()
            for i, value in enumerate(column.to_pylist()):
                if value in seen:
                    bad[i].append(f"{col.name}: duplicate id")
                seen.add(value)
    return bad


def _source_files(tables: dict[str, pa.Table]) -> dict[str, str]:
    articles = tables["articles"]
    return dict(zip(articles.column("article_id").to_pylist(), articles.column("source_file").to_pylist()))


def _entries(name: str, table: pa.Table, bad: dict[int, list[str]], sources: dict[str, str]) -> list[dict]:
    positions = sorted(bad)
    entries = []
    for i, row in zip(positions, table.take(pa.array(positions, type=pa.int64())).to_pylist()):
        source = row.get("source_file") or sources.get(row.get("article_id"))
        entries.append({"table": name, "checks": sorted(set(bad[i])), "source_file": source, "row": row})
    return entries


def quarantine(tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], dict[str, list[dict]]]:
    """(tables without failing rows, table -> quarantined entries)."""
    tables = dict(tables)
    sources = _source_files(tables)  # before any article leaves, so its rows still name their file
    held: dict[str, list[dict]] = {name: [] for name in tables}
    for _ in range(MAX_ROUNDS):
        failing = {name: _duplicates(name, t) for name, t in tables.items()}
        for name, rows in row_failures(tables).items():
            for i, checks in rows.items():
                failing[name][i] += checks
        if not any(failing.values()):
            break
        for name, bad in failing.items():
            if bad:
                held[name] += _entries(name, tables[name], bad, sources)
                keep = np.ones(tables[name].num_rows, dtype=bool)
                keep[list(bad)] = False
                tables[name] = tables[name].filter(pa.array(keep))
    return tables, held
