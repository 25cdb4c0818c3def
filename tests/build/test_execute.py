"""A local pool starts only when there are batches; it takes them all at once, so its workers run while this
process does other work before asking for the first result."""

import time

from newstables.build.execute import InProcess, ProcessPool, for_batches


def test_no_batch_starts_no_pool_and_any_batch_goes_to_the_pool():
    pool = ProcessPool(2)
    assert isinstance(for_batches(pool, 0), InProcess)
    assert for_batches(pool, 1) is pool
    assert for_batches(pool, 2) is pool


def test_the_pool_works_before_its_results_are_asked_for(tmp_path):
    items = [[str(tmp_path / "a"), "1"], [str(tmp_path / "b"), "2"]]
    results = ProcessPool(2).map(_write, items)
    deadline = time.monotonic() + 30
    while not all((tmp_path / n).exists() for n in "ab") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]
    assert list(results) == list(InProcess().map(_write, items)) == ["1", "2"]


def _write(item: list[str]) -> str:
    path, text = item
    with open(path, "w") as f:
        f.write(text)
    return text
