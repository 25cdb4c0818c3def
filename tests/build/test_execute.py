"""A local pool runs only when there is more than one batch to share; one batch runs in this process."""

from newstables.build.execute import InProcess, ProcessPool, for_batches


def test_one_batch_runs_in_this_process_and_more_share_the_pool():
    pool = ProcessPool(2)
    assert isinstance(for_batches(pool, 1), InProcess)
    assert isinstance(for_batches(pool, 0), InProcess)
    assert for_batches(pool, 2) is pool


def test_one_batch_gives_the_results_a_pool_gives():
    items = [[1, 2], [3]]
    assert list(for_batches(ProcessPool(2), 1).map(sum, items)) == list(ProcessPool(2).map(sum, items)) == [3, 3]
