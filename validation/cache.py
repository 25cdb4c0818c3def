"""Incremental validation: a build checks only the rows its checks have not passed before.

A row-level check (every pandera and GX check but uniqueness) passes or fails a row on the row alone, whether the
ids it references exist and the article bodies its spans read. So each table is cut into chunks of rows, where a
row's sort key hashes to 0 mod CHUNK_ROWS (content-defined cuts: rows added or changed elsewhere leave a chunk's
rows alone), and a chunk that passed a layer of checks is recorded in the build's work folder under a key of its
Arrow bytes, which of its referenced ids exist, the bodies it reads, and the checks themselves (the validation
code, the suites, the contracts, the package versions, the text mode). A later build checks the chunks it finds no
record of; uniqueness is checked over whole columns, recorded under their bytes. `newstables validate` sets no
cache, so it checks every row.

Only passes are recorded, never trusted blindly: a key matches only when all its inputs are the same, and a record
file that is unreadable or fails its checksum counts as empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from newstables.schemas import CONTRACTS, Contract

FORMAT = 1
CHUNK_ROWS = 32  # rows per chunk on average: a changed article's rows fall in few chunks, each cheap to hash
PACKAGES = ("pandera", "great-expectations", "pandas", "pyarrow", "numpy")
CHECK_SOURCES = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "schemas")
KEY = re.compile(r"[0-9a-f]{64}")
_active: ContextVar[ValidationCache | None] = ContextVar("validation_cache", default=None)


def _sha(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _listing(keys: list[str]) -> str:
    return _sha(*keys)


class ValidationCache:
    """The keys of chunks that passed, in one JSON file of the work folder, written aside and renamed into place.
    A build keeps the records it used or made, so the file holds what the corpus is now."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.known = self._read()
        self.used: set[str] = set()

    def _read(self) -> set[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return set()
        keys = data.get("passed") if isinstance(data, dict) and data.get("format") == FORMAT else None
        if not (isinstance(keys, list) and all(isinstance(k, str) and KEY.fullmatch(k) for k in keys)
                and data.get("sha256") == _listing(keys)):
            return set()  # damaged: check everything again
        return set(keys)

    def passed(self, key: str) -> bool:
        if key in self.known:
            self.used.add(key)
            return True
        return False

    def record(self, keys: list[str]) -> None:
        self.known.update(keys)
        self.used.update(keys)

    def save(self) -> None:
        keys = sorted(self.used)
        partial = self.path.with_name(f".{self.path.name}.tmp")
        partial.write_text(json.dumps({"format": FORMAT, "passed": keys, "sha256": _listing(keys)}) + "\n",
                           encoding="utf-8")
        os.replace(partial, self.path)


@contextmanager
def cached_validation(cache: ValidationCache) -> Iterator[None]:
    """Validation inside this block skips what `cache` holds and records what passes; the records are saved at
    the end, whatever happened (a pass is a fact even when the build fails later)."""
    token = _active.set(cache)
    try:
        yield
    finally:
        _active.reset(token)
        cache.save()


def checks_fingerprint(text_mode: str, restored: bool) -> str:
    """What a check's verdict depends on besides the data: the validation code and suites, the contracts, the
    package versions, and how the release withholds text."""
    files = sorted(p for folder in CHECK_SOURCES for p in folder.rglob("*")
                   if p.suffix in (".py", ".json") and "__pycache__" not in p.parts)
    versions = [f"{name}=={metadata.version(name)}" for name in PACKAGES]
    return _sha(*(f"{p.name}\0".encode() + p.read_bytes() for p in files), *versions, text_mode, str(restored))


def _arrow_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def chunk_ranges(table: pa.Table, contract: Contract) -> list[tuple[int, int]]:
    """[start, stop) row ranges; an empty table is one empty chunk (its columns are still checked once)."""
    keys = zip(*(table.column(k).to_pylist() for k in contract.sort_key))
    cuts = [i for i, key in enumerate(keys) if i and zlib.crc32(repr(key).encode()) % CHUNK_ROWS == 0]
    bounds = [0, *cuts, table.num_rows]
    return [(a, b) for a, b in zip(bounds, bounds[1:])] or [(0, 0)]


def _values(table: pa.Table, column: str, field: str | None = None) -> tuple[list, list[int]]:
    """A column's values with their row positions; `field` of each item of a list-of-struct column."""
    if field is None:
        return table.column(column).to_pylist(), list(range(table.num_rows))
    lists = table.column(column).combine_chunks()
    return (pc.struct_field(pc.list_flatten(lists), field).to_pylist(),
            pc.list_parent_indices(lists).to_pylist())


def _article_id_fields(contract: Contract, schema: pa.Schema) -> list[tuple[str, str | None]]:
    """Where rows name articles: the `article_id` column and the `article_id` of list items."""
    found = [("article_id", None)] if "article_id" in schema.names else []
    for f in schema:
        if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type) \
                and f.type.value_type.get_field_index("article_id") >= 0:
            found.append((f.name, "article_id"))
    return found


def row_contexts(table: pa.Table, contract: Contract, keys: dict[str, set], bodies: dict) -> list[str]:
    """Per row, what its checks read besides the row: which referenced ids are missing, and the bodies (or
    withheld lengths) of the articles it names."""
    missing: dict[int, set] = {}  # few rows miss anything
    references = [(c.name, None, c.references) for c in contract.columns if c.references]
    for column, field, target in [*references, *contract.nested_references]:
        values, rows = _values(table, column, field)
        for value, row in zip(values, rows):
            if value is not None and value not in keys[target]:
                missing.setdefault(row, set()).add(f"{column}.{field}:{value}")
    named: list[set] = [set() for _ in range(table.num_rows)]
    if contract.spans:
        for column, field in _article_id_fields(contract, table.schema):
            for value, row in zip(*_values(table, column, field)):
                named[row].add(value)
    body_sha = {}
    for article_id in set().union(*named) if named else ():
        body = bodies.get(article_id)
        body_sha[article_id] = _sha(body) if isinstance(body, str) else repr(body)
    contexts: dict[tuple, str] = {}  # rows of one article share their context: written once
    found = []
    for row, articles in enumerate(named):
        key = (frozenset(missing.get(row, ())), frozenset(articles))
        if key not in contexts:
            contexts[key] = json.dumps([sorted(key[0]), sorted((a, body_sha[a]) for a in key[1] if a is not None)])
        found.append(contexts[key])
    return found


@dataclass
class Pending:
    """The chunks of one table that a layer of checks must run on: (start, stop, key), key None without a cache."""

    chunks: list[tuple[int, int, str | None]]
    cache: ValidationCache | None = None

    def frame(self, df):
        """The rows of `df` (a pandas frame of the table) in these chunks."""
        rows = [i for start, stop, _ in self.chunks for i in range(start, stop)]
        return df if len(rows) == len(df) else df.iloc[rows]

    def record(self, failing_rows: set[int] | None = None) -> None:
        """The layer ran on these chunks; `failing_rows` failed it (positions), the other chunks passed."""
        failing = sorted(failing_rows or ())
        passed = [key for start, stop, key in self.chunks
                  if key is not None and not any(start <= i < stop for i in failing)]
        if self.cache is not None:
            self.cache.record(passed)


class Plan:
    """Which rows each layer of checks must run on: every row, unless a validation cache is active and the Arrow
    `tables` the checked frames hold are given; then the chunks with no record of passing."""

    def __init__(self, tables: dict[str, pa.Table] | None, keys: dict[str, set], bodies: dict, text_mode: str,
                 restored: bool):
        self.cache = _active.get() if tables is not None else None
        self.tables, self.keys, self.bodies = tables, keys, bodies
        self.checks = checks_fingerprint(text_mode, restored) if self.cache is not None else ""
        self.chunks: dict[str, list[tuple[int, int, str]]] = {}  # table -> its chunks, each with a digest

    def rows(self, layer: str, name: str, size: int) -> Pending:
        """The pending chunks of a row-level layer (`size`: the table's rows)."""
        if self.cache is None:
            return Pending([(0, size, None)])
        if name not in self.chunks:  # hashed once for every layer
            table, contract = self.tables[name], CONTRACTS[name]
            contexts = row_contexts(table, contract, self.keys, self.bodies)
            self.chunks[name] = [(start, stop, _sha(_arrow_bytes(table.slice(start, stop - start)),
                                                    *contexts[start:stop]))
                                 for start, stop in chunk_ranges(table, contract)]
        return self._pending(layer, name, self.chunks[name])

    def columns(self, layer: str, name: str, columns: list[str], size: int) -> Pending:
        """A layer that reads whole columns (uniqueness): pending unless those columns passed as they are."""
        if self.cache is None:
            return Pending([(0, size, None)])
        return self._pending(layer, name, [(0, size, _sha(_arrow_bytes(self.tables[name].select(columns))))])

    def _pending(self, layer: str, name: str, chunks: list[tuple[int, int, str]]) -> Pending:
        keys = [(start, stop, _sha(self.checks, layer, name, digest)) for start, stop, digest in chunks]
        return Pending([chunk for chunk in keys if not self.cache.passed(chunk[2])], self.cache)
