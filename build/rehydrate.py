"""`newstables rehydrate DIR RAW`: put the page text back into a release built with `--text none` or `snippets`,
from the user's own copy of the raw files.

Each article's raw file is found by `source_file` and must have the `source_sha256` the release recorded; it is read
and segmented as the build did (ingest.read_file, articles.make_articles), and the body found must have the
release's `body_sha256`. Then the article's withheld columns come from that article, and every withheld span text of
every table is cut from the body at its offsets. An article that fails a check keeps its text withheld and is
reported. The result is published as a new release (release.publish: validated, written atomically, never over a
folder newstables did not write); with every article restored its data shards are byte-identical to a
`--text full` build of the same raw files.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from newstables.build.articles import Article, make_articles
from newstables.build.diff import NotARelease
from newstables.build.ingest import RawDocument, Reject, read_file
from newstables.build.release import REJECTS, output_lock, publish
from newstables.build.text_mode import DEFAULT as FULL_TEXT
from newstables.build.text_mode import withheld_columns
from newstables.schemas import CONTRACTS, Column, Contract, Span, arrow_schema
from newstables.validation.layout import read_jsonl, read_table, sha256_file
from newstables.validation.run import REHYDRATED, read_manifest, text_mode_of


class AlreadyFull(ValueError):
    pass


@dataclass
class RehydrateResult:
    out: Path
    articles: int  # articles whose text the release withheld (quarantined ones included)
    restored: int
    problems: list[str]  # one line per article left withheld, saying why
    text_mode: str  # of the new release: `full` once every article is restored


def default_output(folder: Path) -> Path:
    """`<folder>-rehydrated` beside the release: never the release itself unless the user names it."""
    folder = Path(folder).resolve()
    return folder.parent / f"{folder.name}-rehydrated"


def _raw_problem(raw_dir: Path, source_file: str, sha256: str) -> str | None:
    """Why the raw file cannot give back the article's text, if it cannot."""
    path = raw_dir / source_file
    if not path.resolve().is_relative_to(raw_dir.resolve()):
        return "its source_file points outside the raw folder"
    if not path.is_file():
        return f"{source_file} is not in the raw folder"
    if sha256_file(path) != sha256:
        return f"{source_file} differs from the file the release was built from (sha256 mismatch)"
    return None


def _where(row: dict) -> str:
    record = f"#{row['source_record']}" if row["source_record"] is not None else ""
    return f"{row['article_id']} ({row['source_file']}{record}, story {row['story_index']})"


def _same_shape(row: dict, article: Article, contract: Contract, text_mode: str) -> bool:
    """The re-made article has as many items (pull-quotes) as the row whose fields it fills."""
    return all(len(row[c.name] or []) == len(getattr(article, c.name))
               for c in withheld_columns(contract, text_mode) if c.withheld_fields)


def recover_articles(rows: list[dict], raw_dir: Path, text_mode: str) -> tuple[dict[str, Article], list[str]]:
    """(article_id -> the article segmented again from its raw file, one line per article that could not be)."""
    by_file: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_file[row["source_file"], row["source_sha256"]].append(row)
    found, problems = {}, []
    for (source_file, sha256), wanted in sorted(by_file.items()):
        problem = _raw_problem(raw_dir, source_file, sha256)
        if problem:
            problems += [f"{_where(row)}: {problem}; its text stays withheld" for row in wanted]
            continue
        # The file is the one the build read (same sha256), so it passed the build's size limit already.
        docs = [d for d in read_file(raw_dir / source_file, source_file, sys.maxsize) if isinstance(d, RawDocument)]
        made = {(a.source_record, a.story_index): a for doc in docs for a in make_articles(doc)}
        for row in wanted:
            article = made.get((row["source_record"], row["story_index"]))
            if article is None or article.body_sha256 != row["body_sha256"] \
                    or not _same_shape(row, article, CONTRACTS["articles"], text_mode):
                problems.append(f"{_where(row)}: segmenting {source_file} again does not give the release's article "
                                "(body_sha256 differs: built by another newstables version?); its text stays withheld")
            else:
                found[row["article_id"]] = article
    return found, problems


def _filled(column: Column, value, source):
    """The withheld value put back from the re-made article's `source`."""
    if not column.withheld_fields:
        return source
    return [{**item, **{f: again[f] for f in column.withheld_fields}} for item, again in zip(value, source)]


def restore_row(contract: Contract, row: dict, articles: dict[str, Article], text_mode: str) -> dict:
    """The row with what `text_mode` withheld put back where its article was recovered: an article's own columns
    from the article, span texts cut from its body at their offsets. Text of other articles is left as it is."""
    row = dict(row)
    withheld = {c.name for c in withheld_columns(contract, text_mode)}
    if contract.name == "articles" and row["article_id"] in articles:
        for column in withheld_columns(contract, text_mode):
            row[column.name] = _filled(column, row[column.name], getattr(articles[row["article_id"]], column.name))

    def cut(item: dict, span: Span, article_id: str) -> dict:
        article = articles.get(item.get("article_id", article_id))
        if article is None or item[span.start] is None:
            return item
        return {**item, span.text: article.body[item[span.start]:item[span.end]]}

    for span in contract.spans:
        if span.text and span.within in withheld and span.text in contract.column(span.within).withheld_fields:
            row[span.within] = [cut(item, span, row.get("article_id")) for item in row[span.within]]
        elif span.text in withheld:
            row = cut(row, span, row.get("article_id"))
    return row


def _read_quarantine(release: Path, manifest: dict) -> dict[str, list[dict]]:
    held = {}
    for name, entry in manifest.get("quarantine", {}).items():
        path = entry.get("path") if isinstance(entry, dict) else None
        held[name] = read_jsonl(release / path) if path else []
    return held


def _read_rejects(release: Path) -> list[Reject]:
    return [Reject(**row) for row in read_jsonl(release / REJECTS)]


def rehydrate(release: Path, raw_dir: Path, out: Path | None = None) -> RehydrateResult:
    """Publish `release` with its withheld text restored from `raw_dir` at `out` (default: beside it)."""
    release, raw_dir = Path(release), Path(raw_dir)
    manifest, failures = read_manifest(release)
    if failures:
        raise NotARelease(f"{release} is not a newstables release: {failures[0]}")
    mode = text_mode_of(manifest)
    if mode == FULL_TEXT:
        raise AlreadyFull(f"{release} already carries its text (text mode {FULL_TEXT}); nothing to restore")
    out = Path(out) if out else default_output(release)
    with output_lock(out, raw_dir):  # read inside the lock: OUT may be the release itself
        tables = {name: read_table(release, name).to_pylist() for name in CONTRACTS}
        quarantined = _read_quarantine(release, manifest)
        withheld = [r for r in tables["articles"] + [e["row"] for e in quarantined.get("articles", [])]
                    if r["body"] is None]
        articles, problems = recover_articles(withheld, raw_dir, mode)
        text_mode = FULL_TEXT if not problems else mode
        restored = {name: pa.Table.from_pylist([restore_row(CONTRACTS[name], r, articles, mode) for r in rows],
                                               schema=arrow_schema(CONTRACTS[name], text_mode))
                    for name, rows in tables.items()}
        held = {name: [{**e, "row": restore_row(CONTRACTS[name], e["row"], articles, mode)} for e in entries]
                for name, entries in quarantined.items()}
        build = {**manifest["build"], "text_mode": text_mode,
                 REHYDRATED: {"version": manifest["version"], "text_mode": mode, "articles": len(withheld),
                              "restored": len(articles)}}
        published = publish(restored, _read_rejects(release), build, out, manifest["version"], raw_dir, held)
    return RehydrateResult(published, len(withheld), len(articles), problems, text_mode)
