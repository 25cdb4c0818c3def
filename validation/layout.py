"""The release folder's layout, shared by the build (which writes it) and validation (which checks it): each
table as Parquet shards `data/<table>/train-0000k-of-0000n.parquet`, the manifest and card names, the marker
that says newstables wrote the folder, and file hashing."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "manifest.json"
CARD = "README.md"
CROISSANT = "croissant.json"  # MLCommons Croissant metadata, written by build/describe/croissant.py
GENERATOR = {"name": "newstables", "format": 1}  # marks a folder newstables wrote, so a build may replace it
SHARD_NAME = re.compile(r"train-(\d{5})-of-(\d{5})\.parquet")


def shard_path(table: str, index: int, count: int) -> str:
    return f"data/{table}/train-{index:05d}-of-{count:05d}.parquet"


def data_files(table: str) -> str:
    """The glob the card gives the Hugging Face loader for a table's shards."""
    return f"data/{table}/train-*.parquet"


def shard_files(folder: Path, table: str) -> list[str]:
    """The table's shard files present in the folder, in order, relative to it."""
    found = Path(folder) / "data" / table
    return sorted(f"data/{table}/{p.name}" for p in found.glob("train-*.parquet")) if found.is_dir() else []


def read_table(folder: Path, table: str) -> pa.Table:
    """All shards of a table, in order, as one Arrow table."""
    parts = [pq.read_table(Path(folder) / rel) for rel in shard_files(folder, table)]
    if not parts:
        raise FileNotFoundError(f"{folder}/data/{table} holds no shards")
    return pa.concat_tables(parts)


def read_jsonl(path: Path) -> list[dict]:
    """A release's JSON-lines file (rejects, quarantine): one object per non-blank line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def data_hashes(folder: Path, tables) -> dict[str, str]:
    """sha256 of every shard of the tables: two releases hold the same data when these are equal."""
    return {rel: sha256_file(Path(folder) / rel) for table in tables for rel in shard_files(folder, table)}
