"""Read a raw folder: every file becomes decoded `RawDocument`s (one per page or JSONL record) or a `Reject`.

Formats, by file name:
- plain page text (`.txt`, `.text`, no suffix): scraped page text, possibly several stories;
- HTML (`.html`, `.htm`, optionally `.gz`): main text and metadata extracted with trafilatura;
- JSONL (`.jsonl`, optionally `.gz`): one record per line with `text` or `html` and optional metadata.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from newstables.build.html import html_to_document
from newstables.build.metadata import clean_metadata
from newstables.build.config import CONFIG

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
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
    decode_warnings: tuple[str, ...] = ()  # what decoding had to repair or guess; empty for clean UTF-8/16/32


@dataclass(frozen=True)
class Reject:
    source_file: str
    sha256: str | None
    reason: str  # a short code: empty, binary, undecodable, too-large, unsupported-format, duplicate-file,
    # unreadable, bad-record, hidden-file, no-article, too-long, extraction-error, symlink-outside-raw,
    # broken-symlink, symlinked-folder, not-a-regular-file
    detail: str  # what happened and what the user can do about it


# Decoding: BOMs, then UTF-8, then detection. Western single-byte encodings go first for mostly-ASCII bytes.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: same first 2 bytes
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
WESTERN = ["cp1252", "latin_1"]
ASCII = bytes(range(128))
TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\f\r"
ESCAPED = re.compile("[\udc80-\udcff]")  # invalid UTF-8 bytes, as the surrogateescape handler leaves them

Decoded = tuple[str, str, tuple[str, ...]]  # text, encoding, warnings


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, ASCII))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 by BOM, or BOM-less UTF-16 from its NUL pattern: ASCII-heavy text has a NUL every other byte."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:65536]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.7 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.7 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes (NULs included); a few stray NULs in text are dropped by `decode`, not rejected."""
    if _wide_encoding(data):
        return False  # UTF-16/32 text is full of NUL bytes
    control = len(data.translate(None, TEXT_BYTES))
    return control > len(data) * 0.05


def _wide(data: bytes, encoding: str) -> Decoded:
    try:
        return data.decode(encoding), encoding, ()
    except UnicodeDecodeError:
        return data.decode(encoding, "replace"), encoding, (f"{encoding} with invalid bytes replaced by U+FFFD",)


def _utf8(data: bytes) -> Decoded | None:
    """UTF-8, repaired line by line when some lines are not: a line with valid multi-byte UTF-8 in it gets U+FFFD
    for its bad bytes (stray bytes), a line with none is a legacy cp1252 line (mixed files). None when nothing
    beyond ASCII is valid UTF-8, or when over 1% of the bytes would be replaced: then it is not UTF-8."""
    data = data.removeprefix(codecs.BOM_UTF8)
    text = data.decode("utf-8", "surrogateescape")
    bad = len(ESCAPED.findall(text))
    if not bad:
        return text, "utf-8", ()
    if bad == _high_bytes(data):
        return None
    lines, replaced, legacy = [], 0, 0
    for line in data.splitlines(keepends=True):
        decoded, n = ESCAPED.subn("\ufffd", line.decode("utf-8", "surrogateescape"))
        if n and n == _high_bytes(line):
            try:
                decoded, n = line.decode("cp1252"), 0
                legacy += 1
            except UnicodeDecodeError:
                pass
        replaced += n
        lines.append(decoded)
    if replaced > len(data) * 0.01:
        return None  # far more than stray bytes: a legacy multi-byte encoding (cp932, big5) that looked like UTF-8
    warnings = [f"utf-8 with {replaced} invalid byte(s) replaced by U+FFFD"] if replaced else []
    warnings += [f"{legacy} line(s) not in utf-8 decoded as cp1252 (mixed encodings)"] if legacy else []
    return "".join(lines), "utf-8", tuple(warnings)


def _detected(data: bytes) -> Decoded | None:
    """charset_normalizer's pick above a confidence floor. Mostly-ASCII bytes try cp1252 and latin-1 first:
    English news in a legacy encoding is far likelier than big5 or cp932 for sparse high bytes."""
    from charset_normalizer import from_bytes

    floor = 1 - CONFIG.ingest.min_decode_confidence
    mostly_ascii = _high_bytes(data) <= len(data) * 0.1
    best = mostly_ascii and from_bytes(data, cp_isolation=WESTERN, threshold=floor).best()
    best = best or from_bytes(data, threshold=floor).best()
    if best is None:
        return None
    return str(best), best.encoding, (f"decoded as {best.encoding} by detection (confidence {1 - best.chaos:.2f})",)


def decode(data: bytes) -> Decoded | None:
    """(text, encoding, warnings) by evidence: UTF-16/32 (BOM or NUL pattern), UTF-8 (repaired when a few bytes or
    lines are not), then charset detection. Stray NULs are dropped. None when nothing fits confidently."""
    wide = _wide_encoding(data)
    if wide:
        return _wide(data, wide)
    nuls = data.count(0)
    data = data.replace(b"\0", b"")
    decoded = _utf8(data) or _detected(data)
    if decoded and nuls:
        text, encoding, warnings = decoded
        return text, encoding, (f"{nuls} NUL byte(s) removed", *warnings)
    return decoded


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


def _records(name: str, sha: str, text: str, encoding: str, warnings: tuple[str, ...]
             ) -> Iterator[RawDocument | Reject]:
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
            yield RawDocument(name, sha, encoding, "jsonl", record["text"], n, meta, warnings)
        elif isinstance(record.get("html"), str) and record["html"].strip():
            doc = html_to_document(record["html"])
            if doc is None:
                yield Reject(f"{name}#{n}", sha, "no-article", f"line {n}: no article text found in its `html`")
            else:
                yield RawDocument(name, sha, encoding, "jsonl", doc.text, n, {**doc.metadata, **meta}, warnings)
        else:
            yield Reject(f"{name}#{n}", sha, "bad-record", f"line {n} has no `text` or `html` field; add one")


def _content(path: Path, gz: bool, max_bytes: int) -> bytes | None:
    """The file's bytes, decompressed when gzipped, read in chunks; None as soon as they pass max_bytes."""
    chunks, total = [], 0
    with (gzip.open(path) if gz else path.open("rb")) as f:
        while chunk := f.read(CONFIG.ingest.read_chunk_bytes):
            total += len(chunk)
            if total > max_bytes:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def read_file(path: Path, name: str, max_bytes: int = CONFIG.ingest.max_bytes) -> Iterator[RawDocument | Reject]:
    """One regular file (the caller checks that; see `read_raw_dir`). Limits apply to the decompressed bytes."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Reject(name, None, "too-large", f"{size} bytes on disk is over the {max_bytes}-byte limit; split "
                         "the file or raise --max-bytes")
            return
        with path.open("rb") as f:
            sha = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as exc:
        yield Reject(name, None, "unreadable", f"could not read the file ({exc}); check its permissions")
        return
    fmt, gz = file_format(path)
    if fmt is None:
        yield Reject(name, sha, "unsupported-format",
                     f"'{''.join(path.suffixes)}' files are not read; use .txt, .html, .htm, .jsonl (optionally .gz)")
        return
    try:
        data = _content(path, gz, max_bytes)
    except (OSError, EOFError, zlib.error) as exc:
        detail = f"not a valid gzip file ({exc}); re-compress or unzip it" if gz else \
            f"could not read the file ({exc}); check its permissions"
        yield Reject(name, sha, "unreadable", detail)
        return
    if data is None:
        yield Reject(name, sha, "too-large", f"it decompresses to more than the {max_bytes}-byte limit; split the "
                     "file or raise --max-bytes")
        return
    if not data.strip():
        yield Reject(name, sha, "empty", "the file has no text; remove it or re-scrape the page")
        return
    if _looks_binary(data):
        yield Reject(name, sha, "binary", "the file holds binary data, not text; remove it or convert it to text")
        return
    decoded = decode(data)
    if decoded is None:
        yield Reject(name, sha, "undecodable", "no text encoding fits the bytes with confidence; re-save the file "
                     "as UTF-8")
        return
    text, encoding, warnings = decoded
    if fmt == "jsonl":
        yield from _records(name, sha, text, encoding, warnings)
    elif fmt == "html":
        doc = html_to_document(text)
        if doc is None:
            yield Reject(name, sha, "no-article", "no article text found in the HTML; check it is a news page")
        else:
            yield RawDocument(name, sha, encoding, "html", doc.text, None, doc.metadata, warnings)
    else:
        yield RawDocument(name, sha, encoding, "text", text, decode_warnings=warnings)


def _entries(raw_dir: Path) -> Iterator[Path]:
    """Every entry below raw_dir except the real folders walked into; symlinks are never followed. A folder that
    cannot be listed is an entry too."""
    unlistable: list[OSError] = []
    for folder, dirs, files in os.walk(raw_dir, onerror=unlistable.append):  # followlinks=False: lstat semantics
        folder = Path(folder)
        yield from (folder / d for d in dirs if os.path.islink(folder / d))  # symlinked folders: not walked into
        yield from (folder / f for f in files)
    yield from (Path(exc.filename) for exc in unlistable)


def _not_readable(path: Path, name: str, raw_root: Path) -> Reject | None:
    """Why an entry is not read as a file: a symlink leaving RAW, broken or to a folder, or not a regular file.
    Nothing here opens the entry, so a FIFO cannot block and a target outside RAW is never read."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return Reject(name, None, "unreadable", f"could not read the entry ({exc}); check its permissions")
    if stat.S_ISDIR(mode):  # only folders os.walk could not list get here
        return Reject(name, None, "unreadable", "could not list the folder; check its permissions")
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
            return Reject(name, None, "broken-symlink", f"the symlink leads nowhere ({exc}); fix or remove it")
        if not target.is_relative_to(raw_root):
            return Reject(name, None, "symlink-outside-raw", "the symlink points outside the raw folder, which is "
                          "never read; copy the file into the raw folder instead")
        if target.is_dir():
            return Reject(name, None, "symlinked-folder", "symlinked folders are not walked into (they can loop or "
                          "repeat files); copy the folder into the raw folder instead")
        mode = target.stat().st_mode
    if not stat.S_ISREG(mode):
        return Reject(name, None, "not-a-regular-file", "a FIFO, socket or device is not a file to read; remove it "
                      "from the raw folder")
    return None


def read_raw_dir(raw_dir: Path, max_bytes: int = CONFIG.ingest.max_bytes, skip: frozenset[str] = frozenset()
                 ) -> Iterator[RawDocument | Reject]:
    """Every entry below raw_dir, as rows or a `Reject`, in a stable order (sorted relative paths); `skip` names
    (the sidecar manifest) are not inputs. Nothing outside raw_dir is read."""
    raw_dir = Path(raw_dir)
    raw_root = raw_dir.resolve()
    seen: dict[str, str] = {}
    for path in sorted(_entries(raw_dir)):
        name = path.relative_to(raw_dir).as_posix()
        if name in skip:
            continue
        if any(part.startswith(".") for part in path.relative_to(raw_dir).parts):
            yield Reject(name, None, "hidden-file", "hidden files (such as .DS_Store) are not read; rename it to "
                         "include it")
            continue
        problem = _not_readable(path, name, raw_root)
        if problem:
            yield problem
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
