"""The command line itself: version, help, the raw-folder checks, and what `info` shows."""

import re
from importlib.metadata import version

import pyarrow as pa
import pyarrow.parquet as pq
import typer
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.validation.layout import shard_files

runner = CliRunner()


def _command_paths(group, prefix=()):
    """Every command and group of the app, as argument lists."""
    yield list(prefix)
    for name, command in getattr(group, "commands", {}).items():
        yield from _command_paths(command, (*prefix, name))


def test_version_prints_and_exits_0():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"newstables {version('newstables')}"


def test_h_is_help_everywhere_and_shows_no_flag_types():
    paths = list(_command_paths(typer.main.get_command(app)))
    assert ["build"] in paths and ["eval", "quotes"] in paths
    for path in paths:
        result = runner.invoke(app, [*path, "-h"])
        assert result.exit_code == 0 and result.output == runner.invoke(app, [*path, "--help"]).output, path
        assert "Usage:" in result.output and "-h, --help" in result.output
        assert "<bool>" not in result.output and "list[" not in result.output, path
        # typer marks a required argument {NAME}; a lower-case {name} is a parameter's Python name leaking out
        assert not re.search(r"\{[a-z_]+\}", result.output), path


def test_empty_raw_folder_exits_1_unless_allowed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / ".DS_Store").write_bytes(b"\0")  # hidden files are not news
    refused = runner.invoke(app, ["build", str(raw), "--out", str(tmp_path / "out")])
    assert refused.exit_code == 1 and not (tmp_path / "out").exists()
    [line] = [line for line in refused.output.splitlines() if line.strip()]
    assert "holds no news files" in line and "--allow-empty" in line
    allowed = runner.invoke(app, ["build", str(raw), "--out", str(tmp_path / "out"), "--allow-empty"])
    assert allowed.exit_code == 0, allowed.output
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_a_file_passed_as_a_folder_is_named_as_such(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("A story.")
    for command in (["build"], ["validate"], ["info"]):
        result = runner.invoke(app, [*command, str(story), *(["--out", str(tmp_path / "out")] if command == ["build"]
                                                              else [])])
        [line] = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2 and "is a file, not a folder; pass the folder that holds it" in line, command
    missing = runner.invoke(app, ["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "does not exist; pass the folder of raw news files" in missing.output


def test_info_shows_null_rates_top_values_and_sample_rows(release):
    result = runner.invoke(app, ["info", str(release)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "published_at: timestamp[us, tz=UTC]  nulls " in text  # a type in brackets is not taken as markup
    assert "source_format: text (" in text  # a category's top values with their counts
    assert text.count("3 sample row(s):") >= 3 and "    1. article_id=art_" in text
    samples = [line for line in text.splitlines() if line.startswith("    1. article_id=")]
    assert samples and all("; body=" in line and "…" in line for line in samples)  # bodies cut short


def test_published_at_is_a_utc_timestamp_in_the_parquet(release):
    utc = pa.timestamp("us", tz="UTC")
    articles = pq.read_schema(release / shard_files(release, "articles")[0])
    catalog = pq.read_schema(release / shard_files(release, "entity_catalog")[0])
    assert articles.field("published_at").type == utc
    assert catalog.field("first_article_date").type == catalog.field("last_article_date").type == utc
