"""Incremental validation: rows that passed are not checked again, changed rows are, and a damaged record file is
never trusted."""

import json

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from newstables.validation import run
from newstables.validation.cache import ValidationCache, cached_validation
from newstables.validation.layout import read_table
from newstables.schemas import CONTRACTS


@pytest.fixture
def tables(release):
    return {name: read_table(release, name) for name in CONTRACTS}


@pytest.fixture
def checked(monkeypatch):
    """The rows handed to pandera and GX, per table (GX: per call)."""
    seen = {"pandera": {}, "gx": []}
    failure_cases, gx_failures = run._failure_cases, run._gx_failures

    def pandera_spy(schema, df):
        seen["pandera"][schema.name] = seen["pandera"].get(schema.name, 0) + len(df)
        return failure_cases(schema, df)

    def gx_spy(frames, *args):
        seen["gx"].append({name: len(df) for name, df in frames.items()})
        return gx_failures(frames, *args)

    monkeypatch.setattr(run, "_failure_cases", pandera_spy)
    monkeypatch.setattr(run, "_gx_failures", gx_spy)
    return seen


def _validate(tables, cache=None, with_gx=False):
    frames = {name: t.to_pandas() for name, t in tables.items()}
    if cache is None:
        return run.validate_tables(frames, with_gx=with_gx, tables=tables)
    with cached_validation(cache):
        return run.validate_tables(frames, with_gx=with_gx, tables=tables)


def _break_one_entity_span(tables):
    """The first entity's text no longer matches the body at its offsets."""
    entities = tables["entities"]
    text = entities.column("text").to_pylist()
    text[0] = text[0] + "x"
    index = entities.schema.get_field_index("text")
    return {**tables, "entities": entities.set_column(index, entities.schema.field(index), pa.array(text))}


def test_a_second_run_checks_nothing_and_gx_is_not_called(tables, tmp_path, checked):
    cache_file = tmp_path / "validated.json"
    assert _validate(tables, ValidationCache(cache_file), with_gx=True) == []
    assert checked["gx"] and checked["pandera"]["entities"] == tables["entities"].num_rows
    checked["pandera"].clear(), checked["gx"].clear()
    assert _validate(tables, ValidationCache(cache_file), with_gx=True) == []
    assert checked == {"pandera": {}, "gx": []}


def test_a_changed_row_is_checked_again_alone_and_its_failure_reported(tables, tmp_path, checked):
    cache_file = tmp_path / "validated.json"
    assert _validate(tables, ValidationCache(cache_file)) == []
    checked["pandera"].clear()
    failures = _validate(_break_one_entity_span(tables), ValidationCache(cache_file))
    assert [(f.table, f.count) for f in failures] == [("entities", 1)]
    assert set(checked["pandera"]) == {"entities"}  # the other tables' rows all passed before
    assert checked["pandera"]["entities"] < tables["entities"].num_rows / 4  # only the changed row's chunk


def test_a_dropped_referenced_id_fails_rows_that_passed_before(tables, tmp_path):
    cache_file = tmp_path / "validated.json"
    assert _validate(tables, ValidationCache(cache_file)) == []
    articles = tables["articles"]
    first = articles.column("article_id")[0].as_py()
    fewer = {**tables, "articles": articles.filter(pc.not_equal(articles.column("article_id"), first))}
    failures = _validate(fewer, ValidationCache(cache_file))
    assert any(f.table == "entities" and "references articles.article_id" in f.check for f in failures)


@pytest.mark.parametrize("damage", ["garbage", "forged key", "wrong format"])
def test_a_damaged_record_file_is_ignored(tables, tmp_path, checked, damage):
    cache_file = tmp_path / "validated.json"
    _validate(tables, ValidationCache(cache_file))
    data = json.loads(cache_file.read_text())
    if damage == "garbage":
        cache_file.write_bytes(b"\x00{not json")
    elif damage == "forged key":  # a record of a chunk that never passed, with the old checksum
        data["passed"] = sorted(data["passed"] + ["0" * 64])
        cache_file.write_text(json.dumps(data))
    else:
        data["format"] = 99
        cache_file.write_text(json.dumps(data))
    assert ValidationCache(cache_file).known == set()
    checked["pandera"].clear()
    assert _validate(_break_one_entity_span(tables), ValidationCache(cache_file))
    assert checked["pandera"]["entities"] == tables["entities"].num_rows


def test_without_an_active_cache_every_row_is_checked(tables, tmp_path, checked):
    _validate(tables, ValidationCache(tmp_path / "validated.json"))
    checked["pandera"].clear()
    assert _validate(tables) == []  # as `newstables validate` does: no cache is active
    assert checked["pandera"]["entities"] == tables["entities"].num_rows


def test_a_folder_holding_the_tables_just_checked_is_not_checked_again(release, tables, tmp_path, checked):
    cache = ValidationCache(tmp_path / "validated.json")
    assert _validate(tables, cache) == []
    checked["pandera"].clear()
    copies = {name: t.cast(t.schema) for name, t in tables.items()}  # equal rows, other objects (as publish gets)
    with cached_validation(cache):
        assert run.validate_folder(release, written=copies) == []
    assert not {name for name in checked["pandera"] if not name.endswith("uniqueness")}
