"""Incremental rebuild and resume after a kill, on real news (the first N files of ../shared/bench/polnear-train).

    python benchmarks/incremental.py [--files 840] [--workers 2] [--changed 0.01]

Prints seconds for: a full build; a rebuild after a share of the files changed (each changed file gets one
sentence appended, so its articles are new); a build killed with SIGKILL once its first extract shards are
done, then resumed. Checks that the rebuilt and resumed releases are byte-identical to uninterrupted builds of
the same files.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newstables.schemas import CONTRACTS
from newstables.validation.layout import data_hashes

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "polnear-train"
NEWSTABLES = str(Path(sys.executable).parent / "newstables")  # the console script beside this interpreter


def build(raw: Path, out: Path, work: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run([NEWSTABLES, "build", str(raw), "--out", str(out),
                    "--work", str(work), "--workers", str(workers)], check=True, capture_output=True)
    return time.perf_counter() - started


def killed_then_resumed(raw: Path, out: Path, work: Path, workers: int) -> tuple[int, float]:
    """(shards finished before the kill, seconds to resume)."""
    proc = subprocess.Popen([NEWSTABLES, "build", str(raw), "--out", str(out),
                             "--work", str(work), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shards = work / "extract"
    while proc.poll() is None and len([p for p in shards.glob("*") if (p / "_done").exists()]) < 3:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len([p for p in shards.glob("*") if (p / "_done").exists()])
    return finished, build(raw, out, work, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=840)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--changed", type=float, default=0.01, help="share of files changed before the rebuild")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        raw.mkdir()
        files = sorted(BENCH.glob("*.txt"))[:args.files]
        for f in files:
            shutil.copy(f, raw)
        full = build(raw, tmp / "out", tmp / "work", args.workers)
        step = max(1, round(1 / args.changed))
        for f in sorted(raw.iterdir())[::step]:
            f.write_text(f.read_text(encoding="utf-8") + "\nThe campaign did not respond to a request for comment.\n",
                         encoding="utf-8")
        rebuild = build(raw, tmp / "out", tmp / "work", args.workers)
        fresh = build(raw, tmp / "fresh", tmp / "fresh-work", args.workers)
        finished, resume = killed_then_resumed(raw, tmp / "resumed", tmp / "resumed-work", args.workers)
        print(f"{len(files)} files, {args.workers} worker(s)")
        print(f"full build:                         {full:7.1f} s")
        print(f"rebuild, {len(files[::step])} files changed ({args.changed:.0%}):   {rebuild:7.1f} s  "
              f"({rebuild / full:.2f} of a full build)")
        print(f"resume after SIGKILL ({finished} shards kept): {resume:7.1f} s  ({resume / fresh:.2f} of a full build)")
        same = {name: data_hashes(tmp / name, CONTRACTS) for name in ("out", "fresh", "resumed")}
        print(f"rebuilt == fresh build: {same['out'] == same['fresh']}; "
              f"resumed == fresh build: {same['resumed'] == same['fresh']}")


if __name__ == "__main__":
    main()
