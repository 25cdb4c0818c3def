"""Read a raw folder: every file becomes decoded `RawDocument`s (one per page or JSONL record) or a `Reject`.

Formats, by file name:
- plain page text (`.txt`, `.text`, no suffix): scraped page text, possibly several stories;
- HTML (`.html`, `.htm`, optionally `.gz`): main text and metadata extracted with trafilatura;
- JSONL (`.jsonl`, optionally `.gz`): one record per line with `text` or `html` and optional metadata.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from newstables.build.html import html_to_document

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
MAX_BYTES = 50_000_000  # a single news page is far smaller; larger files are almost always dumps or mistakes
RECORD_FIELDS = ("title", "url", "outlet", "published_at", "language", "license", "byline")


@dataclass(frozen=True)
class RawDocument:
    source_file: str  # relative to the raw folder, with forward slashes
    sha256: str  # of the file's bytes
    encoding: str
    format: str  # text, html, jsonl
    text: str  # what every offset refers to: the page text, HTML's extracted text, or a record's text
    record: int | None = None  # JSONL line number, from 1
    metadata: dict = field(default_factory=dict)  # field -> (value, source), from HTML meta or the record


@dataclass(frozen=True)
class Reject:
    source_file: str
    sha256: str | None
    reason: str  # a short code: empty, binary, undecodable, too-large, unsupported-format, duplicate-file,
    # unreadable, bad-record, hidden-file, no-article, too-long, extraction-error
    detail: str  # what happened and what the user can do about it


UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16/32 text is full of NUL bytes


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in data and not data.startswith(UNICODE_BOMS):
        return True
    control = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13))
    return control > len(head) * 0.05


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding); UTF-8 first, then charset detection. None when nothing fits."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def file_format(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when unsupported."""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    last = (suffixes[-2] if gz and len(suffixes) > 1 else "" if gz else suffixes[-1] if suffixes else "")
    if last in HTML_SUFFIXES:
        return "html", gz
    if last in JSONL_SUFFIXES:
        return "jsonl", gz
    if last in TEXT_SUFFIXES and not gz:
        return "text", False
    return None, gz


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")


def clean_metadata(values: dict, source: str) -> dict:
    """Field -> (value, source) for usable values: plain scalars become strings, lists and objects are dropped,
    and a language must be a code ('en', 'pt-BR'), not a name."""
    out = {}
    for name, value in values.items():
        if value is None or isinstance(value, (list, dict)) or str(value).strip() == "":
            continue
        value = str(value).strip()
        if name == "language" and not LANGUAGE_CODE.fullmatch(value):
            continue
        out[name] = (value, source)
    return out


def _records(name: str, sha: str, text: str, encoding: str) -> Iterator[RawDocument | Reject]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            yield Reject(f"{name}#{n}", sha, "bad-record", f"line {n} is not a JSON object ({exc}); fix or drop it")
            continue
        meta = clean_metadata({k: record.get(k) for k in RECORD_FIELDS}, "jsonl-record")
        if isinstance(record.get("text"), str) and record["text"].strip():
            yield RawDocument(name, sha, encoding, "jsonl", record["text"], n, meta)
        elif isinstance(record.get("html"), str) and record["html"].strip():
            doc = html_to_document(record["html"])
            if doc is None:
                yield Reject(f"{name}#{n}", sha, "no-article", f"line {n}: no article text found in its `html`")
            else:
                yield RawDocument(name, sha, encoding, "jsonl", doc.text, n, {**doc.metadata, **meta})
        else:
            yield Reject(f"{name}#{n}", sha, "bad-record", f"line {n} has no `text` or `html` field; add one")


def read_file(path: Path, name: str, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | Reject]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Reject(name, None, "too-large",
                         f"{size} bytes is over the {max_bytes}-byte limit; split the file or raise --max-bytes")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(name, None, "unreadable", f"could not read the file ({exc}); check its permissions")
        return
    sha = hashlib.sha256(data).hexdigest()
    fmt, gz = file_format(path)
    if fmt is None:
        yield Reject(name, sha, "unsupported-format",
                     f"'{''.join(path.suffixes)}' files are not read; use .txt, .html, .htm, .jsonl (optionally .gz)")
        return
    if gz:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield Reject(name, sha, "unreadable", f"not a valid gzip file ({exc}); re-compress or unzip it")
            return
    if not data.strip():
        yield Reject(name, sha, "empty", "the file has no text; remove it or re-scrape the page")
        return
    if _looks_binary(data):
        yield Reject(name, sha, "binary", "the file holds binary data, not text; remove it or convert it to text")
        return
    decoded = decode(data)
    if decoded is None:
        yield Reject(name, sha, "undecodable", "no text encoding fits the bytes; re-save the file as UTF-8")
        return
    text, encoding = decoded
    if fmt == "jsonl":
        yield from _records(name, sha, text, encoding)
    elif fmt == "html":
        doc = html_to_document(text)
        if doc is None:
            yield Reject(name, sha, "no-article", "no article text found in the HTML; check it is a news page")
        else:
            yield RawDocument(name, sha, encoding, "html", doc.text, None, doc.metadata)
    else:
        yield RawDocument(name, sha, encoding, "text", text)


def read_raw_dir(raw_dir: Path, max_bytes: int = MAX_BYTES, skip: frozenset[str] = frozenset()
                 ) -> Iterator[RawDocument | Reject]:
    """Files in a stable order (sorted relative paths); `skip` names (the sidecar manifest) are not inputs."""
    raw_dir = Path(raw_dir)
    seen: dict[str, str] = {}
    paths = sorted(p for p in raw_dir.rglob("*") if p.is_file())
    for path in paths:
        name = path.relative_to(raw_dir).as_posix()
        if name in skip:
            continue
        if any(part.startswith(".") for part in path.relative_to(raw_dir).parts):
            yield Reject(name, None, "hidden-file", "hidden files (such as .DS_Store) are not read; rename it to "
                         "include it")
            continue
        items = list(read_file(path, name, max_bytes))
        sha = next((i.sha256 for i in items if i.sha256), None)
        if sha is not None and sha in seen and any(isinstance(i, RawDocument) for i in items):
            yield Reject(name, sha, "duplicate-file",
                         f"byte-identical to {seen[sha]}; its stories are already in the tables")
            continue
        if sha is not None:
            seen.setdefault(sha, name)
        yield from items
