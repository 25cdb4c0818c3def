"""Publishing: OUT is replaced only when newstables wrote it, one build at a time, never losing the old release;
pool workers die with a killed build; `validate` checks the manifest against the data and the card."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.build.pipeline import build_dataset
from newstables.build.release import OutputBusy, UnsafeOutput, output_lock, publish
from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.layout import GENERATOR, MANIFEST, read_table, sha256_file
from newstables.validation.run import validate_folder
from tests_paths import RAW

runner = CliRunner()


def _manifest(folder):
    return json.loads((folder / MANIFEST).read_text())


def _write_manifest(folder, manifest):
    (folder / MANIFEST).write_text(json.dumps(manifest))


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- what may be replaced ---------------------------------------------------------------------------------

@pytest.mark.parametrize("manifest", ['{"name": "my-extension"}', "not json {", "[1, 2]",
                                      '{"generator": "newstables"}'])
def test_a_folder_newstables_did_not_write_is_refused_and_untouched(tmp_path, manifest):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / MANIFEST).write_text(manifest)
    (thesis / "thesis.tex").write_text(r"\documentclass{article}")
    before = _snapshot(thesis)
    with pytest.raises(UnsafeOutput, match="not a newstables release.*choose another folder or remove it yourself"):
        build_dataset(RAW, thesis, "0.1.0")
    assert _snapshot(thesis) == before


def test_a_release_without_the_marker_is_refused(release_copy):
    manifest = _manifest(release_copy)
    assert manifest.pop("generator") == GENERATOR
    _write_manifest(release_copy, manifest)
    with pytest.raises(UnsafeOutput, match="lacks the newstables marker"):
        build_dataset(RAW, release_copy, "0.1.0")
    result = runner.invoke(app, ["build", str(RAW), "--out", str(release_copy)])
    assert result.exit_code == 2 and "not a newstables release" in result.output


def test_out_and_raw_must_not_nest(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Headline\n\nSome body text that is long enough to be an article.")
    with pytest.raises(UnsafeOutput, match="inside the raw folder"):
        build_dataset(raw, raw / "deep" / "er" / "out", "0.1.0")
    with pytest.raises(UnsafeOutput, match="holds the raw folder"):
        build_dataset(raw, tmp_path, "0.1.0")
    assert [p.name for p in raw.rglob("*")] == ["a.txt"]  # not even a lock file was made inside RAW


# --- one build per OUT, and recovery from a killed one -----------------------------------------------------

def test_a_second_build_into_the_same_out_fails_at_once(tmp_path):
    out = tmp_path / "release"
    with output_lock(out, RAW):
        with pytest.raises(OutputBusy, match=f"another newstables build is writing .*release \\(pid {os.getpid()}\\)"):
            build_dataset(RAW, out, "0.1.0")
        result = runner.invoke(app, ["build", str(RAW), "--out", str(out)])
        assert result.exit_code == 2 and "wait for it to finish" in result.output
    with output_lock(out, RAW):  # free again once the first build is done
        pass


def test_a_release_moved_aside_by_a_killed_build_is_restored_then_replaced(release, tmp_path):
    out = tmp_path / "release"
    shutil.copytree(release, tmp_path / ".release.old-123")  # killed between publish's two renames
    (tmp_path / ".release.tmp-456" / "data").mkdir(parents=True)  # a half-written build
    with output_lock(out, RAW) as restored:
        assert restored == tmp_path / ".release.old-123"
        assert _manifest(out)["version"] == "0.1.0" and not (tmp_path / ".release.tmp-456").exists()
        tables = {name: read_table(release, name).cast(arrow_schema(contract))
                  for name, contract in CONTRACTS.items()}
        publish(tables, [], _manifest(release)["build"], out, "0.2.0", RAW)
    assert _manifest(out)["version"] == "0.2.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".release.lock", "release"]


def test_an_old_copy_is_dropped_only_beside_a_newstables_release(release, tmp_path):
    out = tmp_path / "release"
    shutil.copytree(release, out)
    shutil.copytree(release, tmp_path / ".release.old-1")  # killed while removing the old copy
    with output_lock(out, RAW) as restored:
        assert restored is None
    assert not (tmp_path / ".release.old-1").exists()

    shutil.rmtree(out)
    out.mkdir()
    (out / "notes.txt").write_text("someone else's")  # OUT is not ours: the old copy may be the only release
    shutil.copytree(release, tmp_path / ".release.old-2")
    with pytest.raises(UnsafeOutput):
        with output_lock(out, RAW):
            pass
    assert (tmp_path / ".release.old-2" / MANIFEST).is_file()


POOL_SCRIPT = textwrap.dedent("""
    import os, signal, time
    from newstables.build.execute import ProcessPool

    def work(i):
        time.sleep(0.02)
        return os.getpid()

    if __name__ == "__main__":
        seen = set()
        for pid in ProcessPool(2).map(work, range(100_000)):
            seen.add(pid)
            if len(seen) == 2:
                print(*seen, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)  # the build is killed while its workers are busy
""")


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_pool_workers_die_with_a_killed_parent(tmp_path):
    import time

    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    parent = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert parent.returncode == -9, parent.stderr
    workers = [int(pid) for pid in parent.stdout.split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, workers))


# --- validate: the manifest against the data and the card --------------------------------------------------

def test_validate_and_info_catch_edited_row_counts(release_copy):
    manifest = _manifest(release_copy)
    manifest["tables"]["articles"]["rows"] = 999
    _write_manifest(release_copy, manifest)
    assert "manifest.json says 999 rows, the shards hold 9" in [f.check for f in validate_folder(release_copy)]
    info = runner.invoke(app, ["info", str(release_copy)])
    assert info.exit_code == 0
    assert "articles: 9 rows" in info.output and "manifest.json says 999" in info.output


def test_validate_catches_a_version_the_card_does_not_state(release_copy):
    manifest = _manifest(release_copy)
    manifest["version"] = "9.9.9"
    _write_manifest(release_copy, manifest)
    assert [f.check for f in validate_folder(release_copy)] == [
        "manifest.json says version '9.9.9', README.md states '0.1.0'"]


@pytest.mark.parametrize("key", ["files", "tables", "rejects"])
@pytest.mark.parametrize("value", [["README.md"], "README.md", 3, None])
def test_validate_reports_a_wrongly_typed_manifest_entry(release_copy, key, value):
    manifest = _manifest(release_copy)
    manifest[key] = value
    _write_manifest(release_copy, manifest)
    result = runner.invoke(app, ["validate", str(release_copy)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a failure, not a traceback
    assert f"`{key}` should be a JSON object" in result.output
    assert runner.invoke(app, ["info", str(release_copy)]).exit_code == 2


def test_validate_catches_edited_card_features(release_copy):
    card = release_copy / "README.md"
    text = card.read_text()
    edited = text.replace("  - name: source_record\n    dtype: int32", "  - name: source_record\n    dtype: int64", 1)
    assert edited != text
    card.write_text(edited)
    manifest = _manifest(release_copy)
    manifest["files"]["README.md"] = sha256_file(card)  # a careful edit: the checksum alone won't catch it
    _write_manifest(release_copy, manifest)
    failures = validate_folder(release_copy)
    assert [(f.layer, f.table, f.check, f.examples) for f in failures] == [
        ("card", "articles", "README.md dataset_info features differ from the contract", ["source_record"])]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
# Entries any change of which must be reported.
CHECKED = [("generator",), ("version",), ("files",), ("tables",), ("rejects",), ("files", "README.md"),
           ("tables", "quotes"), ("tables", "articles", "rows"), ("tables", "events", "shards"),
           ("tables", "events", "shards", 0), ("tables", "events", "shards", 0, "sha256"),
           ("tables", "events", "shards", 0, "path"), ("rejects", "count")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(whole=st.booleans(), where=st.sampled_from(CHECKED), value=JSON)
def test_validate_reports_any_manifest_edit_without_raising(release_copy, whole, where, value):
    original = _manifest(release_copy)
    try:
        if whole:
            (release_copy / MANIFEST).write_text(json.dumps(value))
        else:
            manifest = json.loads(json.dumps(original))
            *parents, key = where
            holder = manifest
            for p in parents:
                holder = holder[p]
            if holder[key] == value:
                return
            holder[key] = value
            _write_manifest(release_copy, manifest)
        assert validate_folder(release_copy)
    finally:
        _write_manifest(release_copy, original)
