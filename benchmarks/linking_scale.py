"""How build time grows with corpus size, where corpus-level linking dominates.

Makes N tiny JSONL records from the one-paragraph reports in `../shared/dev/case-dev/snippets/*.txt` (record i
uses snippet i mod the number of snippets), builds each N with `build_dataset` into a temporary folder and prints
the seconds it took.

Perturbation (seeded RNG, so every run builds the same corpus): every number in the snippet is replaced by a
random one (1-60), a sentence naming a random official (first name x surname) and a random month-day is
appended, and the record gets a random publication date in 2019-2021. Copies of a snippet therefore differ in
several 5-word shingles, so duplicate detection does not collapse them, while they still share a story and
event vocabulary, as many reports of one conflict do.

    .venv/bin/python benchmarks/linking_scale.py --sizes 1000 2000 4000
    .venv/bin/python benchmarks/linking_scale.py --sizes 2000 --profile 25   # cProfile, top 25 by cumulative time
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newstables.build.pipeline import build_dataset

SNIPPETS = Path(__file__).resolve().parents[2] / "shared" / "dev" / "case-dev" / "snippets"
FIRST = ["Ahmed", "Layla", "Omar", "Sara", "Yusuf", "Hana", "Karim", "Nadia", "Tariq", "Rania", "Samir", "Dalia"]
LAST = ["Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Azzam", "Farouk", "Jaber", "Qasim", "Rahman", "Tamimi"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def perturb(text: str, rng: random.Random) -> str:
    text = re.sub(r"\d+", lambda _: str(rng.randint(1, 60)), " ".join(text.split()))
    official = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return f"{text}. {official}, a local official, said the toll from the {rng.choice(MONTHS)} " \
           f"{rng.randint(1, 28)} attack could rise."


def write_corpus(n: int, snippets: list[str], raw: Path, seed: int) -> None:
    rng = random.Random(seed)
    raw.mkdir(parents=True)
    with (raw / "records.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            published = date(2019, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            record = {"text": perturb(snippets[i % len(snippets)], rng), "published_at": published.isoformat(),
                      "outlet": f"outlet-{rng.randrange(20)}"}
            f.write(json.dumps(record) + "\n")


def run(n: int, snippets: list[str], seed: int, workers: int, profile: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        write_corpus(n, snippets, raw, seed)
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        build_dataset(raw, Path(tmp) / "out", "0.0.0", workers=workers)
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000], help="numbers of records")
    parser.add_argument("--snippets", type=Path, default=SNIPPETS, help="folder of *.txt one-paragraph reports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="LINES",
                        help="print this many lines of a cProfile of each build (slows the build)")
    args = parser.parse_args()
    snippets = [p.read_text(encoding="utf-8").strip() for p in sorted(args.snippets.glob("*.txt"))]
    for n in args.sizes:
        print(f"{n} records: {run(n, snippets, args.seed, args.workers, args.profile):.1f} s", flush=True)


if __name__ == "__main__":
    main()
