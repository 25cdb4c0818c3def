from newstables.build.ingest import RawDocument, Reject, read_raw_dir


def _read(tmp_path, files: dict[str, bytes]):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {item.source_file: item for item in read_raw_dir(tmp_path)}


def test_bad_files_are_rejected_with_reasons(tmp_path):
    items = _read(tmp_path, {
        "empty.txt": b"",
        "blank.txt": b"   \n\n",
        "binary.txt": bytes(range(256)) * 10,
        "page.html": b"<html></html>",
        "ok.txt": b"Headline here\n\nA body sentence.",
        "copy.txt": b"Headline here\n\nA body sentence.",
    })
    reasons = {name: item.reason for name, item in items.items() if isinstance(item, Reject)}
    assert reasons == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                       "page.html": "unsupported-format", "ok.txt": "duplicate-file"} or \
        reasons == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                    "page.html": "unsupported-format", "copy.txt": "duplicate-file"}
    assert all(item.detail for item in items.values() if isinstance(item, Reject))


def test_non_utf8_text_is_decoded_not_rejected(tmp_path):
    text = "Le ministère a déclaré que la réunion était terminée. " * 5
    items = _read(tmp_path, {"latin.txt": text.encode("cp1252")})
    doc = items["latin.txt"]
    assert isinstance(doc, RawDocument)
    assert "ministère" in doc.text and doc.encoding != "utf-8"


def test_too_large_and_hidden_files(tmp_path):
    (tmp_path / ".hidden.txt").write_text("ignored")
    (tmp_path / "big.txt").write_text("x" * 100)
    items = {i.source_file: i for i in read_raw_dir(tmp_path, max_bytes=10)}
    assert list(items) == ["big.txt"] and items["big.txt"].reason == "too-large"
