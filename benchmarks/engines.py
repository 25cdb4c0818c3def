"""The per-article step on each candidate engine: wall time, peak memory, start-up cost and whether the results
equal the in-process ones, on the same articles (docs/decisions/0001-distributed-engine.md).

    .venv/bin/python benchmarks/engines.py --files 200 --workers 2

Engines: `process-pool` (the build's local engine), `ray-data` (the build's `--engine ray`: Ray Data `map_batches`
over an actor pool, local Ray with WORKERS CPUs), `datatrove` (datatrove's LocalPipelineExecutor, one task per batch,
each writing its results to a folder that is read back in order afterwards) and `datatrove-ray` (the same pipeline
on datatrove's RayPipelineExecutor). An engine whose package is missing is reported as such; Ray and datatrove come
from the `ray` extra and a scratch `pip install datatrove`.

Each engine runs in fresh child processes (so nothing is warm): once for start-up and RUNS times on the corpus,
interleaved with the other engines:
- `start-up`: the whole child mapping one batch of one article (interpreter, imports, the engine's start and stop,
  one model load in one worker): what the smallest build pays for the engine;
- `corpus`: the child mapping every batch of the first FILES files; `wall` is the map alone (ingest not counted),
  `first` the seconds to the first result back, `peak PSS` the largest sum of proportional set sizes over the
  child's process tree (driver, workers, Ray's daemons and object store; shared pages counted once), sampled
  every 0.2 s; `CPU s` the user + system seconds of that tree (as last sampled per process), which a busy machine
  changes far less than wall time. `same` says whether the results, in order, equal `in-process`'s (a digest of
  their JSON).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "polnear-train"
ENGINES = ("in-process", "process-pool", "ray-data", "datatrove", "datatrove-ray")


# ---- the child: one engine, one run --------------------------------------------------------------------------------

def _datatrove_task(data, rank: int, world_size: int, fn, folder: str):
    """A datatrove pipeline step: task RANK processes batch RANK and writes its results beside it."""
    with open(f"{folder}/in/{rank:06d}.pkl", "rb") as f:
        result = fn(pickle.load(f))
    with open(f"{folder}/out/.{rank:06d}.tmp", "wb") as f:
        pickle.dump(result, f)
    os.replace(f"{folder}/out/.{rank:06d}.tmp", f"{folder}/out/{rank:06d}.pkl")
    return data


def datatrove_map(fn, items: list, workers: int, on_ray: bool = False):
    """What an executor on datatrove would be: batches written as task inputs, the executor run to its end (its
    completions/ folder is the done-marker), then the results read back in rank order."""
    from datatrove.utils.logging import logger

    logger.remove()  # datatrove logs every task to the console through loguru
    with tempfile.TemporaryDirectory() as folder:
        for sub in ("in", "out"):
            os.mkdir(f"{folder}/{sub}")
        for i, item in enumerate(items):
            with open(f"{folder}/in/{i:06d}.pkl", "wb") as f:
                pickle.dump(item, f)
        step = partial(_datatrove_task, fn=fn, folder=folder)
        if on_ray:
            import ray
            from datatrove.executor import RayPipelineExecutor

            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
            try:
                RayPipelineExecutor(pipeline=[step], tasks=len(items), workers=workers, mem_per_cpu_gb=1,
                                    logging_dir=f"{folder}/logs").run()
            finally:
                ray.shutdown()
        else:
            from datatrove.executor import LocalPipelineExecutor

            LocalPipelineExecutor(pipeline=[step], tasks=len(items), workers=workers,
                                  logging_dir=f"{folder}/logs").run()
        for i in range(len(items)):
            with open(f"{folder}/out/{i:06d}.pkl", "rb") as f:
                yield pickle.load(f)


def engine_map(engine: str, workers: int):
    from newstables.build.execute import make_executor

    if engine == "in-process":
        return make_executor(1).map
    if engine == "process-pool":
        return make_executor(workers).map
    if engine == "ray-data":
        return make_executor(workers, "ray").map
    return partial(datatrove_map, workers=workers, on_ray=engine == "datatrove-ray")


def digest(results: list) -> str:
    plain = [[dataclasses.asdict(r) for r in batch] for batch in results]
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


def child(args) -> None:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import itertools

    from newstables.build.articles import make_articles
    from newstables.build.ingest import Reject, read_raw_dir
    from newstables.build.process import BATCH, StepConfig, batches, process_articles

    documents = (d for d in read_raw_dir(args.raw) if not isinstance(d, Reject))
    articles = [a for d in itertools.islice(documents, args.files) for a in make_articles(d)]
    items = [articles[:1]] if args.startup else batches(articles, BATCH)
    fn = partial(process_articles, config=StepConfig())
    start = time.perf_counter()
    first = None
    results = []
    for result in engine_map(args.child, args.workers)(fn, items):
        first = first if first is not None else time.perf_counter() - start
        results.append(result)
    wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "first": first, "articles": len(articles), "batches": len(items),
                      "digest": digest(results)}))


# ---- the parent: runs children and watches their memory ------------------------------------------------------------

def _tree(root: int) -> list[int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    parents[int(entry.name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = [root], [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parents.items() if pp == pid]
        tree += kids
        todo += kids
    return tree


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _memory(pids: list[int]) -> tuple[int, int]:
    """Sum of (PSS, RSS) in bytes over these processes."""
    pss = rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return pss, rss


def run_child(engine: str, args, startup: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, "--files", str(args.files), "--workers", str(args.workers),
           "--raw", str(args.raw)] + (["--startup"] if startup else [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    peak_pss = peak_rss = 0
    cpu: dict[int, float] = {}  # the last CPU time seen of every process of the tree
    while proc.poll() is None:
        tree = _tree(proc.pid)
        pss, rss = _memory(tree)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        cpu.update({pid: seconds for pid in tree if (seconds := _cpu(pid)) is not None})
        time.sleep(0.2)
    out, err = proc.communicate()
    total = time.perf_counter() - start
    if proc.returncode:
        last = (err.strip().splitlines() or ["?"])[-1]
        return {"error": last[:160]}
    return {**json.loads(out.strip().splitlines()[-1]), "total": total, "pss": peak_pss, "rss": peak_rss,
            "cpu": sum(cpu.values())}


def available(engine: str) -> str | None:
    need = {"ray-data": ["ray"], "datatrove": ["datatrove"], "datatrove-ray": ["datatrove", "ray"]}.get(engine, [])
    import importlib.util

    missing = [m for m in need if importlib.util.find_spec(m) is None]
    return f"not installed: {', '.join(missing)}" if missing else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="raw files to read (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="processes / actors / tasks at once (default 2)")
    parser.add_argument("--runs", type=int, default=1, help="corpus runs per engine; the median is printed")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES[1:]), choices=ENGINES)
    parser.add_argument("--raw", type=Path, default=BENCH, help="raw folder (default: polnear-train)")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--startup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    reference = run_child("in-process", args, startup=False)  # the results every engine must equal
    if "error" in reference:
        sys.exit(f"in-process run failed: {reference['error']}")
    print(f"{reference['articles']} articles ({reference['batches']} batches) from {args.files} files of {args.raw}, "
          f"{args.workers} workers, {os.cpu_count()} CPUs; in-process: {reference['wall']:.1f} s, "
          f"{reference['cpu']:.1f} CPU s")
    print(f"{'engine':<14} {'wall s':>8} {'first s':>8} {'child s':>8} {'CPU s':>7} {'peak PSS MiB':>13} "
          f"{'peak RSS MiB':>13} {'start-up s':>11} {'same':>5}")
    engines = [e for e in args.engines if not available(e)]
    for engine in sorted(set(args.engines) - set(engines), key=args.engines.index):
        print(f"{engine:<14} {available(engine)}")
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    loads = []
    for _ in range(args.runs):  # interleaved, so a busy spell on the machine hits every engine alike
        for engine in engines:
            runs[engine].append(run_child(engine, args, startup=False))
            loads.append(os.getloadavg()[0])
    for engine in engines:
        if any("error" in r for r in runs[engine]):
            print(f"{engine:<14} failed: {next(r['error'] for r in runs[engine] if 'error' in r)}")
            continue
        startup = run_child(engine, args, startup=True)
        med = {k: statistics.median(r[k] for r in runs[engine]) for k in ("wall", "first", "total", "cpu", "pss", "rss")}
        same = all(r["digest"] == reference["digest"] for r in runs[engine])
        print(f"{engine:<14} {med['wall']:8.1f} {med['first']:8.1f} {med['total']:8.1f} {med['cpu']:7.1f} "
              f"{med['pss'] / 2**20:13.0f} "
              f"{med['rss'] / 2**20:13.0f} {startup.get('total', float('nan')):11.1f} {'yes' if same else 'NO':>5}")
        if not same:
            print(f"  in-process digest {reference['digest'][:16]}, {engine}: {[r['digest'][:16] for r in runs[engine]]}")
    if loads:
        print(f"(median of {args.runs} run(s); 1-minute load average after each run: "
              f"{min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} CPUs)")

if __name__ == "__main__":
    main()
