"""Throughput of the per-article step relative to the spaCy parser alone.

On the first N files of a raw folder (default: the polnear-train bench corpus), times in one run
(a) raw `nlp.pipe` over the article bodies, with the same loaded pipeline, and
(b) the per-article step (`process_articles`: parse plus every extractor) over the same articles,
and prints both and their ratio: parser time / step time, 1.0 meaning the step runs as fast as the parser.

    .venv/bin/python benchmarks/extract_throughput.py --files 200 --workers 1

With --workers > 1 both run on that many processes (the step through the build's ProcessPool), so each
also pays for loading the model in its workers. With --build it also times a whole cold build of the same files
(ingest, extraction, linking, validation, publishing; an empty work folder) and prints parser / build.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
import time
from pathlib import Path

from newstables.build.articles import make_articles
from newstables.build.execute import make_executor
from newstables.build.extract.places import geocode
from newstables.build.ingest import Reject, read_raw_dir
from newstables.build.nlp import load_nlp
from newstables.build.process import BATCH, batches, process_articles

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "polnear-train"


def load_articles(raw: Path, files: int) -> list:
    documents = (d for d in read_raw_dir(raw) if not isinstance(d, Reject))
    return [a for d in itertools.islice(documents, files) for a in make_articles(d)]


def warm_up(articles: list) -> None:
    """Load the model and the extractors' lazy tables (the city table alone takes seconds) outside the timings:
    a fixed cost per process, not throughput."""
    process_articles(articles[:1])
    geocode("Baghdad")


def time_parser(bodies: list[str], workers: int, batch: int) -> float:
    nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=batch, n_process=workers):
        pass
    return time.perf_counter() - start


def time_step(articles: list, workers: int, batch: int) -> float:
    start = time.perf_counter()
    for _ in make_executor(workers).map(process_articles, batches(articles, batch)):
        pass
    return time.perf_counter() - start


def time_build(raw: Path, files: int, workers: int) -> float:
    from newstables.build.pipeline import build_dataset

    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "raw"
        subset.mkdir()
        for path in sorted(p for p in raw.iterdir() if p.is_file())[:files]:
            shutil.copy(path, subset)
        start = time.perf_counter()
        build_dataset(subset, Path(tmp) / "out", "0.1.0", workers=workers, work=Path(tmp) / "work")
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="raw files to read (default 200)")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1: in-process)")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"articles per nlp.pipe batch (default {BATCH})")
    parser.add_argument("--raw", type=Path, default=BENCH, help="raw folder (default: polnear-train)")
    parser.add_argument("--build", action="store_true", help="also time a whole cold build of the same files")
    args = parser.parse_args()

    articles = load_articles(args.raw, args.files)
    warm_up(articles)
    parse = time_parser([a.body for a in articles], args.workers, args.batch)
    step = time_step(articles, args.workers, args.batch)
    print(f"{len(articles)} articles from {args.files} files, {args.workers} worker(s), batch {args.batch}")
    print(f"parser (nlp.pipe):  {parse:7.2f} s")
    print(f"per-article step:   {step:7.2f} s")
    print(f"ratio parser/step:  {parse / step:7.3f}")
    if args.build:
        build = time_build(args.raw, args.files, args.workers)
        print(f"whole build:        {build:7.2f} s")
        print(f"ratio parser/build: {parse / build:7.3f}")


if __name__ == "__main__":
    main()
