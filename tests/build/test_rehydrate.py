"""`newstables rehydrate`: a text-free release plus the user's raw files gives back the full release, byte for byte;
a raw file that changed or is missing leaves its articles withheld, reported one line each."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.build.rehydrate import AlreadyFull, default_output, rehydrate
from newstables.build.release import UnsafeOutput
from newstables.schemas import CONTRACTS
from newstables.validation.layout import MANIFEST, data_hashes, read_table
from newstables.validation.run import validate_folder
from tests_paths import RAW


def _build_info(folder) -> dict:
    return json.loads((folder / MANIFEST).read_text())["build"]


def test_rehydrated_release_equals_the_full_build(release, release_none, tmp_path):
    result = rehydrate(release_none, RAW, tmp_path / "full")
    assert (result.problems, result.text_mode, result.restored) == ([], "full", result.articles)
    assert data_hashes(result.out, CONTRACTS) == data_hashes(release, CONTRACTS)
    assert validate_folder(result.out) == []
    info = _build_info(result.out)
    assert info["text_mode"] == "full"
    assert info["rehydrated_from"] == {"version": "0.1.0", "text_mode": "none", "articles": result.articles,
                                       "restored": result.articles}


def test_a_changed_raw_file_is_reported_and_its_articles_stay_withheld(release_none, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    changed = sorted(p for p in raw.iterdir() if p.is_file())[0]
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 1  # one bit of one byte
    changed.write_bytes(bytes(data))

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["rehydrate", str(release_none), str(raw), "--out", str(out)])
    assert result.exit_code == 1, result.output
    articles = read_table(out, "articles").to_pylist()
    left = [a for a in articles if a["source_file"] == changed.name]
    assert left and all(a["body"] is None for a in left)
    assert all(a["body"] is not None for a in articles if a["source_file"] != changed.name)
    withheld_lines = [line for line in result.output.splitlines() if line.strip().startswith("withheld")]
    assert len(withheld_lines) == len(left) and all(changed.name in line for line in withheld_lines)
    assert "sha256 mismatch" in result.output
    assert _build_info(out)["text_mode"] == "none"  # not every article has its text: still a text-free release
    assert validate_folder(out) == []


def test_refuses_a_full_release_and_an_output_inside_raw(release, release_none, tmp_path):
    with pytest.raises(AlreadyFull):
        rehydrate(release, RAW, tmp_path / "out")
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    with pytest.raises(UnsafeOutput):
        rehydrate(release_none, raw, raw / "out")
    assert default_output(release_none).parent == release_none.resolve().parent
    assert default_output(release_none) != release_none.resolve()
