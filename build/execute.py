"""Executors run the per-article step over many batches of articles. Swapping one never changes the output:
results come back in input order and the steps share no state."""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import pickle
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
        """Every item is handed to the workers at once (an item is already a batch of articles), so they work
        while this process does something else before it asks for the first result."""
        items = list(items)
        pool = ProcessPoolExecutor(max_workers=max(1, min(self.workers, len(items))), initializer=_die_with_parent)
        return _results(pool, pool.map(fn, items))


def _results(pool: ProcessPoolExecutor, results: Iterator) -> Iterator:
    with pool:
        yield from results


class EngineMissing(RuntimeError):
    """The chosen engine's packages are not installed."""


ENGINES = ("local", "ray")
RAY_EXTRA = ("--engine ray needs Ray, which is not installed: run `NEWSTABLES_EXTRAS=ray python3 bootstrap.py build "
             "...`, or install the extra into this environment with `pip install --require-hashes --only-binary=:all: "
             "-r requirements.lock -r requirements-ray.lock`")


class _RayStep:
    """A Ray Data actor, alive for the whole map: the spaCy model it loads on its first batch serves every batch
    after. Items and results cross as pickles (an item is a batch of Articles)."""

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, rows: dict) -> dict:
        import numpy as np

        results = [pickle.dumps(self.fn(pickle.loads(item)), protocol=pickle.HIGHEST_PROTOCOL) for item in rows["item"]]
        return {"result": np.array(results, dtype=object)}


class RayData:
    """Ray Data: the items as a dataset (one block each), `map_batches` over an actor pool of `workers` actors,
    results back in input order (`preserve_order`) and as they stream out, so the work folder stores each batch as
    it arrives just as with the local engine. Joins the cluster at RAY_ADDRESS (or one this process already
    joined); else starts a local one with `workers` CPUs and stops it at the end. Workers <= 1: one actor per CPU
    of the cluster. Every node needs this environment (the same locks) installed."""

    name = "ray-data"

    def __init__(self, workers: int):
        try:
            import ray  # noqa: F401  (fail here, before the slow stages, when the extra is missing)
            import ray.data  # noqa: F401
        except ImportError as exc:
            raise EngineMissing(RAY_EXTRA) from exc
        self.workers = workers

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        import ray

        payloads = [{"item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)} for item in items]
        if not payloads:
            return
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # a build never phones home
        started = not ray.is_initialized()
        if started and os.environ.get("RAY_ADDRESS"):
            ray.init(log_to_driver=False, logging_level=logging.WARNING)  # the cluster at RAY_ADDRESS
        elif started:
            ray.init(num_cpus=self.workers if self.workers > 1 else os.cpu_count(), include_dashboard=False,
                     log_to_driver=False, logging_level=logging.WARNING, _node_ip_address="127.0.0.1")
        try:
            context = ray.data.DataContext.get_current()
            context.execution_options.preserve_order = True
            context.enable_progress_bars = False
            context.print_on_execution_start = False
            for handler in logging.getLogger("ray.data").handlers:  # its log file in the Ray session keeps all
                if isinstance(handler, logging.StreamHandler):
                    handler.setLevel(logging.ERROR)  # the console has the build's own progress bar
            actors = self.workers if self.workers > 1 else max(1, int(ray.cluster_resources().get("CPU", 1)))
            actors = min(actors, len(payloads))  # an actor with no batch would load its model for nothing
            dataset = ray.data.from_items(payloads, override_num_blocks=len(payloads))
            results = dataset.map_batches(_RayStep, fn_constructor_args=(fn,), batch_size=1, batch_format="numpy",
                                          compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1)
            for row in results.iter_rows():
                yield pickle.loads(row["result"])
        finally:
            if started:
                ray.shutdown()


Executor = InProcess | ProcessPool | RayData


def for_batches(executor: Executor, count: int) -> Executor:
    """The executor for `count` batches: none start no pool. One batch still goes to a local pool: this process
    meanwhile reads the stored results and imports the checks, and never loads the model itself."""
    return InProcess() if count == 0 and isinstance(executor, ProcessPool) else executor


def make_executor(workers: int, engine: str = "local") -> Executor:
    """`local`: in this process, or a process pool of `workers`; `ray`: Ray Data (see RayData). Raises
    EngineMissing at once when the engine's packages are not installed."""
    if engine == "ray":
        return RayData(workers)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return InProcess() if workers <= 1 else ProcessPool(workers)
