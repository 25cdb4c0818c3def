"""`newstables` command line: build, validate, info, publish."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

# Click's help layout, not typer's rich panels: those print a flag's type (`--help <bool>`, `--strict <bool>`).
HELP_SETTINGS = dict(rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})
app = typer.Typer(no_args_is_help=True, add_completion=False, **HELP_SETTINGS)
console = Console(stderr=True)
eval_app = typer.Typer(help="Measure extraction quality against gold data.", no_args_is_help=True, **HELP_SETTINGS)
app.add_typer(eval_app, name="eval")
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"


class Engine(str, Enum):  # the engines of execute.make_executor
    local = "local"
    ray = "ray"


# How much page text a release carries (schemas.contract.TEXT_MODES, build/text_mode.py)
TextMode = Enum("TextMode", {mode: mode for mode in ("full", "snippets", "none")}, type=str)


class ArticlesPerSecond(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="cyan")


def _print_version(requested: bool) -> None:
    if requested:
        from importlib.metadata import version

        print(f"newstables {version('newstables')}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the newstables version and exit."),
) -> None:
    """Turn scraped news into validated research tables, packaged as a Hugging Face dataset folder."""


def _fail(message: str, code: int) -> None:
    """One red line saying what is wrong and what to do, then exit."""
    console.print(f"[red]{escape(message)}[/red]", soft_wrap=True)
    raise typer.Exit(code)


def _require_folder(path: Path, expected: str) -> None:
    if path.is_file():
        _fail(f"{path} is a file, not a folder; pass the folder that holds it ({path.parent}).", 2)
    if not path.is_dir():
        _fail(f"{path} does not exist; pass {expected}.", 2)


def _holds_news(raw_dir: Path, manifest: Path | None) -> bool:
    """Whether the build would read any file: sidecars are metadata, and hidden files are only rejected."""
    from newstables.build.sidecar import sidecar_names

    sidecars = sidecar_names(raw_dir, manifest)
    for folder, _, files in os.walk(raw_dir):
        for name in files:
            relative = (Path(folder) / name).relative_to(raw_dir)
            if relative.as_posix() not in sidecars and not any(p.startswith(".") for p in relative.parts):
                return True
    return False


def _print_failures(failures) -> None:
    console.print(f"[red]{len(failures)} validation failure(s):[/red]")
    for f in failures:
        console.print(f"  - {f}", markup=False, soft_wrap=True)


@app.command()
def build(
    raw_dir: Path = typer.Argument(Path("raw"), metavar="RAW_DIR", help="Folder of raw news files."),
    out: Path = typer.Option(Path("release"), "--out", help="Dataset folder to write (replaced atomically)."),
    version: str = typer.Option("0.1.0", "--version", help="Release version, X.Y.Z."),
    workers: int = typer.Option(1, "--workers", help="Processes for the per-article steps (1 = in-process); "
                                "with --engine ray, actors (1 = one per CPU of the cluster)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="Where the per-article steps run: local, or ray "
                                  "(Ray Data: the cluster at RAY_ADDRESS, else a local one; needs the ray extra). "
                                  "The output is byte-identical."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when any input file is rejected "
                                "or the sidecar has warnings."),
    manifest: Path | None = typer.Option(None, "--manifest", help="Sidecar CSV/JSONL of per-file metadata "
                                         "(default: RAW_DIR/manifest.csv or manifest.jsonl when present)."),
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", help="Largest raw file read; larger ones are rejected."),
    work: Path | None = typer.Option(None, "--work", help="Folder that keeps per-article results between builds, "
                                     "so a rebuild extracts only what changed (default: .OUT.work beside OUT)."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", metavar="FILE", help="Extra gazetteer JSONL file(s) "
                                         "of known actors and aliases, added to the shipped one (repeatable)."),
    allow_empty: bool = typer.Option(False, "--allow-empty", help="Build an empty release when RAW_DIR holds no "
                                     "news files (else that is an error)."),
    previous: Path | None = typer.Option(None, "--previous", metavar="DIR", help="An earlier release (OUT itself "
                                         "is fine): adds the card's changelog, changes.json and the deletions "
                                         "config (every id it had and this build has not)."),
    text: TextMode = typer.Option("full", "--text", help="Page text the release carries: full; snippets (bodies "
                                  "withheld, each table keeps its own short spans); none (bodies and every text "
                                  "copied from them withheld; offsets, ids, names and metadata stay). "
                                  "`newstables rehydrate` restores it from your raw files."),
) -> None:
    """Build the dataset folder from RAW_DIR."""
    import re

    from newstables.build.diff import NotARelease
    from newstables.build.execute import EngineMissing
    from newstables.build.nlp import ModelMissing
    from newstables.build.pipeline import build_dataset
    from newstables.build.release import UnsafeOutput, ValidationFailed
    from newstables.build.sidecar import SidecarError

    if not re.match(VERSION_PATTERN, version):
        console.print(f"[red]--version must look like 1.2.3, got {version!r}[/red]")
        raise typer.Exit(2)
    _require_folder(raw_dir, "the folder of raw news files")
    if not allow_empty and not _holds_news(raw_dir, manifest):
        _fail(f"{raw_dir} holds no news files (only a sidecar manifest or hidden files, if anything); add files to it, "
              "or pass --allow-empty to build an empty release.", 1)
    started = time.perf_counter()
    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), ArticlesPerSecond(),
                        TimeElapsedColumn(), console=console, transient=False)
    task = progress.add_task("articles", total=None)
    try:
        with progress:
            result = build_dataset(raw_dir, out, version, workers=workers, engine=engine.value, manifest=manifest,
                                   gazetteers=tuple(gazetteer), max_bytes=max_bytes, work=work, previous=previous,
                                   text_mode=text.value,
                                   on_progress=lambda done, total: progress.update(task, completed=done, total=total))
    except (ModelMissing, EngineMissing, UnsafeOutput, SidecarError, NotARelease) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(3 if isinstance(exc, (ModelMissing, EngineMissing)) else 2)
    except ValidationFailed as exc:
        _print_failures(exc.failures)
        console.print(f"[red]Nothing was published; {escape(str(out))} is unchanged.[/red]")
        raise typer.Exit(1)
    summary = Table(title=f"newstables {version} built in {time.perf_counter() - started:.1f}s")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    summary.add_column("quarantined", justify="right")
    for name, n in result.rows.items():
        summary.add_row(name, str(n), str(result.quarantined.get(name, 0)))
    summary.add_row("rejected files", str(len(result.rejects)), "")
    console.print(summary)
    for r in result.rejects:
        console.print(f"  [yellow]rejected[/yellow] {escape(r.source_file)}: {r.reason} ({escape(r.detail)})")
    for w in result.warnings:  # one line each, however long, so they can be grepped
        console.print(f"  [yellow]warning[/yellow] {escape(w)}", soft_wrap=True)
    held = sum(result.quarantined.values())
    if held:
        console.print(f"  [yellow]quarantined[/yellow] {held} row(s) that failed a row-level check; each is in "
                      f"{escape(str(result.out))}/quarantine/<table>.jsonl with the check and its input file")
    console.print(f"Output: {result.out}", markup=False)
    if strict and (result.rejects or result.warnings or held):
        console.print("[red]--strict: input files were rejected, rows were quarantined or the sidecar has faults "
                      "(listed above; also in rejects.jsonl, quarantine/ and manifest.json).[/red]")
        raise typer.Exit(1)


@app.command()
def validate(folder: Path = typer.Argument(..., metavar="FOLDER", help="A built dataset folder.")) -> None:
    """Validate a dataset folder: checksums, schemas, pandera, GX suites and cross-table keys."""
    from newstables.validation.run import validate_folder

    _require_folder(folder, "a built dataset folder")
    failures = validate_folder(folder)
    if failures:
        _print_failures(failures)
        raise typer.Exit(1)
    console.print(f"[green]{folder}: all tables valid.[/green]")


@app.command()
def rehydrate(
    folder: Path = typer.Argument(..., metavar="DIR", help="A release built with --text none or snippets."),
    raw_dir: Path = typer.Argument(..., metavar="RAW", help="Your copy of the raw files it was built from."),
    out: Path | None = typer.Option(None, "--out", help="Release to write (default: DIR-rehydrated beside DIR; DIR "
                                    "itself only when you name it)."),
) -> None:
    """Restore the page text of a text-free release from your own raw files: each file is checked against the
    release's sha256, segmented again and each body checked by its body_sha256. Articles that fail stay withheld,
    one line each, and the exit code is 1; with all restored the data equal a `build --text full`."""
    from newstables.build.diff import NotARelease
    from newstables.build.rehydrate import AlreadyFull, rehydrate as restore
    from newstables.build.release import UnsafeOutput, ValidationFailed

    _require_folder(folder, "a release folder")
    _require_folder(raw_dir, "the folder of raw news files the release was built from")
    try:
        result = restore(folder, raw_dir, out)
    except (NotARelease, AlreadyFull, UnsafeOutput) as exc:
        _fail(str(exc), 2)
    except ValidationFailed as exc:
        _print_failures(exc.failures)
        _fail("Nothing was written.", 1)
    for problem in result.problems:
        console.print(f"  [yellow]withheld[/yellow] {escape(problem)}", soft_wrap=True)
    console.print(f"Restored the text of {result.restored} of {result.articles} article(s); text mode "
                  f"{result.text_mode}. Output: {escape(str(result.out))}", soft_wrap=True)
    if result.problems:
        raise typer.Exit(1)


@app.command()
def info(folder: Path = typer.Argument(..., metavar="FOLDER", help="A built dataset folder.")) -> None:
    """Print a dataset folder's version, tables, row counts (read from the data), schemas with null rates, top
    values of low-cardinality text columns, sample rows and provenance."""
    import pyarrow.parquet as pq

    from newstables.schemas import CONTRACTS
    from newstables.validation.layout import shard_files
    from newstables.validation.run import count_records, read_manifest

    def counted(actual: int | None, listed, what: str) -> str:  # read from the data, flagged if the manifest differs
        if actual is None:
            return f"[red]? {what} (file missing or unreadable)[/red]"
        flag = "" if actual == listed else f" [red](manifest.json says {listed}; run `newstables validate`)[/red]"
        return f"{actual} {what}{flag}"

    _require_folder(folder, "a built dataset folder")
    manifest, failures = read_manifest(folder)
    if failures:
        console.print(f"[red]{escape(str(folder))} is not a readable newstables build:[/red]")
        for f in failures:
            console.print(f"  - {f}", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    out = Console(file=sys.stdout)
    out.print(f"[bold]{escape(manifest['name'])} {escape(manifest['version'])}[/bold]  ({folder})")
    for name in CONTRACTS:
        shards = shard_files(folder, name)
        try:
            footers = [pq.read_metadata(folder / rel) for rel in shards]
            rows, schema = sum(f.num_rows for f in footers), footers[0].schema.to_arrow_schema()
        except Exception:  # missing or not Parquet: say so, `validate` explains
            rows, schema = None, []
        listed = manifest["tables"].get(name, {}).get("rows")
        out.print(f"\n[bold]{name}[/bold]: {counted(rows, listed, 'rows')}  {len(shards)} shard(s) in data/{name}/")
        profile = _profile([folder / rel for rel in shards], schema) if rows else None
        for field in schema:
            nulls = f"  nulls {profile.null_rates[field.name]:.1%}" if profile else ""
            out.print(f"    {field.name}: {escape(str(field.type))}{'' if field.nullable else ' not null'}{nulls}")
        if profile:
            _print_profile(out, profile)
    rejects = manifest["rejects"]
    try:
        found = count_records(folder / rejects["path"])
    except (OSError, ValueError):
        found = None
    out.print("\n[bold]provenance[/bold]")
    out.print(f"  rejects: {counted(found, rejects['count'], 'entries')} ({escape(rejects['path'])})")
    b = manifest["build"]
    try:
        out.print(f"  python {b['python']}; " + ", ".join(f"{k} {v}" for k, v in b["packages"].items()))
        out.print(f"  nlp: {b['nlp']['model']} {b['nlp']['model_version']} (spaCy {b['nlp']['spacy']}), "
                  f"pipeline {', '.join(b['nlp']['pipeline'])}")
        for i in b["inputs"]:
            status = f"rejected: {i['rejected']}" if i.get("rejected") else f"{i['articles']} article(s)"
            out.print(f"  input {i['source_file']}  sha256 {str(i['sha256'])[:12]}…  {status}")
    except (KeyError, TypeError, AttributeError):  # hand-edited provenance: print what we could
        out.print("  [red](the rest of the provenance in manifest.json is incomplete)[/red]")


@app.command()
def publish(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="A built dataset folder."),
    repo_id: str = typer.Option(..., "--repo-id", help="Hub dataset repo ORG/NAME (created when missing)."),
    tag: str | None = typer.Option(None, "--tag", help="Tag the upload vX.Y.Z: the folder's version."),
    private: bool = typer.Option(False, "--private", help="Create the repo private (an existing repo keeps its "
                                 "visibility)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and list the files that would go up; "
                                 "call nothing."),
) -> None:
    """Publish a dataset folder that validates to the Hugging Face Hub: create the dataset repo, upload the folder
    (the repo then mirrors it), tag the commit. The token comes from HF_TOKEN or `hf auth login`."""
    from huggingface_hub.errors import HfHubHTTPError

    from newstables.build import hub

    _require_folder(folder, "a built dataset folder")
    try:
        if dry_run:
            version = hub.check(folder, repo_id, tag)
            files = hub.release_files(folder)
            out = Console(file=sys.stdout, soft_wrap=True)
            for path, size in files:
                out.print(f"{size:>14,}  {path}", markup=False)
            out.print(f"dry run: would upload {len(files)} files ({sum(s for _, s in files):,} bytes) of newstables "
                      f"{version} to dataset {repo_id}{' (private)' if private else ''}"
                      f"{f' and tag it {tag}' if tag else ''}; nothing was sent", markup=False)
            return
        published = hub.publish(folder, repo_id, tag=tag, private=private)
    except hub.PublishRefused as exc:
        _fail(str(exc), 2 if isinstance(exc, hub.TokenMissing) else 1)
    except HfHubHTTPError as exc:  # e.g. a token without write access: the Hub's own one-line reason
        _fail(f"the Hub refused: {str(exc).splitlines()[0]}", 1)
    console.print(f"[green]Published {escape(repo_id)}[/green]: {escape(published.commit_url)}"
                  + (f" tagged {escape(published.tag)}" if published.tag else ""), soft_wrap=True)



@app.command()
def report(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="A built dataset folder."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="HTML file to write (default: "
                                    "FOLDER.report.html beside the folder; never inside it, where an unlisted file "
                                    "would fail validate)."),
) -> None:
    """Write one self-contained HTML page about a dataset folder: events per type per month, a map of event places,
    top entities, quotes by kind of speaker per outlet, duplicate and story clusters, and data quality (null rates,
    rejects, quarantined rows, the validate verdict). Inline SVG and CSS: it opens offline, fetching nothing."""
    from newstables.build.report.page import OutputInsideRelease, write_report

    _require_folder(folder, "a built dataset folder")
    try:
        written = write_report(folder, out)
    except OutputInsideRelease as exc:
        _fail(str(exc), 2)
    except (FileNotFoundError, ValueError) as exc:  # no manifest, or one newstables cannot read
        _fail(f"{folder} is not a readable newstables build: {exc}", 2)
    console.print(f"Report: {written}", markup=False, soft_wrap=True)

INFO_TOP_VALUES = 5  # most frequent values shown per low-cardinality text column
INFO_MAX_DISTINCT = 20  # a text column with more distinct values than this is free text, not a category
INFO_SAMPLE_ROWS = 3
INFO_VALUE_WIDTH = 60  # characters of a sample or top value shown; bodies run to thousands


@dataclass
class Profile:
    null_rates: dict[str, float]
    top_values: dict[str, list[tuple[str, int]]]
    samples: list[dict]


def _profile(shards: list[Path], schema) -> Profile:
    """Null rates and top values computed by DuckDB over the shards; sample rows from the first shard's head."""
    import duckdb
    import pyarrow.parquet as pq

    con = duckdb.connect()
    con.read_parquet([str(p) for p in shards]).create_view("t")
    names = [f.name for f in schema]
    rows, *present = con.execute(f"SELECT count(*), {', '.join(f'count({_quoted(n)})' for n in names)} FROM t"
                                 ).fetchone()
    batch = next(pq.ParquetFile(shards[0]).iter_batches(batch_size=INFO_SAMPLE_ROWS), None)
    return Profile(null_rates={n: 1 - k / rows for n, k in zip(names, present)},
                   top_values=_top_values(con, {n: k for f, n, k in zip(schema, names, present) if _is_string(f.type)}),
                   samples=batch.to_pylist() if batch is not None else [])


def _quoted(name: str) -> str:  # any column name is safe in SQL, keywords included
    return '"' + name.replace('"', '""') + '"'


def _is_string(dtype) -> bool:
    import pyarrow as pa

    return pa.types.is_string(dtype) or pa.types.is_large_string(dtype)


def _top_values(con, present: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    """Top values of the text columns (name -> non-null count) whose values repeat: a category, not free text."""
    if not present:
        return {}
    distinct = con.execute(f"SELECT {', '.join(f'count(DISTINCT {_quoted(n)})' for n in present)} FROM t").fetchone()
    top = {}
    for (name, rows), n in zip(present.items(), distinct):
        if 0 < n <= INFO_MAX_DISTINCT and 2 * n <= rows:
            top[name] = con.execute(f"SELECT {_quoted(name)}, count(*) AS k FROM t WHERE {_quoted(name)} IS NOT NULL "
                                    f"GROUP BY 1 ORDER BY k DESC, 1 LIMIT {INFO_TOP_VALUES}").fetchall()
    return top


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= INFO_VALUE_WIDTH else text[:INFO_VALUE_WIDTH - 1] + "…"


def _print_profile(out: Console, profile: Profile) -> None:
    if profile.top_values:
        out.print("  top values:")
    for name, values in profile.top_values.items():
        out.print(f"    {name}: " + ", ".join(f"{_short(v)} ({k})" for v, k in values), markup=False)
    out.print(f"  {len(profile.samples)} sample row(s):")
    for i, row in enumerate(profile.samples, 1):
        out.print(f"    {i}. " + "; ".join(f"{k}={_short(v)}" for k, v in row.items()), markup=False, soft_wrap=True)


@app.command()
def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="The earlier release folder."),
    new: Path = typer.Argument(..., metavar="NEW", help="The later release folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the full difference as JSON (as in changes.json)."),
    shown: int = typer.Option(20, "--show", help="Key-field changes listed in the text output."),
) -> None:
    """Rows added, removed and changed per table (by stable id), column changes, and key-field changes
    (an event's type, a quote's speaker, ...) between two releases."""
    import json

    from newstables.build.diff import NotARelease, diff_releases, load_release

    for folder in (old, new):
        _require_folder(folder, "a built dataset folder")
    try:
        changes = diff_releases(load_release(old), load_release(new))
    except NotARelease as exc:
        _fail(str(exc), 2)
    if as_json:
        print(json.dumps(changes, indent=2, ensure_ascii=False, default=str))
        return
    out = Console(file=sys.stdout, soft_wrap=True)
    rows = Table(title=f"newstables {changes['old_version']} -> {changes['new_version']}: rows by stable id")
    for col in ("table", "old", "new", "added", "removed", "changed", "most changed columns"):
        rows.add_column(col, justify="left" if col in ("table", "most changed columns") else "right")
    for name, t in changes["tables"].items():
        top = sorted(t["changed_columns"].items(), key=lambda kv: -kv[1])[:3]
        rows.add_row(name, str(t["old_rows"]), str(t["new_rows"]), str(t["added"]), str(t["removed"]),
                     str(t["changed"]), ", ".join(f"{c} {n}" for c, n in top))
    out.print(rows)
    if changes["revised_articles"]:
        paired = ", ".join(f"{changes['tables'][n]['revised']} {n}" for n in ("quotes", "events"))
        out.print(f"{len(changes['revised_articles'])} article(s) revised (same raw file and story, new text, so new "
                  f"ids): {paired} of theirs paired with their new version, key-field changes below", markup=False)
    for name, t in changes["tables"].items():
        cols = t["columns"]
        for label, names in (("added", cols["added"]), ("removed", cols["removed"])):
            if names:
                out.print(f"{name}: columns {label}: {', '.join(names)}", markup=False)
        for r in cols["retyped"]:
            out.print(f"{name}.{r['column']}: type {r['old']} -> {r['new']}", markup=False)
    key = changes["key_changes"]
    if key:
        table = Table(title=f"key-field changes ({len(key)}; first {min(shown, len(key))})")
        for col in ("table", "id", "field", "old", "new"):
            table.add_column(col)
        for c in key[:shown]:
            table.add_row(c["table"], c["id"], c["field"], escape(str(c["old"])), escape(str(c["new"])))
        out.print(table)
    else:
        out.print("No key-field changes.")


@eval_app.command("articles")
def eval_articles(
    gold_bodies: Path = typer.Option(..., "--gold-bodies", help="JSON {id: {articleBody: gold body}}."),
    pages: Path | None = typer.Option(None, "--pages", help="JSON {output: {id: {articleBody: whole-page text}}}."),
    html: Path | None = typer.Option(None, "--html", help="Folder of <id>.html[.gz] pages (the HTML path)."),
    worst: int = typer.Option(10, "--worst", help="How many of the worst pages to list."),
) -> None:
    """Token-level precision, recall and F1 (micro-averaged) of extracted bodies against gold bodies."""
    from newstables.build.evaluate import articles as ev

    if (pages is None) == (html is None):
        console.print("[red]Give exactly one of --pages (whole-page text JSON) or --html (a folder of pages).[/red]")
        raise typer.Exit(2)
    gold = ev.load_gold(gold_bodies)
    if pages is not None:
        predicted = ev.extract_bodies(ev.load_pages(pages), ev.body_from_page_text)
        label = f"page text ({pages})"
    else:
        predicted = ev.extract_bodies(ev.load_html_pages(html), ev.body_from_html)
        label = f"HTML ({html})"
    report = ev.score(predicted, {k: v for k, v in gold.items() if k in predicted})
    out = Console(file=sys.stdout, soft_wrap=True)
    out.print(f"[bold]articles[/bold] from {label}: {len(report.pages)} pages")
    out.print(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}  (token-level, micro)")
    table = Table(title=f"worst {worst} pages")
    for col in ("page", "F1", "predicted tokens", "gold tokens"):
        table.add_column(col)
    for p in report.worst(worst):
        table.add_row(p.page_id[:16], f"{p.f1:.2f}", str(p.predicted), str(p.gold))
    out.print(table)


@eval_app.command("quotes")
def eval_quotes(
    gold: Path = typer.Option(..., "--gold", help="Gold folder: brat .ann files with their .txt texts, or a ggt "
                              "folder (quotes.jsonl + text/)."),
    format: str = typer.Option("brat", "--format", help="Gold format: `brat` (Source/Cue/Content standoff) or `ggt` "
                               "(quotes with resolved speakers, matched by text in a release built from the texts)."),
    worst: int = typer.Option(10, "--worst", help="How many of the worst documents to list."),
) -> None:
    """Direct and all-quote precision/recall/F1 at overlap 0.3 and 0.8, speaker accuracy (and cue accuracy for
    brat; per speaker_method accuracy and confidence calibration for ggt)."""
    from newstables.build.evaluate import quotes as ev

    if format not in ("brat", "ggt"):
        console.print(f"[red]Unknown gold format {format!r}; use `brat` or `ggt`.[/red]")
        raise typer.Exit(2)
    out = Console(file=sys.stdout, soft_wrap=True)
    if format == "ggt":
        records = ev.load_ggt(gold) if (gold / "quotes.jsonl").is_file() else []
        if not records:
            console.print(f"[red]No quotes.jsonl with texts under {escape(str(gold))}/text found.[/red]")
            raise typer.Exit(2)
        report = ev.evaluate_ggt(records, *ev.build_for_ggt(gold))
        out.print(f"[bold]quotes[/bold] on {len(records)} ggt documents ({gold}); gold matched by text in the built "
                  f"bodies ({report.unlocated['all']} gold quotes not found there count as missed)")
        _print_counts(out, report, (("direct", "direct quotes"), ("all", "all quotes")))
        ok, n = report.accuracy()
        out.print(f"resolved-speaker accuracy (all quotes, matched @0.3): {ok / n if n else 0:.3f} ({ok}/{n})")
        methods = Table(title="speaker accuracy per speaker_method")
        for col in ("speaker_method", "correct", "quotes", "accuracy"):
            methods.add_column(col)
        for method, (ok, n) in report.by_method().items():
            methods.add_row(method, str(ok), str(n), f"{ok / n if n else 0:.3f}")
        out.print(methods)
        calibration = Table(title="calibration: quotes with speaker_confidence >= bound")
        for col in ("bound", "correct", "quotes", "accuracy"):
            calibration.add_column(col)
        for bound, ok, n in report.calibration():
            calibration.add_row(f"{bound:.1f}", str(ok), str(n), f"{ok / n if n else 0:.3f}")
        out.print(calibration)
    else:
        docs = ev.load_brat(gold)
        if not docs:
            console.print(f"[red]No .ann files with a matching .txt found under {escape(str(gold))}.[/red]")
            raise typer.Exit(2)
        report = ev.evaluate(docs, ev.predict_with_pipeline)
        out.print(f"[bold]quotes[/bold] on {len(docs)} documents ({gold}); overlap = |gold ∩ pred| / |gold|")
        _print_counts(out, report, (("direct", "direct quotes"), ("all", "all attributions")))
        for kind, label in (("direct", "direct quotes"), ("all", "all attributions")):
            ok, n = report.speaker[kind]
            cok, cn = report.cue[kind]
            out.print(f"speaker accuracy ({label}, matched @0.3): {ok / n if n else 0:.3f} ({ok}/{n});  "
                      f"cue accuracy: {cok / cn if cn else 0:.3f} ({cok}/{cn})")
    worst_table = Table(title=f"worst {worst} documents (all quotes @0.3)")
    for col in ("document", "F1", "gold", "pred"):
        worst_table.add_column(col)
    for d in report.worst(worst):
        c = d.counts[("all", ev.THRESHOLDS[0])]
        worst_table.add_row(d.doc_id, f"{c.f1:.2f}", str(c.gold), str(c.pred))
    out.print(worst_table)


def _print_counts(out: Console, report, kinds: tuple[tuple[str, str], ...]) -> None:
    from newstables.build.evaluate.quotes import THRESHOLDS

    table = Table()
    for col in ("measure", "overlap", "gold", "pred", "precision", "recall", "F1"):
        table.add_column(col)
    for kind, label in kinds:
        for t in THRESHOLDS:
            c = report.total(kind, t)
            table.add_row(label, f">= {t}", str(c.gold), str(c.pred), f"{c.precision:.3f}", f"{c.recall:.3f}",
                          f"{c.f1:.3f}")
    out.print(table)


@eval_app.command("events")
def eval_events(
    plover: Path | None = typer.Option(None, "--plover", help="PLOVER gold records (JSON list with text and event)."),
    acled: Path | None = typer.Option(None, "--acled", help="Folder of snippets/*.txt and labels.tsv with ACLED "
                                      "sub-event type codes (case-dev)."),
    gold: Path | None = typer.Option(None, "--gold", help="Hand-annotated events (JSONL, files.txt beside it), e.g. "
                                     "tests/data/events_sample/events.jsonl."),
    texts: Path = typer.Option(Path("../shared/dev/polnear-dev/text"), "--texts", help="Folder of the --gold "
                               "sample's source texts."),
    worst: int = typer.Option(12, "--worst", help="How many of the worst confusion pairs to list."),
) -> None:
    """Event-type accuracy on PLOVER gold sentences (0.5b1 names mapped to the current 16 types), ACLED
    sub-event type accuracy on one-paragraph reports built as a corpus, and/or event precision and recall against
    a hand-annotated sample built as a corpus."""
    from newstables.build.evaluate import events as ev

    if plover is None and acled is None and gold is None:
        console.print("[red]Give --plover FILE, --acled FOLDER and/or --gold FILE.[/red]")
        raise typer.Exit(2)
    out = Console(file=sys.stdout, soft_wrap=True)
    if gold is not None:
        _eval_events_sample(out, gold, texts)
    if acled is not None:
        snippets = ev.load_case(acled)
        report = ev.score_acled(snippets, *ev.build_for_case(acled))
        n, m = report.acled_total, report.non_acled_total
        out.print(f"[bold]events[/bold] ACLED sub-event types on {len(snippets)} snippets ({acled}), built as a corpus")
        out.print(f"strict accuracy (first event in text order): {report.strict / n if n else 0:.3f} ({report.strict}/{n})")
        out.print(f"lenient accuracy (any event): {report.lenient / n if n else 0:.3f} ({report.lenient}/{n}); "
                  f"ACLED snippets with no event: {report.no_event}")
        out.print(f"non-ACLED snippets with no ACLED type: {report.no_acled / m if m else 0:.3f} ({report.no_acled}/{m})")
        table = Table(title=f"worst {worst} confusions (gold code -> first event's code; non-ACLED: first ACLED code)")
        for col in ("gold", "predicted", "snippets"):
            table.add_column(col)
        for (gold, predicted), k in report.worst(worst):
            table.add_row(gold, predicted, str(k))
        out.print(table)
    if plover is None:
        return
    records = ev.load_plover(plover)
    report = ev.evaluate(records)
    out.print(f"[bold]events[/bold] on {report.total} PLOVER gold sentences ({plover})")
    out.print("mapped 0.5b1 names: " + ", ".join(f"{k} -> {v}" for k, v in ev.OLD_TO_NEW.items()))
    out.print(f"event-type accuracy (main event): {report.accuracy:.3f} ({report.correct}/{report.total})")
    out.print(f"gold type among predicted events: {report.any_correct / report.total:.3f}; "
              f"no event found: {report.no_event / report.total:.3f}")
    table = Table(title="per gold type")
    for col in ("gold type", "sentences", "correct", "most common prediction"):
        table.add_column(col)
    for gold in sorted({g for g, _ in report.confusion}):
        row = {p: n for (g, p), n in report.confusion.items() if g == gold}
        top = max(row, key=lambda p: (row[p], p))
        table.add_row(gold, str(sum(row.values())), str(row.get(gold, 0)), f"{top} ({row[top]})")
    out.print(table)


def _eval_events_sample(out: Console, gold: Path, texts: Path) -> None:
    from newstables.build.evaluate import events as ev

    try:
        records, files = ev.load_gold_events(gold)
    except (OSError, ValueError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2)
    absent = [f for f in files if not (texts / f).is_file()]
    if absent:
        console.print(f"[red]{len(absent)} sample text(s) not under {escape(str(texts))} (pass --texts), e.g. "
                      f"{escape(absent[0])}[/red]")
        raise typer.Exit(2)
    events, articles = ev.build_for_sample(texts, files)
    report = ev.match_sample(records, ev.predicted_units(events, articles), ev.bodies_by_file(articles))
    n_pred, n_gold, n_match = len(report.units), len(report.gold), len(report.pairs)
    out.print(f"[bold]events[/bold] against {n_gold} hand-annotated events in {len(files)} files ({gold}), built "
              f"as a corpus; a predicted event counts once per file it is reported in")
    out.print(f"precision {report.precision:.3f} ({n_match}/{n_pred})  recall {report.recall:.3f} "
              f"({n_match}/{n_gold})  (match: trigger overlap, else trigger inside the gold clause; one-to-one)")
    ok, n = report.recall_foreground()
    out.print(f"recall without background events: {ok / n if n else 0:.3f} ({ok}/{n}); "
              f"gold clauses not found in the built bodies: {len(report.unlocated)}")
    ok, n = report.asserted_precision()
    out.print(f"precision of rows with no modality flag: {ok / n if n else 0:.3f} ({ok}/{n})")
    out.print(f"unmatched predictions on a clause of a gold event (a second row for one event, 'split' below): "
              f"{len(report.split)}")
    out.print("among matched: " + "; ".join(f"{k} {a / b if b else 0:.3f} ({a}/{b})"
                                              for k, (a, b) in report.agreement().items()))
    matched_units, matched_gold = report.matched_units, report.matched_gold
    out = Console(file=sys.stdout, soft_wrap=True, width=max(out.width, 180))  # rows stay on one line when piped
    fp = Table(title="predicted events with no gold event (false positives)")
    for col in ("file", "type", "trigger", "flags / split", "sentence"):
        fp.add_column(col)
    for i, u in enumerate(report.units):
        if i not in matched_units:
            e = u.event
            flags = ",".join(f for f in ev.MODALITY_FLAGS if e.get(f)) + (" split" if i in report.split else "")
            fp.add_row(u.file[:28], e.get("event_type") or "", e.get("trigger") or "", flags.strip(),
                       " ".join((e.get("text") or "").split())[:90])
    out.print(fp)
    fn = Table(title="gold events not found (false negatives)")
    for col in ("file", "type", "trigger", "background", "quote"):
        fn.add_column(col)
    for i, g in enumerate(report.gold):
        if i not in matched_gold:
            fn.add_row(g.file[:28], g.type, g.trigger, "yes" if g.background else "", g.quote[:90])
    out.print(fn)
    wrong = Table(title="matched with another type or argument")
    for col in ("gold type", "predicted", "trigger (gold / predicted)", "level", "actor", "recipient", "date",
                "place"):
        wrong.add_column(col)
    for gi, ui, level in report.pairs:
        g, e = report.gold[gi], report.units[ui].event
        wrong.add_row(g.type, e.get("event_type") or "", f"{g.trigger} / {e.get('trigger')}", str(level),
                      *("ok" if ev.agrees(gv, pv) else f"{gv or '-'} / {pv or '-'}"[:40]
                        for gv, pv in ((g.actor, ev.participant_texts(e, "actor")),
                                       (g.recipient, ev.participant_texts(e, "recipient")),
                                       (g.date, e.get("date_text")), (g.place, e.get("place_text")))))
    out.print(wrong)
