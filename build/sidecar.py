"""The optional sidecar manifest: per-file metadata (url, outlet, published_at, license, language, title, byline)
that overrides anything read from the pages. CSV with a header, or JSONL; keyed by `file` (path in the raw folder).

A sidecar that cannot be used at all (missing, not CSV/JSONL, no `file` column) raises SidecarError. A faulty row
only costs that row (or, for a bad date, that field): it becomes a one-line warning naming the row, and the build
goes on. Warnings are shown by `newstables build`, fail it under --strict, and are kept in the dataset manifest.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from newstables.build.metadata import clean_metadata
from newstables.build.pubdate import check_published

FIELDS = ("url", "outlet", "published_at", "license", "language", "title", "byline")
DEFAULT_NAMES = ("manifest.csv", "manifest.jsonl")  # looked for in the raw folder, in this order of preference
KEYS = ("file", "source_file")
SHOWN_CHARS = 60  # a value quoted in a warning is cut to this, so a swallowed row stays a one-line warning


class SidecarError(ValueError):
    pass


@dataclass
class Sidecar:
    rows: dict[str, dict] = field(default_factory=dict)  # file -> {field: (value, "manifest")}
    warnings: list[str] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # file -> "manifest.csv row 4", for later warnings

    def unmatched(self, read: set[str]) -> list[str]:
        """Warnings for rows naming no file that was read: a typo'd path would otherwise be ignored silently."""
        return [f"{self.where[name]} (file {name}): no such file was read from the raw folder; use its path "
                "relative to the raw folder, with forward slashes" for name in self.rows if name not in read]


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def find_sidecar(raw_dir: Path) -> Path | None:
    return next((Path(raw_dir) / n for n in DEFAULT_NAMES if (Path(raw_dir) / n).is_file()), None)


def sidecar_names(raw_dir: Path, path: Path | None) -> frozenset[str]:
    """Raw-folder names that are sidecars, not news: the default names and a --manifest kept inside the folder."""
    raw, names = Path(raw_dir).resolve(), set(DEFAULT_NAMES)
    if path is not None and Path(path).resolve().is_relative_to(raw):
        names.add(Path(path).resolve().relative_to(raw).as_posix())
    return frozenset(names)


def load_sidecar(raw_dir: Path, manifest: Path | None = None) -> tuple[Path | None, Sidecar]:
    """The sidecar in use (--manifest, else manifest.csv, else manifest.jsonl), warning about any other one in the
    raw folder: it is not read, neither as metadata nor as news."""
    path = Path(manifest) if manifest else find_sidecar(raw_dir)
    if path is None:
        return None, Sidecar()
    sidecar = read_sidecar(path)
    others = [n for n in DEFAULT_NAMES if (Path(raw_dir) / n).is_file()
              and (Path(raw_dir) / n).resolve() != path.resolve()]
    sidecar.warnings[:0] = [f"{n} in the raw folder was ignored: {path.name} is the sidecar used; merge them "
                            "into one" for n in others]
    return path, sidecar


def _decode(path: Path, data: bytes, warnings: list[str]) -> str:
    if b"\x00" in data:
        raise SidecarError(f"sidecar {path.name} holds NUL bytes (binary or UTF-16); save it as UTF-8 CSV or JSONL")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(f"{path.name} is not UTF-8; read as Windows-1252 (Latin-1). Save it as UTF-8 to be sure")
        return data.decode("cp1252", errors="replace")


def _csv_rows(name: str, text: str, warnings: list[str]):
    """(label, row) per CSV row; labels count lines as a spreadsheet shows rows (the header is row 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise SidecarError(f"sidecar {name}: unreadable CSV header ({exc})") from None
    if not set(KEYS) & set(header):
        raise SidecarError(f"sidecar {name} has no `file` column naming the raw file each row describes")
    start = reader.line_num + 1
    try:
        for values in reader:
            label = f"{name} row {start}"
            if len(values) > len(header):
                warnings.append(f"{label}: more values than the header has columns; quote values that contain "
                                "commas. Row dropped")
            elif any("\n" in v or "\r" in v for v in values):
                warnings.append(f"{label}: a value spans rows {start}-{reader.line_num}; an unbalanced quote "
                                "(\") probably joined rows. Rows dropped")
            elif values:  # not a blank line
                yield label, dict(zip(header, values))
            start = reader.line_num + 1
    except csv.Error as exc:  # e.g. a runaway quoted value longer than the csv module's field limit
        warnings.append(f"{name} row {start}: unreadable CSV from here on ({exc}); the rest is dropped")


def _jsonl_rows(name: str, text: str, warnings: list[str]):
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            warnings.append(f"{name} line {n}: not JSON ({getattr(exc, 'msg', 'nested too deeply')}). Row dropped")
            continue
        if isinstance(row, dict):
            yield f"{name} line {n}", row
        else:
            warnings.append(f"{name} line {n}: {_show(row)} is not a JSON object. Row dropped")


def _metadata(label: str, row: dict, warnings: list[str]) -> dict:
    """The row's usable fields; a dropped value (bad date, language name, list) is a warning, not a failure."""
    meta = clean_metadata({f: row.get(f) for f in FIELDS}, "manifest")
    for name in FIELDS:
        value = row.get(name)
        if name not in meta and value is not None and str(value).strip():
            why = "use a code such as 'en'" if name == "language" and isinstance(value, str) else "use plain text"
            warnings.append(f"{label}: {name} {_show(value)} is not usable; {why}. Field dropped")
    if "published_at" in meta:
        value = meta["published_at"][0]
        try:
            check_published(value)
        except ValueError as exc:
            warnings.append(f"{label}: published_at {_show(value)} {exc}. Field dropped")
            del meta["published_at"]
    return meta


def read_sidecar(path: Path) -> Sidecar:
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".jsonl"):
        raise SidecarError(f"sidecar {path} is not .csv or .jsonl; give per-file metadata as CSV or JSONL")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SidecarError(f"sidecar {path} cannot be read ({exc.strerror or exc}); check the --manifest path") \
            from None
    sidecar = Sidecar()
    text = _decode(path, data, sidecar.warnings)
    rows = (_jsonl_rows if path.suffix.lower() == ".jsonl" else _csv_rows)(path.name, text, sidecar.warnings)
    for label, row in rows:
        key = next((row[k] for k in KEYS if row.get(k) not in (None, "")), None)
        name = key.strip() if isinstance(key, str) else ""
        if not name or "\n" in name or "\r" in name:
            got = "nothing" if key is None else _show(key)
            sidecar.warnings.append(f"{label}: `file` must name a raw file, got {got}. Row dropped")
        elif name in sidecar.rows:
            sidecar.warnings.append(f"{label} (file {name}): the file is already described on "
                                    f"{sidecar.where[name]}. Row dropped")
        else:
            sidecar.where[name] = label
            sidecar.rows[name] = _metadata(f"{label} (file {name})", row, sidecar.warnings)
    return sidecar
