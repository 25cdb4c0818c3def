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
        "page.pdf": b"%PDF-1.4",
        "ok.txt": b"Headline here\n\nA body sentence.",
        "copy.txt": b"Headline here\n\nA body sentence.",
    })
    reasons = {name: item.reason for name, item in items.items() if isinstance(item, Reject)}
    assert reasons == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                       "page.pdf": "unsupported-format", "ok.txt": "duplicate-file"} or \
        reasons == {"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
                    "page.pdf": "unsupported-format", "copy.txt": "duplicate-file"}
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
    items = {i.source_file: i.reason for i in read_raw_dir(tmp_path, max_bytes=10)}
    assert items == {".hidden.txt": "hidden-file", "big.txt": "too-large"}


def test_utf16_with_bom_is_text_and_late_nul_is_binary(tmp_path):
    text = "Talks resume in Vienna on Monday, officials said. " * 20
    items = _read(tmp_path, {"u16.txt": text.encode("utf-16"),
                             "nul.txt": (text * 50).encode() + b"\x00tail"})
    assert isinstance(items["u16.txt"], RawDocument) and items["u16.txt"].text.startswith("Talks resume")
    assert items["nul.txt"].reason == "binary"
