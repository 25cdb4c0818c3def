"""Executors run the per-article step over many articles. Swapping one never changes the output:
results come back in input order and the steps share no state."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator


class InProcess:
    name = "in-process"

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return map(fn, items)


class ProcessPool:
    """One spaCy model per worker process (loaded lazily on the first article it gets)."""

    name = "process-pool"

    def __init__(self, workers: int):
        self.workers = workers

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, items, chunksize=4)


def make_executor(workers: int) -> InProcess | ProcessPool:
    return InProcess() if workers <= 1 else ProcessPool(workers)
