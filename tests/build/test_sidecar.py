import json
import shutil
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.build.link.evidence import date_relation
from newstables.build.pipeline import build_dataset
from newstables.build.pubdate import parse_published
from newstables.build.sidecar import Sidecar, SidecarError, load_sidecar, read_sidecar, sidecar_names
from newstables.validation.layout import read_table

from tests_paths import RAW


def _csv(tmp_path, text, name="manifest.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_sidecar(path)


@pytest.mark.parametrize("value, problem", [
    ("yesterday", "is not a valid date"), ("next Tuesday", "is not a valid date"),
    ("3 days ago", "is not a valid date"),
    ("March 5", "is not a valid date"), ("2021-13-01", "is not a valid date"), ("2021-02-30", "is not a valid date"),
    ("2099-01-01", "is outside 1800-01-01.."), ("0001-01-01", "is outside 1800-01-01.."),
])
def test_bad_dates_are_errors_naming_the_row(tmp_path, value, problem):
    sidecar = _csv(tmp_path, f"file,url,published_at\nz.txt,u,2021\nb.txt,u,2021\na.txt,https://a,{value}\n")
    assert sidecar.rows["a.txt"] == {"url": ("https://a", "manifest")}  # only the bad field is dropped
    [warning] = sidecar.warnings
    assert warning.startswith(f"manifest.csv row 4 (file a.txt): published_at {value!r} {problem}")
    assert parse_published(value) is None  # page metadata: unused, never guessed


@pytest.mark.parametrize("value, expected", [
    ("2021-03-05", (datetime(2021, 3, 5, tzinfo=UTC), "day")), ("2021-03-05T10:00:00+02:00", (datetime(2021, 3, 5, 8, tzinfo=UTC), "day")),
    ("2021", (datetime(2021, 1, 1, tzinfo=UTC), "year")), ("2021-03", (datetime(2021, 3, 1, tzinfo=UTC), "month")),
    ("5 March 2021", (datetime(2021, 3, 5, tzinfo=UTC), "day")), ("March 5, 2021", (datetime(2021, 3, 5, tzinfo=UTC), "day")),
])
def test_absolute_dates_are_accepted(tmp_path, value, expected):
    sidecar = _csv(tmp_path, f'file,published_at\na.txt,"{value}"\n')
    assert sidecar.warnings == [] and sidecar.rows["a.txt"]["published_at"] == (value, "manifest")
    assert parse_published(value) == expected


def test_latin1_csv_is_read_with_a_warning(tmp_path):
    sidecar = _csv(tmp_path, "file,title\na.txt,Café à Paris\n", encoding="latin-1")
    assert sidecar.rows["a.txt"]["title"] == ("Café à Paris", "manifest")
    assert sidecar.warnings == ["manifest.csv is not UTF-8; read as Windows-1252 (Latin-1). Save it as UTF-8 "
                                "to be sure"]


def test_bad_jsonl_lines_are_dropped_with_warnings(tmp_path):
    path = tmp_path / "manifest.jsonl"
    path.write_text('[1, 2]\n{"file": ["a.txt", "b.txt"]}\nnot json\n{"title": "no file"}\n'
                    '{"file": "c.txt", "url": "https://c"}\n{"file": "c.txt", "url": "https://again"}\n')
    sidecar = read_sidecar(path)
    assert sidecar.rows == {"c.txt": {"url": ("https://c", "manifest")}}
    assert sidecar.warnings == [
        "manifest.jsonl line 1: [1, 2] is not a JSON object. Row dropped",
        "manifest.jsonl line 2: `file` must name a raw file, got ['a.txt', 'b.txt']. Row dropped",
        "manifest.jsonl line 3: not JSON (Expecting value). Row dropped",
        "manifest.jsonl line 4: `file` must name a raw file, got nothing. Row dropped",
        "manifest.jsonl line 6 (file c.txt): the file is already described on manifest.jsonl line 5. Row dropped",
    ]


def test_unbalanced_quote_drops_the_swallowed_rows(tmp_path):
    sidecar = _csv(tmp_path, 'file,url,outlet\na.txt,"https://a,A\nb.txt,https://b,B\nc.txt,https://c",C\n'
                             'd.txt,https://d,D\ne.txt,https://e,E,extra\n')
    assert list(sidecar.rows) == ["d.txt"]
    assert sidecar.warnings == [
        'manifest.csv row 2: a value spans rows 2-4; an unbalanced quote (") probably joined rows. Rows dropped',
        "manifest.csv row 6: more values than the header has columns; quote values that contain commas. Row dropped",
    ]


def test_unusable_sidecars_raise_one_line(tmp_path):
    (tmp_path / "meta.txt").write_text("file,url\n")
    (tmp_path / "nofile.csv").write_text("name,url\na.txt,u\n")
    (tmp_path / "binary.csv").write_bytes(b"file\x00\x01\x02")
    for name in ("missing.csv", "meta.txt", "nofile.csv", "binary.csv"):
        with pytest.raises(SidecarError) as exc:
            read_sidecar(tmp_path / name)
        assert "\n" not in str(exc.value) and name in str(exc.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(st.sampled_from('file,url,published_at\n"\r x.txt2021-03-05'), max_size=200).map(str.encode),
    st.lists(st.one_of(st.text(max_size=20), st.from_type(dict), st.builds(
        lambda f, d: json.dumps({"file": f, "published_at": d}), st.one_of(st.text(max_size=8), st.integers(),
                                                                         st.lists(st.integers())),
        st.text(max_size=12)))).map(lambda lines: "\n".join(map(str, lines)).encode()),
), suffix=st.sampled_from([".csv", ".jsonl"]))
def test_any_bytes_give_a_sidecar_or_sidecar_error(tmp_path, data, suffix):
    path = tmp_path / f"manifest{suffix}"
    path.write_bytes(data)
    try:
        result = read_sidecar(path)
    except SidecarError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(result, Sidecar)
    assert all("\n" not in w and "\r" not in w for w in result.warnings)


def test_both_default_manifests_use_the_csv_and_skip_both(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,url\na.txt,https://a\n")
    (tmp_path / "manifest.jsonl").write_text('{"file": "a.txt", "url": "https://other"}\n')
    path, sidecar = load_sidecar(tmp_path)
    assert path.name == "manifest.csv" and sidecar.rows["a.txt"]["url"] == ("https://a", "manifest")
    assert sidecar.warnings == ["manifest.jsonl in the raw folder was ignored: manifest.csv is the sidecar used; "
                                "merge them into one"]
    assert {"manifest.csv", "manifest.jsonl"} <= sidecar_names(tmp_path, path)
    (tmp_path / "sub").mkdir()
    assert "sub/meta.csv" in sidecar_names(tmp_path, tmp_path / "sub" / "meta.csv")


def test_rows_matching_no_file_are_listed(tmp_path):
    sidecar = _csv(tmp_path, "file,url\na.txt,https://a\nsub\\b.txt,https://b\n")
    assert sidecar.unmatched({"a.txt", "sub/b.txt"}) == [
        "manifest.csv row 3 (file sub\\b.txt): no such file was read from the raw folder; use its path relative to "
        "the raw folder, with forward slashes"]


def test_year_one_dates_do_not_crash_event_merging():
    def mention(start):
        return {"month_day": None, "date_precision": "day", "month": None, "date_start": start, "date_end": start,
                "date_text": None}

    assert date_relation(mention(date.min), mention(date.min)) == "same"
    assert date_relation(mention(date.min), mention(date(2021, 3, 5))) == "conflict"


def test_build_publishes_with_sidecar_warnings(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    seed = sorted(RAW.glob("*.txt"))[0]
    shutil.copy(seed, raw / seed.name)
    (raw / "manifest.csv").write_text(f"file,url,published_at\n{seed.name},https://seed.example/1,0001-01-01\n"
                                      "gone.txt,https://gone.example,2021-03-05\n")
    result = build_dataset(raw, tmp_path / "out", "0.1.0")
    assert result.rows["articles"] >= 1 and not result.rejects
    bad_date, unmatched = result.warnings
    assert bad_date.startswith(f"manifest.csv row 2 (file {seed.name}): published_at '0001-01-01' is outside 1800")
    assert unmatched.startswith("manifest.csv row 3 (file gone.txt): no such file was read from the raw folder")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["build"]["sidecar"]["file"] == "manifest.csv"
    assert manifest["build"]["sidecar"]["warnings"] == result.warnings
    assert {i["source_file"] for i in manifest["build"]["inputs"]} == {seed.name}
    articles = read_table(tmp_path / "out", "articles").to_pylist()
    assert articles[0]["url"] == "https://seed.example/1" and articles[0]["published_at_source"] != "manifest"

    cli = CliRunner().invoke(app, ["build", str(raw), "--out", str(tmp_path / "strict"), "--strict"])
    assert cli.exit_code == 1  # --strict: sidecar warnings fail the build like rejects do
    printed = [line.strip() for line in cli.output.splitlines() if line.strip().startswith("warning ")]
    assert printed == [f"warning {w}" for w in result.warnings]  # one line each


def test_missing_manifest_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "story.txt").write_text("A story.")
    cli = CliRunner().invoke(app, ["build", str(tmp_path / "raw"), "--out", str(tmp_path / "out"),
                                   "--manifest", str(tmp_path / "missing.csv")])
    [line] = [line for line in cli.output.splitlines() if "missing.csv" in line]  # long, yet not wrapped
    assert cli.exit_code == 2 and line.endswith("cannot be read (No such file or directory); check the --manifest path")
