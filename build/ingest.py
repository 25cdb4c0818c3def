"""Read a raw folder: every file becomes a decoded `RawDocument` or a `Reject` with its reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

TEXT_SUFFIXES = {".txt", ".text", ""}
MAX_BYTES = 50_000_000  # a single news page is far smaller; larger files are almost always dumps or mistakes


@dataclass(frozen=True)
class RawDocument:
    source_file: str  # relative to the raw folder, with forward slashes
    sha256: str
    encoding: str
    text: str


@dataclass(frozen=True)
class Reject:
    source_file: str
    sha256: str | None
    reason: str  # a short code: empty, binary, undecodable, too-large, unsupported-format, duplicate-file, unreadable
    detail: str  # what happened and what the user can do about it


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
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


def read_file(path: Path, name: str, max_bytes: int = MAX_BYTES) -> RawDocument | Reject:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Reject(name, None, "too-large",
                          f"{size} bytes is over the {max_bytes}-byte limit; split the file or raise --max-bytes")
        data = path.read_bytes()
    except OSError as exc:
        return Reject(name, None, "unreadable", f"could not read the file ({exc}); check its permissions")
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return Reject(name, sha, "unsupported-format",
                      f"'{path.suffix}' files are not read yet; convert the page to plain text (.txt)")
    if not data.strip():
        return Reject(name, sha, "empty", "the file has no text; remove it or re-scrape the page")
    if _looks_binary(data):
        return Reject(name, sha, "binary", "the file holds binary data, not text; remove it or convert it to text")
    decoded = decode(data)
    if decoded is None:
        return Reject(name, sha, "undecodable", "no text encoding fits the bytes; re-save the file as UTF-8")
    text, encoding = decoded
    return RawDocument(name, sha, encoding, text)


def read_raw_dir(raw_dir: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | Reject]:
    """Files in a stable order (sorted relative paths); hidden files are skipped."""
    raw_dir = Path(raw_dir)
    seen: dict[str, str] = {}
    paths = sorted(p for p in raw_dir.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts))
    for path in paths:
        name = path.relative_to(raw_dir).as_posix()
        item = read_file(path, name, max_bytes)
        if isinstance(item, RawDocument):
            if item.sha256 in seen:
                item = Reject(name, item.sha256, "duplicate-file",
                              f"byte-identical to {seen[item.sha256]}; its stories are already in the tables")
            else:
                seen[item.sha256] = name
        yield item
