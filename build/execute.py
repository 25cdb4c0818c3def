"""Executors run the per-article step over many batches of articles. Swapping one never changes the output:
results come back in input order and the steps share no state."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Pool initializer: a killed build must not leave its workers (~300 MB each) running."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if not multiprocessing.parent_process().is_alive():  # the parent died before prctl took effect
        os._exit(1)


class InProcess:
    name = "in-process"

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return map(fn, items)


class ProcessPool:
    """One spaCy model per worker process (loaded lazily on the first batch it gets)."""

    name = "process-pool"

    def __init__(self, workers: int):
        self.workers = workers

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with_parent) as pool:
            yield from pool.map(fn, items)  # an item is already a batch of articles


def make_executor(workers: int) -> InProcess | ProcessPool:
    return InProcess() if workers <= 1 else ProcessPool(workers)
