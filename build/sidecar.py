"""The optional sidecar manifest: per-file metadata (url, outlet, published_at, license, language) that
overrides anything read from the pages. CSV with a header, or JSONL; keyed by `file` (path in the raw folder)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from newstables.build.ingest import clean_metadata

FIELDS = ("url", "outlet", "published_at", "license", "language", "title", "byline")
DEFAULT_NAMES = ("manifest.csv", "manifest.jsonl")


class SidecarError(ValueError):
    pass


def find_sidecar(raw_dir: Path) -> Path | None:
    for name in DEFAULT_NAMES:
        if (Path(raw_dir) / name).is_file():
            return Path(raw_dir) / name
    return None


def read_sidecar(path: Path) -> dict[str, dict]:
    """file name -> {field: (value, "manifest")}."""
    text = Path(path).read_text(encoding="utf-8-sig")
    if Path(path).suffix.lower() == ".jsonl":
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SidecarError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    out = {}
    for n, row in enumerate(rows, 1):
        key = row.get("file") or row.get("source_file")
        if not key:
            raise SidecarError(f"{path}: entry {n} has no `file` column naming the raw file it describes")
        out[key] = clean_metadata({f: row.get(f) for f in FIELDS}, "manifest")
    return out
