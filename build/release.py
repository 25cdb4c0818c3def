"""Publish: write tables, card, manifest and rejects into a temporary folder, validate it, then swap it into place.
A failed build leaves the previous release untouched."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newstables.build.card import render_card
from newstables.build.ingest import Reject
from newstables.validation.run import MANIFEST, Failure, sha256_file, table_path, validate_folder

# Fixed writer options: with the same pyarrow, sorted rows and an explicit schema give byte-identical files.
PARQUET_OPTIONS = {"compression": "zstd", "write_page_index": True, "use_content_defined_chunking": True,
                   "row_group_size": 100_000, "write_statistics": True}
REJECTS = "rejects.jsonl"


class ValidationFailed(RuntimeError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(f"{len(failures)} validation failure(s); no release was written")


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def _summary(version: str, tables: dict[str, pa.Table], rejects: list[Reject]) -> str:
    rows = ", ".join(f"{name}: {t.num_rows}" for name, t in tables.items())
    return f"**Release {version}.** Rows: {rows}. Rejected input files: {len(rejects)} (see `{REJECTS}`)."


class UnsafeOutput(RuntimeError):
    pass


def check_output(out: Path, raw_dir: Path) -> None:
    """The output folder is replaced whole, so it must be new, empty, or an earlier release."""
    out, raw = Path(out).resolve(), Path(raw_dir).resolve()
    if out == raw or out in raw.parents:
        raise UnsafeOutput(f"--out {out} holds the raw folder {raw}; choose a separate output folder")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise UnsafeOutput(f"--out {out} exists and is not a newstables release (no {MANIFEST}); it would be "
                           "replaced, so choose a new folder or remove it yourself")


def publish(tables: dict[str, pa.Table], rejects: list[Reject], provenance: dict, out: Path, version: str,
            raw_dir: Path) -> Path:
    check_output(out, raw_dir)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        paths = {}
        for name, table in tables.items():
            path = tmp / table_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, path, **PARQUET_OPTIONS)
            paths[name] = table_path(name)
        with open(tmp / REJECTS, "w", encoding="utf-8") as fh:
            for r in sorted(rejects, key=lambda r: r.source_file):
                fh.write(json.dumps(asdict(r), sort_keys=True, ensure_ascii=False) + "\n")
        (tmp / "README.md").write_text(render_card(tmp, paths, _summary(version, tables, rejects)), encoding="utf-8")
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        manifest = {
            "name": "newstables", "version": version, "build": provenance,
            "tables": {name: {"path": paths[name], "rows": t.num_rows, "sha256": sha256_file(tmp / paths[name])}
                       for name, t in tables.items()},
            "files": {f: sha256_file(tmp / f) for f in files},
            "rejects": {"path": REJECTS, "count": len(rejects)},
            "parquet_writer": {**PARQUET_OPTIONS, "pyarrow": pa.__version__},
        }
        _write_json(tmp / MANIFEST, manifest)
        failures = validate_folder(tmp)
        if failures:
            raise ValidationFailed(failures)
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
