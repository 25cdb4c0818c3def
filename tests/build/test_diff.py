"""Versions: `newstables diff` by stable id, and `build --previous` (changelog, changes.json, deletions)."""

import json
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.build.diff import Release, deletions, diff_table, load_release
from newstables.validation.layout import MANIFEST, read_table
from newstables.validation.run import validate_folder
from tests_paths import RAW

runner = CliRunner()
CHANGED, REMOVED = "001_0baa965ca67aa88a.txt", "004_fed92de95dc0327d.txt"


@pytest.fixture(scope="module")
def second(release, tmp_path_factory):
    """The seeds again as 0.2.0, with one raw file edited and one removed, built against the first release."""
    tmp = tmp_path_factory.mktemp("second")
    raw = tmp / "raw"
    shutil.copytree(RAW, raw)
    (raw / REMOVED).unlink()
    with open(raw / CHANGED, "a", encoding="utf-8") as fh:
        fh.write("\nThe Pentagon said on Tuesday that it would send more troops to Iraq.\n")
    result = runner.invoke(app, ["build", str(raw), "--out", str(tmp / "v2"), "--version", "0.2.0",
                                 "--previous", str(release)])
    assert result.exit_code == 0, result.output
    return tmp / "v2"


def _ids(folder, table, column, files):
    t = read_table(folder, table)
    return set(t.filter(pc.is_in(t["source_file"], pa.array(files)))[column].to_pylist())


def test_diff_counts_rows_by_id(release, second):
    changes = json.loads((second / "changes.json").read_text())
    articles = changes["tables"]["articles"]
    # an edited file gets new article ids (they hash its bytes): its articles count as removed and added
    removed, added = _ids(release, "articles", "article_id", [CHANGED, REMOVED]), _ids(second, "articles",
                                                                                       "article_id", [CHANGED])
    assert (articles["removed"], articles["added"]) == (len(removed), len(added))
    assert articles["new_rows"] == articles["old_rows"] - len(removed) + len(added)
    assert set(articles["examples"]["removed"]) <= removed
    assert (changes["old_version"], changes["new_version"]) == ("0.1.0", "0.2.0")


def test_a_changed_key_field_is_reported(release):
    events = read_table(release, "events")
    first, types = events["event_id"][0].as_py(), events["event_type"].to_pylist()
    types[0] = "PROTEST" if types[0] != "PROTEST" else "ASSAULT"
    flipped = events.set_column(events.schema.get_field_index("event_type"), "event_type", pa.array(types))
    summary, key_changes = diff_table("events", events, flipped)
    assert summary["changed"] == 1 and summary["added"] == summary["removed"] == 0
    assert summary["changed_columns"] == {"event_type": 1}
    assert [(c["id"], c["field"]) for c in key_changes] == [(first, "event_type")]


def test_diff_json_is_parseable_and_text_has_tables(release, second):
    result = runner.invoke(app, ["diff", str(release), str(second), "--json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert changes == json.loads((second / "changes.json").read_text())
    text = runner.invoke(app, ["diff", str(release), str(second)])
    assert text.exit_code == 0 and "rows by stable id" in text.stdout and "articles" in text.stdout


def test_previous_writes_changelog_changes_and_deletions(release, second):
    card = (second / "README.md").read_text()
    assert "## Changelog" in card and "### 0.2.0 (compared with 0.1.0)" in card
    assert "changes.json" in json.loads((second / MANIFEST).read_text())["files"]
    gone = read_table(second, "deletions").to_pylist()
    assert {d["removed_in"] for d in gone} == {"0.2.0"}
    assert {d["deleted_id"] for d in gone if d["table"] == "articles"} == _ids(release, "articles", "article_id",
                                                                       [CHANGED, REMOVED])
    assert read_table(release, "deletions").num_rows == 0  # built without --previous


def test_deletions_carry_over_until_the_id_returns(second):
    v2 = load_release(second)
    carried = deletions(v2, v2.tables, "0.3.0").to_pylist()
    assert carried == read_table(second, "deletions").to_pylist()  # still gone: kept, with the version that lost it
    back = carried[0]
    tables = dict(v2.tables)
    tables[back["table"]] = _with_id(v2, back["table"], back["deleted_id"])
    assert back["deleted_id"] not in {d["deleted_id"] for d in deletions(v2, tables, "0.3.0").to_pylist()}


def _with_id(release: Release, table: str, row_id: str) -> pa.Table:
    """The table with its first row given `row_id`: enough for deletions, which reads ids only."""
    t = release.tables[table]
    key = t.column_names[0]
    return t.set_column(0, key, pa.array([row_id] + t[key].to_pylist()[1:]))


def test_both_releases_validate_and_load_deletions(release, second):
    from datasets import load_dataset

    assert validate_folder(second) == []
    assert runner.invoke(app, ["validate", str(second)]).exit_code == 0
    assert load_dataset(str(second), "deletions", split="train").num_rows == read_table(second, "deletions").num_rows
    # a first release has no deletions: its config is an empty Parquet file, which `datasets` 5.x cannot load
    # ("corresponds to no data"); pandas, DuckDB and pyarrow read it as 0 rows
    assert read_table(release, "deletions").num_rows == 0


def test_a_revised_story_pairs_its_rows_and_reports_a_changed_speaker(release):
    """An edited file gives its story new ids; its quotes pair with their old version by their words, so a
    speaker that changed is a key-field change, not one quote removed and another added."""
    from newstables.build.diff import diff_releases

    old = load_release(release)
    articles, quotes = old.tables["articles"], old.tables["quotes"]
    story = articles["article_id"][0].as_py()
    renamed = {story: "art_revised"}
    new_articles = articles.set_column(0, "article_id", pa.array([renamed.get(i, i) for i in
                                                                  articles["article_id"].to_pylist()]))
    rows = quotes.to_pylist()
    mine = [r for r in rows if r["article_id"] == story and r["speaker_name"]]
    for r in rows:
        if r["article_id"] == story:
            r["quote_id"], r["article_id"] = "re_" + r["quote_id"], "art_revised"
    mine[0]["speaker_name"] = "Someone Else"
    new = Release("0.2.0", {**old.tables, "articles": new_articles,
                            "quotes": pa.Table.from_pylist(rows, schema=quotes.schema)}, "")
    changes = diff_releases(old, new)
    assert changes["revised_articles"] == [{"old": story, "new": "art_revised"}]
    assert changes["tables"]["quotes"]["revised"] == sum(r["article_id"] == "art_revised" for r in rows)
    speaker = [c for c in changes["key_changes"] if c["table"] == "quotes"]
    assert [(c["field"], c["new"]) for c in speaker] == [("speaker_name", "Someone Else")]
