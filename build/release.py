"""Publish: write tables, card, manifest and rejects into a temporary folder, validate it, then swap it into place.
A failed or killed build leaves the previous release in place, or beside it for the next build to restore."""

from __future__ import annotations

import fcntl
import glob
import json
import logging
import math
import os
import shutil
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newstables.build.describe.card import changelog, render_card
from newstables.build.describe.citation import CITATION_FILE, citation_cff
from newstables.build.describe.croissant import write_croissant
from newstables.build.diff import Release, changelog_entry, diff_releases
from newstables.build.ingest import Reject
from newstables.build.text_mode import DEFAULT as FULL_TEXT, summary as text_summary
from newstables.validation.layout import GENERATOR, MANIFEST, sha256_file, shard_path
from newstables.validation.run import Failure, validate_folder
from newstables.build.config import CONFIG

# Fixed writer options: with the same pyarrow, sorted rows and an explicit schema give byte-identical files.
PARQUET_OPTIONS = {"compression": "zstd", "write_page_index": True, "use_content_defined_chunking": True,
                   "row_group_size": 100_000, "write_statistics": True}
REJECTS = "rejects.jsonl"
CHANGES = "changes.json"
QUARANTINE = "quarantine"
log = logging.getLogger(__name__)


class ValidationFailed(RuntimeError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(f"{len(failures)} validation failure(s); no release was written")


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def _summary(version: str, tables: dict[str, pa.Table], rejects: list[Reject], quarantined: dict[str, list],
             ontologies: dict[str, str], text: str) -> str:
    rows = ", ".join(f"{name}: {t.num_rows}" for name, t in tables.items())
    held = ", ".join(f"{name}: {len(q)}" for name, q in quarantined.items() if q) or "none"
    stamps = ", ".join(f"{name} `{v}`" for name, v in ontologies.items())
    return (f"**Release {version}.** Rows: {rows}. Rejected input files: {len(rejects)} (see `{REJECTS}`). "
            f"Quarantined rows (failed a row-level check, kept out of the tables, see `{QUARANTINE}/`): {held}. "
            f"Ontology and codebook versions: {stamps}. {text}")


def _write_shards(folder: Path, name: str, table: pa.Table) -> dict:
    """The table as `train-0000k-of-0000n.parquet` shards of at most `CONFIG.release.shard_bytes` each, cut at
    fixed rows of the sorted table so the same rows always give the same files; the manifest's entry for it."""
    count = max(1, min(table.num_rows, math.ceil(table.nbytes / CONFIG.release.shard_bytes)))
    per_shard = math.ceil(table.num_rows / count)
    shards = []
    for index in range(count):
        rel = shard_path(name, index, count)
        part = table.slice(index * per_shard, per_shard)
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, folder / rel, **PARQUET_OPTIONS)
        shards.append({"path": rel, "rows": part.num_rows, "sha256": sha256_file(folder / rel)})
    return {"rows": table.num_rows, "shards": shards}


def _write_quarantine(folder: Path, quarantined: dict[str, list[dict]]) -> dict[str, dict]:
    """quarantine/<table>.jsonl for each table with held rows; the manifest's count per table."""
    counts = {}
    for name, entries in quarantined.items():
        path = None
        if entries:
            path = f"{QUARANTINE}/{name}.jsonl"
            (folder / QUARANTINE).mkdir(exist_ok=True)
            with open(folder / path, "w", encoding="utf-8") as fh:
                for entry in entries:
                    fh.write(json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str) + "\n")
        counts[name] = {"path": path, "count": len(entries)}
    return counts


class UnsafeOutput(RuntimeError):
    pass


class OutputBusy(UnsafeOutput):
    pass


def _separate(out: Path, raw_dir: Path) -> Path:
    """OUT and RAW must not nest: a release inside RAW would be read back as input by the next build."""
    out, raw = Path(out).resolve(), Path(raw_dir).resolve()
    if raw.is_relative_to(out):
        raise UnsafeOutput(f"--out {out} holds the raw folder {raw}; choose a separate output folder")
    if out.is_relative_to(raw):
        raise UnsafeOutput(f"--out {out} is inside the raw folder {raw}, so the next build would read it as input; "
                           "choose an output folder outside it")
    return out


def _written_by_newstables(folder: Path) -> bool:
    """Judged by the marker inside the manifest, not by the file's name: any tool may write a manifest.json."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(manifest, dict) and manifest.get("generator") == GENERATOR


def check_output(out: Path, raw_dir: Path) -> None:
    """The output folder is replaced whole, so it must be new, empty, or an earlier newstables release."""
    out = _separate(out, raw_dir)
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or _written_by_newstables(out))):
        raise UnsafeOutput(f"--out {out} exists and is not a newstables release (its {MANIFEST} lacks the newstables "
                           "marker); it would be replaced, so choose another folder or remove it yourself")


def _beside(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{glob.escape(out.name)}.{kind}-*"))


def _recover(out: Path) -> Path | None:
    """Clean up after a killed build: drop half-written folders, and put back a release that was moved aside
    when the build died between publish's two renames. Returns the restored folder, if any."""
    for tmp in _beside(out, "tmp"):
        shutil.rmtree(tmp, ignore_errors=True)
    olds = sorted(_beside(out, "old"), key=lambda p: p.stat().st_mtime)
    restored = None
    if olds and not out.exists():
        restored = olds.pop()
        restored.rename(out)
        log.warning("restored %s from %s, left by a build that was interrupted while publishing", out, restored.name)
    if _written_by_newstables(out):  # otherwise an old copy may be the only release left: keep it
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
    return restored


@contextmanager
def output_lock(out: Path, raw_dir: Path) -> Iterator[Path | None]:
    """Hold OUT for one build, from its first check to the final rename; a second build fails at once.
    Yields the release restored from an interrupted build, if any."""
    out = _separate(out, raw_dir)  # before anything is created beside OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            raise OutputBusy(f"another newstables build is writing {out} (pid {holder}); "
                             "wait for it to finish") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        restored = _recover(out)
        check_output(out, raw_dir)
        yield restored  # the lock goes with the file when it closes


def publish(tables: dict[str, pa.Table], rejects: list[Reject], provenance: dict, out: Path, version: str,
            raw_dir: Path, quarantined: dict[str, list[dict]] | None = None, previous: Release | None = None) -> Path:
    """Call inside `output_lock(out, raw_dir)`. With the `previous` release, `changes.json` and the card's changelog
    say what changed since."""
    check_output(out, raw_dir)  # again: the user may have put files into OUT during the build
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        written = {name: _write_shards(tmp, name, table) for name, table in tables.items()}
        with open(tmp / REJECTS, "w", encoding="utf-8") as fh:
            for r in sorted(rejects, key=lambda r: r.source_file):
                fh.write(json.dumps(asdict(r), sort_keys=True, ensure_ascii=False) + "\n")
        quarantined = {name: (quarantined or {}).get(name, []) for name in tables}
        held = _write_quarantine(tmp, quarantined)
        section = ""
        if previous is not None:
            changes = diff_releases(previous, Release(version, tables, ""))
            _write_json(tmp / CHANGES, changes)
            section = changelog(changelog_entry(changes), previous.card)
        summary = _summary(version, tables, rejects, quarantined, provenance["ontologies"], text_summary(provenance))
        card = render_card(tmp, version, summary, section, provenance.get("text_mode", FULL_TEXT))
        (tmp / "README.md").write_text(card, encoding="utf-8")
        write_croissant(tmp, version)  # reads the card just written
        (tmp / CITATION_FILE).write_text(citation_cff(version), encoding="utf-8")
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        hashed = {s["path"]: s["sha256"] for entry in written.values() for s in entry["shards"]}  # just written
        manifest = {
            "generator": GENERATOR, "name": "newstables", "version": version, "build": provenance,
            "tables": written,
            "files": {f: hashed.get(f) or sha256_file(tmp / f) for f in files},
            "rejects": {"path": REJECTS, "count": len(rejects)},
            "quarantine": held,
            "parquet_writer": {**PARQUET_OPTIONS, "pyarrow": pa.__version__, "shard_bytes": CONFIG.release.shard_bytes},
        }
        _write_json(tmp / MANIFEST, manifest)
        failures = validate_folder(tmp, written=tables)
        if failures:
            raise ValidationFailed(failures)
        # Never without a release: a crash after the first rename leaves `old`, which the next build restores.
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
