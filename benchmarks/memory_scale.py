"""Peak memory of a build as the corpus grows: the 840 polnear-train articles replicated k times.

    python benchmarks/memory_scale.py [--scales 1 4 16] [--workers 2]

Replication: copy c > 0 of each file gets every number replaced and one word in five (words of four letters or
more) swapped for another such word drawn from the same file, with a seeded RNG. Copies then share too few
5-word shingles to be near-duplicates or byte-identical files, yet keep the file's vocabulary, names and
length. Each scale is built cold by the `newstables` command in its own process; the peak resident memory
printed is that of the largest process of the build (the parent, which holds the rows for linking).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "polnear-train"
NEWSTABLES = str(Path(sys.executable).parent / "newstables")
WORD = re.compile(r"\b[A-Za-z]{4,}\b")


def perturb(text: str, rng: random.Random) -> str:
    vocabulary = WORD.findall(text) or ["news"]
    text = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), text)
    return WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < 0.2 else m.group(0), text)


def replicate(raw: Path, copies: int) -> int:
    rng = random.Random(0)
    files = sorted(BENCH.glob("*.txt"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        shutil.copy(path, raw)
        for c in range(1, copies):
            (raw / f"{path.stem}.copy{c}.txt").write_text(perturb(text, rng), encoding="utf-8")
    return len(files) * copies


def peak_rss_mib(raw: Path, out: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the largest process) of one cold build in a child process."""
    started = time.perf_counter()
    subprocess.run([NEWSTABLES, "build", str(raw), "--out", str(out), "--work", str(out.parent / "work"),
                    "--workers", str(workers)], check=True, capture_output=True)
    return time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = None
    for scale in args.scales:  # one child per scale: RUSAGE_CHILDREN is the maximum over those run so far
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw"
            raw.mkdir()
            files = replicate(raw, scale)
            seconds, rss = peak_rss_mib(raw, Path(tmp) / "out", args.workers)
        base = base or rss
        print(f"{scale:>3}x  {files:>6} files  {seconds:7.1f} s  peak RSS {rss:7.0f} MiB  ({rss / base:.2f} of 1x)")


if __name__ == "__main__":
    main()
