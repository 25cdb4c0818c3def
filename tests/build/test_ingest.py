import gzip
import os
import resource
import signal
import zlib
from dataclasses import replace

import pytest

from newstables.build.ingest import RawDocument, Reject, decode, read_raw_dir

BODY = "Talks resume in Vienna on Monday, officials said. The Shi’ite bloc said it “will attend”.\n" * 10


def _read(tmp_path, files: dict[str, bytes], **kwargs):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {item.source_file: item for item in read_raw_dir(tmp_path, **kwargs)}


def _reasons(items: dict) -> dict[str, str]:
    return {name: item.reason for name, item in items.items() if isinstance(item, Reject)}


def test_bad_files_are_rejected_with_reasons(tmp_path):
    items = _read(tmp_path, {
        "empty.txt": b"",
        "blank.txt": b"   \n\n",
        "binary.txt": bytes(range(256)) * 10,
        "image.txt": b"\x89PNG\r\n\x1a\n" + zlib.compress(os.urandom(4000)),
        "packed.txt": zlib.compress(BODY.encode() * 20),
        "page.pdf": b"%PDF-1.4",
        "ok.txt": b"Headline here\n\nA body sentence.",
        "copy.txt": b"Headline here\n\nA body sentence.",
    })
    assert _reasons(items) == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                               "image.txt": "binary", "packed.txt": "binary", "page.pdf": "unsupported-format",
                               "ok.txt": "duplicate-file"}  # sorted order: copy.txt is read first
    assert all(item.detail for item in items.values() if isinstance(item, Reject))


def test_too_large_and_hidden_files(tmp_path):
    (tmp_path / ".hidden.txt").write_text("ignored")
    (tmp_path / "big.txt").write_text("x" * 100)
    items = {i.source_file: i.reason for i in read_raw_dir(tmp_path, max_bytes=10)}
    assert items == {".hidden.txt": "hidden-file", "big.txt": "too-large"}


# Nothing outside the raw folder is read; every entry that is not a plain file is a reject with its own reason.

def test_symlinks_never_leave_raw(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir(), outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:secret\n")
    (outside / "docs").mkdir()
    (outside / "docs" / "a.txt").write_text("outside story\n")
    (raw / "page.txt").write_text(BODY)
    (raw / "inner").mkdir()
    (raw / "inner" / "story.txt").write_text("Inner story.\n")
    os.symlink(outside / "secret.txt", raw / "passwd.txt")
    os.symlink("../outside/secret.txt", raw / "relative.txt")
    os.symlink(outside / "docs", raw / "docs")
    os.symlink(raw / "inner", raw / "linked-inner")
    os.symlink("page.txt", raw / "same.txt")  # inside RAW: read, and a duplicate of page.txt
    items = list(read_raw_dir(raw))
    by_name = {i.source_file: i for i in items}
    assert _reasons(by_name) == {"passwd.txt": "symlink-outside-raw", "relative.txt": "symlink-outside-raw",
                                 "docs": "symlink-outside-raw", "linked-inner": "symlinked-folder",
                                 "same.txt": "duplicate-file"}
    assert by_name["passwd.txt"].sha256 is None and by_name["docs"].sha256 is None
    assert not any("secret" in i.text or "outside story" in i.text for i in items if isinstance(i, RawDocument))
    assert [i.source_file for i in items] == sorted(by_name, key=lambda n: n.split("/"))
    assert "outside the raw folder" in by_name["passwd.txt"].detail
    assert "not walked into" in by_name["linked-inner"].detail


def test_broken_and_looping_symlinks(tmp_path):
    os.symlink("missing.txt", tmp_path / "broken.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    items = list(read_raw_dir(tmp_path))
    assert {i.source_file: i.reason for i in items} == {
        "a.txt": "broken-symlink", "b.txt": "broken-symlink", "broken.txt": "broken-symlink",
        "loop.txt": "broken-symlink"}
    assert all(i.detail.startswith("the symlink leads nowhere") for i in items)


def _timeout(signum, frame):
    raise TimeoutError("reading the raw folder blocked")


def test_fifo_is_rejected_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("pipe.txt", tmp_path / "to-pipe.txt")
    (tmp_path / "page.txt").write_text(BODY)
    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(10)  # opening a FIFO blocks until a writer comes: fail instead of hanging the suite
    try:
        items = {i.source_file: i for i in read_raw_dir(tmp_path)}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert _reasons(items) == {"pipe.txt": "not-a-regular-file", "to-pipe.txt": "not-a-regular-file"}
    assert isinstance(items["page.txt"], RawDocument)


def test_skip_names_are_not_inputs(tmp_path):
    items = _read(tmp_path, {"manifest.csv": b"source_file,title\n", "page.txt": BODY.encode()},
                  skip=frozenset({"manifest.csv"}))
    assert list(items) == ["page.txt"]


# Limits apply to decompressed bytes, read as a stream.

def test_gzip_bomb_is_rejected_while_streaming(tmp_path):
    spaces = b" " * (1 << 20)
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wb", compresslevel=1) as f:  # ~200 MB -> under 1 MB on disk
        for _ in range(200):
            f.write(spaces)
    with gzip.open(tmp_path / "page.html.gz", "wb") as f:
        f.write(b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    items = {i.source_file: i for i in read_raw_dir(tmp_path, max_bytes=5_000_000)}
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    bomb = items["bomb.jsonl.gz"]
    assert bomb.reason == "too-large" and "decompresses to more than" in bomb.detail and "--max-bytes" in bomb.detail
    assert bomb.sha256 and len(bomb.sha256) == 64  # of the bytes on disk
    assert grown_mb < 100
    small = {i.source_file: i.reason for i in read_raw_dir(tmp_path, max_bytes=1000) if isinstance(i, Reject)}
    assert small["page.html.gz"] == "too-large"  # 10 kB decompressed, though under 1000 bytes on disk


def test_corrupt_gzip_is_unreadable(tmp_path):
    good = gzip.compress(BODY.encode() * 50)
    items = _read(tmp_path, {"cut.jsonl.gz": good[: len(good) // 2], "junk.html.gz": b"\x1f\x8b\x08\x00garbage"})
    assert _reasons(items) == {"cut.jsonl.gz": "unreadable", "junk.html.gz": "unreadable"}


# Decoding by evidence: repairs and guesses are kept as warnings, never silent.

def test_clean_unicode_has_no_warnings(tmp_path):
    items = _read(tmp_path, {"u8.txt": b"\xef\xbb\xbf" + BODY.encode(), "u16.txt": BODY.encode("utf-16"),
                             "u16le.txt": BODY.encode("utf-16-le"), "u16be.txt": BODY.encode("utf-16-be")})
    assert {n: (d.encoding, d.text, d.decode_warnings) for n, d in items.items()} == {
        "u8.txt": ("utf-8", BODY, ()), "u16.txt": ("utf-16", BODY, ()),
        "u16le.txt": ("utf-16-le", BODY, ()), "u16be.txt": ("utf-16-be", BODY, ())}


def test_stray_bytes_in_utf8_are_replaced_not_mojibake():
    data = BODY.encode().replace(b"Monday,", b"Mon\x92\x81day,\xa0\xff\xfe", 1)
    text, encoding, warnings = decode(data)
    assert encoding == "utf-8" and "Shi’ite" in text and "“will attend”" in text
    assert text.count("\ufffd") == 5
    assert warnings == ("utf-8 with 5 invalid byte(s) replaced by U+FFFD",)


def test_legacy_western_english_is_cp1252_with_a_warning(tmp_path):
    text = "The café’s naïve owner said “quotes” matter. " + "The council met on Monday to discuss it.\n" * 8
    items = _read(tmp_path, {"latin.txt": text.encode("cp1252"),
                             "french.txt": ("Le ministère a déclaré que la réunion était terminée. " * 5).encode(
                                 "latin-1")})
    doc = items["latin.txt"]
    assert doc.text == text and doc.encoding == "cp1252"
    assert doc.decode_warnings == ("decoded as cp1252 by detection (confidence 1.00)",)
    french = items["french.txt"]
    assert "ministère" in french.text and french.encoding in ("cp1252", "latin_1") and french.decode_warnings


def test_mixed_utf8_and_cp1252_lines_are_repaired_with_a_warning():
    legacy = "The café owner was naïve, “quotes” said.\n"
    data = BODY.encode() + legacy.encode("cp1252") * 3 + BODY.encode()
    text, encoding, warnings = decode(data)
    assert text == BODY + legacy * 3 + BODY and encoding == "utf-8"
    assert warnings == ("3 line(s) not in utf-8 decoded as cp1252 (mixed encodings)",)


def test_other_legacy_encodings_are_still_detected():
    for sample, encoding in (("政府は月曜日に会談を再開すると発表した。" * 10, "cp932"),
                             ("Министерство заявило, что встреча завершилась. " * 5, "cp1251")):
        text, found, warnings = decode(sample.encode(encoding))
        assert (text, found) == (sample, encoding) and warnings[0].startswith(f"decoded as {encoding} by detection")


def test_stray_nul_bytes_are_removed_not_binary(tmp_path):
    data = BODY.encode()
    items = _read(tmp_path, {"nul.txt": data[:100] + b"\x00" + data[100:] + b"\x00",
                             "late.txt": data * 50 + b"\x00tail"})
    doc = items["nul.txt"]
    assert isinstance(doc, RawDocument) and doc.text == BODY and doc.decode_warnings == ("2 NUL byte(s) removed",)
    assert items["late.txt"].text.endswith("tail")


def test_nothing_fits_is_undecodable(tmp_path, monkeypatch):
    import newstables.build.ingest as ingest
    from newstables.build.config import CONFIG

    strict = replace(CONFIG, ingest=replace(CONFIG.ingest, min_decode_confidence=1.01))  # no guess is good enough
    monkeypatch.setattr(ingest, "CONFIG", strict)
    items = _read(tmp_path, {"odd.txt": "Le ministère a déclaré.".encode("cp1252") * 5})
    assert items["odd.txt"].reason == "undecodable"


@pytest.mark.parametrize("data", [b"plain ascii", "UTF-8 ’".encode(), b"\x00\x00"])
def test_decode_returns_text_encoding_and_warnings(data):
    text, encoding, warnings = decode(data)
    assert isinstance(text, str) and encoding and isinstance(warnings, tuple)
