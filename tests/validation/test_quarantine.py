"""Row-level failures are quarantined, not fatal: the release publishes without them, each held row names the
check it failed and its input file, and --strict turns any quarantine into exit 1."""

import json
import shutil

from typer.testing import CliRunner

from newstables.build import pipeline
from newstables.build.cli import app
from newstables.validation.run import validate_folder
from tests_paths import RAW


def _plant_faults(monkeypatch):
    """The per-article step returns one duplicated quote and one mention whose span misses its text."""
    real = pipeline.process_articles

    def faulty(articles, config):
        [rows] = real(articles, config)
        rows.quotes.append(dict(rows.quotes[0]))
        rows.mentions[0]["char_end"] += 2
        return [rows]

    monkeypatch.setattr(pipeline, "process_articles", faulty)


def _raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "001_0baa965ca67aa88a.txt", raw)
    return raw


def test_planted_duplicate_id_and_bad_span_are_quarantined_and_strict_exits_1(monkeypatch, tmp_path):
    _plant_faults(monkeypatch)
    raw, out = _raw(tmp_path), tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(raw), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "quarantined" in result.output
    assert validate_folder(out) == []  # what is published is valid
    held = {t: [json.loads(line) for line in (out / f"quarantine/{t}.jsonl").read_text().splitlines()]
            for t in ("quotes", "entities")}
    assert [e["checks"] for e in held["quotes"]] == [["quote_id: duplicate id"]]
    assert any("body[char_start:char_end] == text" in c for c in held["entities"][0]["checks"])
    assert {e["source_file"] for entries in held.values() for e in entries} == {"001_0baa965ca67aa88a.txt"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["quarantine"]["quotes"]["count"] == 1 and manifest["quarantine"]["entities"]["count"] == 1
    assert "Quarantined rows" in (out / "README.md").read_text()

    strict = CliRunner().invoke(app, ["build", str(raw), "--out", str(out), "--strict"])
    assert strict.exit_code == 1 and "--strict" in strict.output
