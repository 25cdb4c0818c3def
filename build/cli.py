"""`newstables` command line: build, validate, info."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

app = typer.Typer(help="Turn scraped news into validated research tables, packaged as a Hugging Face dataset folder.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
eval_app = typer.Typer(help="Measure extraction quality against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"


class Engine(str, Enum):  # the engines of execute.make_executor
    local = "local"
    ray = "ray"


class ArticlesPerSecond(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="cyan")


def _print_failures(failures) -> None:
    console.print(f"[red]{len(failures)} validation failure(s):[/red]")
    for f in failures:
        console.print(f"  - {f}", markup=False, soft_wrap=True)


@app.command()
def build(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder of raw news files."),
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
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help="Extra gazetteer JSONL file(s) of known actors "
                                         "and aliases, added to the shipped one (repeatable)."),
) -> None:
    """Build the dataset folder from RAW_DIR."""
    import re

    from newstables.build.execute import EngineMissing
    from newstables.build.nlp import ModelMissing
    from newstables.build.pipeline import build_dataset
    from newstables.build.release import UnsafeOutput, ValidationFailed
    from newstables.build.sidecar import SidecarError

    if not re.match(VERSION_PATTERN, version):
        console.print(f"[red]--version must look like 1.2.3, got {version!r}[/red]")
        raise typer.Exit(2)
    if not raw_dir.is_dir():
        console.print(f"[red]Raw folder {escape(str(raw_dir))} does not exist.[/red] Pass the folder of raw news files.")
        raise typer.Exit(2)
    started = time.perf_counter()
    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), ArticlesPerSecond(),
                        TimeElapsedColumn(), console=console, transient=False)
    task = progress.add_task("articles", total=None)
    try:
        with progress:
            result = build_dataset(raw_dir, out, version, workers=workers, engine=engine.value, manifest=manifest,
                                   gazetteers=tuple(gazetteer), max_bytes=max_bytes, work=work,
                                   on_progress=lambda done, total: progress.update(task, completed=done, total=total))
    except (ModelMissing, EngineMissing, UnsafeOutput, SidecarError) as exc:
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
def validate(folder: Path = typer.Argument(..., help="A built dataset folder.")) -> None:
    """Validate a dataset folder: checksums, schemas, pandera, GX suites and cross-table keys."""
    from newstables.validation.run import validate_folder

    if not folder.is_dir():
        console.print(f"[red]{folder} is not a folder.[/red]")
        raise typer.Exit(2)
    failures = validate_folder(folder)
    if failures:
        _print_failures(failures)
        raise typer.Exit(1)
    console.print(f"[green]{folder}: all tables valid.[/green]")


@app.command()
def info(folder: Path = typer.Argument(..., help="A built dataset folder.")) -> None:
    """Print a dataset folder's version, tables, row counts (read from the data), schemas and provenance."""
    import pyarrow.parquet as pq

    from newstables.schemas import CONTRACTS
    from newstables.validation.layout import shard_files
    from newstables.validation.run import count_records, read_manifest

    def counted(actual: int | None, listed, what: str) -> str:  # read from the data, flagged if the manifest differs
        if actual is None:
            return f"[red]? {what} (file missing or unreadable)[/red]"
        flag = "" if actual == listed else f" [red](manifest.json says {listed}; run `newstables validate`)[/red]"
        return f"{actual} {what}{flag}"

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
        for field in schema:
            out.print(f"    {field.name}: {field.type}{'' if field.nullable else ' not null'}")
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
        report = ev.evaluate_ggt(gold, records, *ev.build_for_ggt(gold))
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
    worst: int = typer.Option(12, "--worst", help="How many of the worst confusion pairs to list."),
) -> None:
    """Event-type accuracy on PLOVER gold sentences (0.5b1 names mapped to the current 16 types), and/or ACLED
    sub-event type accuracy on one-paragraph reports built as a corpus."""
    from newstables.build.evaluate import events as ev

    if plover is None and acled is None:
        console.print("[red]Give --plover FILE and/or --acled FOLDER.[/red]")
        raise typer.Exit(2)
    out = Console(file=sys.stdout, soft_wrap=True)
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
