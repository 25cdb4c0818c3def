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
from bisect import bisect_left
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator

import numpy as np
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
        self.digested: dict[str, tuple[pa.Table, list]] = {}  # table name -> the table last hashed, its chunks

    def chunk_digests(self, name: str, table: pa.Table, contract: Contract) -> list[tuple[int, int, str]]:
        """chunk_digests, once for the rows last seen under `name`: quarantine's rounds and publish see the same
        rows (publish as copies); equal rows are checked alike, however they are laid out."""
        seen = self.digested.get(name)
        if seen is None or not (seen[0] is table or seen[0].equals(table)):
            seen = self.digested[name] = table, chunk_digests(table, contract)
        return seen[1]

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


def _arrow_digests(table: pa.Table, ranges: list[tuple[int, int]]) -> list[str]:
    """Per [start, stop) range, the digest of the table's schema and the range's Arrow bytes (as one record batch:
    the same rows, laid out alike, give the same bytes)."""
    schema = hashlib.sha256(table.schema.serialize())
    batches = table.combine_chunks().to_batches()[:1]
    digests = []
    for start, stop in ranges:
        digest = schema.copy()
        for batch in batches:
            digest.update(batch.slice(start, stop - start).serialize())
        digests.append(digest.hexdigest())
    return digests


def chunk_ranges(table: pa.Table, contract: Contract) -> list[tuple[int, int]]:
    """[start, stop) row ranges; an empty table is one empty chunk (its columns are still checked once)."""
    keys = [pc.cast(table.column(k), pa.string()) for k in contract.sort_key]
    joined = pc.binary_join_element_wise(*keys, "\x1f", null_handling="replace", null_replacement="\x00")
    cuts = [i for i, key in enumerate(joined.to_pylist()) if i and zlib.crc32(key.encode()) % CHUNK_ROWS == 0]
    bounds = [0, *cuts, table.num_rows]
    return [(a, b) for a, b in zip(bounds, bounds[1:])] or [(0, 0)]


def chunk_digests(table: pa.Table, contract: Contract) -> list[tuple[int, int, str]]:
    """(start, stop, digest of the chunk's rows) per chunk."""
    ranges = chunk_ranges(table, contract)
    return [(start, stop, digest) for (start, stop), digest in zip(ranges, _arrow_digests(table, ranges))]


def _values(table: pa.Table, column: str, field: str | None = None) -> tuple[pa.Array, np.ndarray]:
    """A column's values with their row positions; `field` of each item of a list-of-struct column."""
    if field is None:
        return table.column(column).combine_chunks(), np.arange(table.num_rows)
    lists = table.column(column).combine_chunks()
    return (pc.struct_field(pc.list_flatten(lists), field),
            pc.list_parent_indices(lists).to_numpy(zero_copy_only=False))


def _article_id_fields(contract: Contract, schema: pa.Schema) -> list[tuple[str, str | None]]:
    """Where rows name articles: the `article_id` column and the `article_id` of list items."""
    found = [("article_id", None)] if "article_id" in schema.names else []
    for f in schema:
        if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type) \
                and f.type.value_type.get_field_index("article_id") >= 0:
            found.append((f.name, "article_id"))
    return found


def _per_chunk(values: pa.Array, rows: np.ndarray, starts: np.ndarray) -> list[set]:
    """The distinct non-null values of each chunk (chunks start at `starts`; `rows` ascending, one per value)."""
    found = [set() for _ in starts]
    bounds = np.searchsorted(rows, starts).tolist() + [len(rows)]
    listed = values.to_pylist()
    for chunk, (a, b) in enumerate(zip(bounds, bounds[1:])):
        found[chunk].update(listed[a:b])
        found[chunk].discard(None)
    return found


def chunk_contexts(table: pa.Table, contract: Contract, keys: dict[str, set], bodies: dict,
                   ranges: list[tuple[int, int]]) -> list[str]:
    """Per chunk, what its rows' checks read besides the rows (whose bytes the chunk's digest holds): which of the
    ids they reference are missing, and the bodies (or withheld lengths) of the articles they name."""
    starts = np.array([start for start, _ in ranges], dtype=np.int64)
    missing: list[set] = [set() for _ in ranges]
    references = [(c.name, None, c.references) for c in contract.columns if c.references]
    for column, field, target in [*references, *contract.nested_references]:
        values, rows = _values(table, column, field)
        absent = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=pa.array(list(keys[target]),
                                                                                          values.type))))
        where = np.flatnonzero(absent.to_numpy(zero_copy_only=False))  # few rows miss anything
        for chunk, value in zip(np.searchsorted(starts, rows[where], side="right") - 1, values.take(where).to_pylist()):
            missing[chunk].add(f"{column}.{field}:{value}")
    named: list[set] = [set() for _ in ranges]
    if contract.spans:
        for column, field in _article_id_fields(contract, table.schema):
            for chunk, found in zip(named, _per_chunk(*_values(table, column, field), starts)):
                chunk.update(found)
    body_sha: dict = {}
    for article_id in set().union(*named):
        body = bodies.get(article_id)
        body_sha[article_id] = _sha(body) if isinstance(body, str) else repr(body)
    return [json.dumps([sorted(gone), sorted((a, body_sha[a]) for a in articles)])
            for gone, articles in zip(missing, named)]


@dataclass
class Pending:
    """The chunks of one table that a layer of checks must run on: (start, stop, key), key None without a cache."""

    chunks: list[tuple[int, int, str | None]]
    cache: ValidationCache | None = None

    def positions(self) -> np.ndarray:
        """The rows in these chunks, ascending."""
        return np.concatenate([np.arange(start, stop) for start, stop, _ in self.chunks] or [np.arange(0)])

    def frame(self, df):
        """The rows of `df` (a pandas frame of the table) in these chunks."""
        rows = self.positions()
        return df if len(rows) == len(df) else df.iloc[rows]

    def record(self, failing_rows: set[int] | None = None) -> None:
        """The layer ran on these chunks; `failing_rows` failed it (positions), the other chunks passed."""
        failing = sorted(failing_rows or ())
        passed = [key for start, stop, key in self.chunks
                  if key is not None and bisect_left(failing, start) == bisect_left(failing, stop)]
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
        if name not in self.chunks:  # worked out once for every layer
            table, contract = self.tables[name], CONTRACTS[name]
            digests = self.cache.chunk_digests(name, table, contract)
            contexts = chunk_contexts(table, contract, self.keys, self.bodies, [(a, b) for a, b, _ in digests])
            self.chunks[name] = [(start, stop, _sha(digest, context))
                                 for (start, stop, digest), context in zip(digests, contexts)]
        return self._pending(layer, name, self.chunks[name])

    def columns(self, layer: str, name: str, columns: list[str], size: int) -> Pending:
        """A layer that reads whole columns (uniqueness): pending unless those columns passed as they are."""
        if self.cache is None:
            return Pending([(0, size, None)])
        [digest] = _arrow_digests(self.tables[name].select(columns), [(0, size)])
        return self._pending(layer, name, [(0, size, digest)])

    def _pending(self, layer: str, name: str, chunks: list[tuple[int, int, str]]) -> Pending:
        keys = [(start, stop, _sha(self.checks, layer, name, digest)) for start, stop, digest in chunks]
        return Pending([chunk for chunk in keys if not self.cache.passed(chunk[2])], self.cache)
