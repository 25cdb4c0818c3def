"""The extract stage's work folder: a rebuild extracts only what changed, a killed build resumes from its finished
shards, and either way the release is byte-identical to an uninterrupted build."""

import shutil
from functools import partial

import pytest

from newstables.build import pipeline
from newstables.build.pipeline import build_dataset
from newstables.build.process import batches
from newstables.build.work import conform
from newstables.schemas.work import QUOTE_WORK
from newstables.schemas import CONTRACTS
from newstables.validation.layout import data_hashes
from tests_paths import RAW


REAL_STEP = pipeline.process_articles


class Killed(BaseException):
    """A kill: not an Exception, so nothing in the build catches it."""


def _count_extracted(monkeypatch, fail_on_call: int | None = None) -> list[int]:
    """Counts the articles handed to the extract step; optionally dies on the Nth batch, as a killed build."""
    sizes = []

    def counted(articles, config):
        if fail_on_call is not None and len(sizes) + 1 == fail_on_call:
            raise Killed
        sizes.append(len(articles))
        return REAL_STEP(articles, config)

    monkeypatch.setattr(pipeline, "process_articles", counted)
    monkeypatch.setattr(pipeline, "batches", partial(batches, size=2))
    return sizes


def test_a_rebuild_extracts_nothing_and_is_identical(release, tmp_path, monkeypatch):
    work = tmp_path / "work"
    build_dataset(RAW, tmp_path / "first", "0.1.0", work=work)
    extracted = _count_extracted(monkeypatch)
    again = build_dataset(RAW, tmp_path / "again", "0.1.0", work=work).out
    assert extracted == []
    assert data_hashes(again, CONTRACTS) == data_hashes(release, CONTRACTS)


def test_a_killed_build_resumes_from_its_finished_shards(release, tmp_path, monkeypatch):
    work = tmp_path / "work"
    _count_extracted(monkeypatch, fail_on_call=3)
    with pytest.raises(Killed):
        build_dataset(RAW, tmp_path / "out", "0.1.0", work=work)
    assert not (work / "id_registry.parquet").exists()  # ids are registered only once a release is published
    extracted = _count_extracted(monkeypatch)
    resumed = build_dataset(RAW, tmp_path / "out", "0.1.0", work=work).out
    assert sum(extracted) == 9 - 4  # two finished batches of two articles were kept
    assert data_hashes(resumed, CONTRACTS) == data_hashes(release, CONTRACTS)


def _built_then_changed(tmp_path):
    """(raw, work): the seeds built once with this work folder, then one file changed; its name is CHANGED."""
    raw, work = tmp_path / "raw", tmp_path / "work"
    shutil.copytree(RAW, raw)
    build_dataset(raw, tmp_path / "out", "0.1.0", work=work)
    changed = raw / CHANGED
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe ministry said talks would resume.\n",
                       encoding="utf-8")
    return raw, work


CHANGED = "001_0baa965ca67aa88a.txt"


def test_a_changed_file_is_the_only_one_extracted_again(tmp_path, monkeypatch):
    raw, work = _built_then_changed(tmp_path)
    extracted = _count_extracted(monkeypatch)
    build_dataset(raw, tmp_path / "out", "0.1.0", work=work)
    assert sum(extracted) == 1  # 001 holds one story


def test_rows_with_undeclared_keys_cannot_cross_a_stage():
    row = {name: None for name in QUOTE_WORK.names}
    assert conform(row, QUOTE_WORK) == row
    with pytest.raises(ValueError, match="undeclared keys"):
        conform({**row, "weak": True}, QUOTE_WORK)


def test_a_rebuild_segments_only_the_changed_files(tmp_path, monkeypatch):
    from newstables.build import work as work_module

    raw, work = _built_then_changed(tmp_path)
    uncached = tmp_path / "uncached-work"
    shutil.copytree(work, uncached)
    shutil.rmtree(uncached / "segment")  # the same registry and extract results, no segmented articles
    real_segment, segmented = work_module.make_articles, []

    def counted(doc, sidecar=None):
        segmented.append(doc.source_file)
        return real_segment(doc, sidecar)

    monkeypatch.setattr(work_module, "make_articles", counted)
    cached = build_dataset(raw, tmp_path / "cached", "0.1.0", work=work).out
    assert segmented == [CHANGED]
    fresh = build_dataset(raw, tmp_path / "fresh", "0.1.0", work=uncached).out
    assert len(segmented) == 1 + 5  # every file segmented again
    assert data_hashes(cached, CONTRACTS) == data_hashes(fresh, CONTRACTS)
