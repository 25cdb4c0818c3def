"""Corpus regression suite: every corpus under ../shared/dev and ../shared/bench builds and publishes, with no
row quarantined, every raw file accounted for and no prose file rejected. Skipped where ../shared is absent
(a user's clone); CI has it. Prints seconds per corpus."""

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from tests_paths import ROOT

SHARED = ROOT.parent / "shared"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent (a user's clone); CI has it")
ACCEPTED_REJECTS = {"duplicate-file"}  # a byte-identical copy is accounted for by its twin's rows


def _page_text_files(tmp: Path) -> Path:
    """ScrapingHub's whole-page texts come as one JSON file: one raw .txt file per page, as a scraper writes."""
    raw = tmp / "scrapinghub-pages"
    raw.mkdir()
    pages = json.loads((SHARED / "dev/scrapinghub/page-text.json").read_text(encoding="utf-8"))["output"]
    for page_id, page in pages.items():
        (raw / f"{page_id}.txt").write_text(page["articleBody"], encoding="utf-8")
    return raw


CORPORA = {
    "polnear-dev": lambda tmp: SHARED / "dev/polnear-dev/text",
    "scrapinghub-pages": _page_text_files,
    "scrapinghub-html": lambda tmp: SHARED / "dev/scrapinghub/html",
    "ggt-dev": lambda tmp: SHARED / "dev/ggt-dev/text",
    "case-dev": lambda tmp: SHARED / "dev/case-dev/snippets",
    "polnear-train": lambda tmp: SHARED / "bench/polnear-train",
}


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_publishes_with_every_file_accounted_for(name, tmp_path, capsys):
    from newstables.build.pipeline import build_dataset

    raw = CORPORA[name](tmp_path)
    started = time.perf_counter()
    result = build_dataset(raw, tmp_path / "out", "0.1.0", workers=2)
    seconds = time.perf_counter() - started
    files = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()}
    reasons = Counter(r.reason for r in result.rejects)
    with capsys.disabled():
        print(f"\n[corpus] {name}: {len(files)} files, {result.rows['articles']} articles, rejects "
              f"{dict(reasons) or 0}, quarantined {sum(result.quarantined.values())}, {seconds:.0f} s")
    assert sum(result.quarantined.values()) == 0, result.quarantined
    assert {i["source_file"].split("#")[0] for i in result.inputs} == files
    assert set(reasons) <= ACCEPTED_REJECTS, [(r.source_file, r.reason, r.detail) for r in result.rejects]
