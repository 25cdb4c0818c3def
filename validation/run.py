"""Validate a built dataset folder: the manifest against the files (checksums, row counts) and the card (version,
features), exact Parquet schemas, pandera (values, cross-table keys, body spans) and the committed GX suites.
Returns readable failures instead of raising, whatever the folder holds."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from newstables.schemas import CONTRACTS, arrow_schema, hf_features
from newstables.schemas.contract import TEXT_MODES
from newstables.validation.cache import Pending, Plan
from newstables.validation.frames import ArrowRows, FrameRows, LazyFrames
from newstables.validation.gx_suites import load_suite, parameter_name
from newstables.validation.layout import (CARD, CROISSANT, GENERATOR, MANIFEST, read_table, sha256_file,
                                          shard_files, shard_path)
from newstables.validation.pandera_schema import pandera_schema

# Top-level manifest keys and their JSON types; any other shape is reported, never indexed.
SHAPE = {"name": str, "version": str, "build": dict, "tables": dict, "files": dict, "rejects": dict}
JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
              type(None): "null"}
RELEASE_LINE = re.compile(r"\*\*Release (.+?)\.\*\*")  # the card's summary line, from build/release.py
REHYDRATED = "rehydrated_from"  # in `build`, set by `newstables rehydrate`: some articles' text may be restored


@dataclass
class Failure:
    layer: str  # manifest, schema, card, pandera, gx
    table: str
    check: str
    column: str | None = None
    count: int | None = None  # failing rows, for row-level checks
    examples: list = field(default_factory=list)

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        examples = f" e.g. {', '.join(repr(e)[:80] for e in self.examples)}" if self.examples else ""
        rows = f" failed for {self.count} row(s)" if self.count is not None else ""
        return f"[{self.layer}] {where}: {self.check}{rows}{examples}"


def _json_type(value) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)


def _is_count(value) -> bool:
    return type(value) is int and value >= 0  # not a bool, not a float


def _is_shard(entry) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("path"), str) and _is_count(entry.get("rows")) \
        and isinstance(entry.get("sha256"), str)


def _shape_problems(manifest) -> list[str]:
    """What is wrong with the manifest's shape: the checks below index it only once this is empty."""
    if not isinstance(manifest, dict):
        return [f"{MANIFEST} holds a JSON {_json_type(manifest)}, not an object; rebuild the folder"]
    if manifest.get("generator") != GENERATOR:
        return [f"{MANIFEST} lacks the marker \"generator\": {json.dumps(GENERATOR)}; newstables did not write it"]
    problems = [f"{MANIFEST}: `{key}` should be a JSON {JSON_TYPES[kind]}, not {_json_type(manifest.get(key))}"
                for key, kind in SHAPE.items() if not isinstance(manifest.get(key), kind)]
    if problems:
        return problems
    problems += [f"{MANIFEST}: files[{rel!r}] should be a sha256 string"
                 for rel, digest in manifest["files"].items() if not isinstance(digest, str)]
    for name, entry in manifest["tables"].items():
        if not (isinstance(entry, dict) and _is_count(entry.get("rows")) and isinstance(entry.get("shards"), list)
                and all(_is_shard(s) for s in entry["shards"])):
            problems.append(f"{MANIFEST}: tables[{name!r}] should be an object with rows and a list of shards, "
                            "each with a path, rows and a sha256")
    rejects = manifest["rejects"]
    if not (isinstance(rejects.get("path"), str) and _is_count(rejects.get("count"))):
        problems.append(f"{MANIFEST}: `rejects` should be an object with a path and a count")
    return problems


def read_manifest(folder: Path) -> tuple[dict, list[Failure]]:
    """The parsed manifest, or failures saying why it can't be used; never raises, whatever the file holds."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [Failure("manifest", "-", f"{MANIFEST} is missing; rebuild the folder with `newstables build`")]
    except (OSError, ValueError, RecursionError) as exc:
        return {}, [Failure("manifest", "-", f"{MANIFEST} is not readable JSON ({exc}); rebuild the folder")]
    problems = _shape_problems(manifest)
    return ({}, [Failure("manifest", "-", p) for p in problems]) if problems else (manifest, [])


def count_records(path: Path) -> int:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return sum(1 for line in fh if line.strip())


def _check_listed(folder: Path, listed: dict, present: set[str], shards: set[str]) -> list[Failure]:
    failures = [Failure("manifest", "-", f"{rel} is not listed in {MANIFEST} (added after build; the loader would "
                                         "read extra data files)") for rel in sorted(present - set(listed))]
    for rel, recorded in listed.items():
        if rel not in present:
            failures.append(Failure("manifest", "-", f"{rel} is listed in {MANIFEST} but missing"))
        elif rel not in shards and sha256_file(folder / rel) != recorded:  # shards: checked per table
            failures.append(Failure("manifest", "-", f"{rel}: sha256 differs from {MANIFEST} (changed after build)"))
    return failures


def text_mode_of(manifest: dict) -> str:
    """The text mode the release was built with; a release from before text modes carries all its text."""
    return manifest["build"].get("text_mode", TEXT_MODES[0])


def _check_shard(folder: Path, name: str, shard: dict, text_mode: str) -> tuple[int | None, list[Failure]]:
    """(rows in the file, failures) for one listed shard."""
    rel = shard["path"]
    failures = []
    if shard["sha256"] != sha256_file(folder / rel):
        failures.append(Failure("manifest", name, f"{rel}: sha256 differs from {MANIFEST} (changed after build)"))
    try:
        with pq.ParquetFile(folder / rel) as pf:
            rows, actual = pf.metadata.num_rows, pf.schema_arrow.remove_metadata()
    except Exception as exc:  # a truncated or foreign file: report it, never crash
        return None, failures + [Failure("manifest", name, f"{rel} is not readable Parquet ({exc})")]
    if shard["rows"] != rows:
        failures.append(Failure("manifest", name, f"{MANIFEST} says {shard['rows']} rows in {rel}, it has {rows}"))
    expected = arrow_schema(CONTRACTS[name], text_mode).remove_metadata()
    if not actual.equals(expected):
        diff = sorted(set(map(str, expected)) ^ set(map(str, actual)))
        failures.append(Failure("schema", name, f"{rel}: Parquet schema differs from the contract", examples=diff[:4]))
    return rows, failures


def _check_table(folder: Path, name: str, entry: dict | None, text_mode: str) -> list[Failure]:
    """The table's shards: named in sequence, all listed, all present, each as recorded; rows add up."""
    if entry is None:
        return [Failure("manifest", name, f"{MANIFEST} does not list this table")]
    listed = [s["path"] for s in entry["shards"]]
    present = shard_files(folder, name)
    expected = [shard_path(name, i, len(listed)) for i in range(len(listed))] or [shard_path(name, 0, 1)]
    if listed != expected:
        return [Failure("manifest", name, f"{MANIFEST} lists shards {listed[:3]}, expected {expected[:3]}")]
    failures = [Failure("manifest", name, f"{rel} is not listed in {MANIFEST} (the loader would read it as data)")
                for rel in present if rel not in listed]
    failures += [Failure("manifest", name, f"{rel} is missing") for rel in listed if rel not in present]
    if failures:
        return failures
    total = 0
    for shard in entry["shards"]:
        rows, problems = _check_shard(folder, name, shard, text_mode)
        failures += problems
        total += rows or 0
    if not failures and entry["rows"] != total:
        failures.append(Failure("manifest", name, f"{MANIFEST} says {entry['rows']} rows, the shards hold {total}"))
    return failures


def _check_rejects(folder: Path, rejects: dict, present: set[str]) -> list[Failure]:
    if rejects["path"] not in present:
        return [Failure("manifest", "rejects", f"{rejects['path']} is missing")]
    found = count_records(folder / rejects["path"])
    if found != rejects["count"]:
        return [Failure("manifest", "rejects", f"{MANIFEST} says {rejects['count']} rejects, "
                                               f"{rejects['path']} holds {found}")]
    return []


def _check_card_features(card: str) -> list[Failure]:
    """`load_dataset` casts to the card's dataset_info features, so they must be the contracts'."""
    from datasets.info import DatasetInfosDict

    front = re.match(r"---\n(.*?)\n---\n", card, re.S)
    if not front:
        return [Failure("card", "-", f"{CARD} has no YAML front matter")]
    try:
        infos = DatasetInfosDict.from_dataset_card_data(yaml.safe_load(front.group(1)))
    except Exception as exc:  # hand-edited YAML breaks the parsers in many ways: report it, never crash
        return [Failure("card", "-", f"{CARD} front matter is unreadable ({exc})")]
    failures = []
    for name, contract in CONTRACTS.items():
        stated = infos[name].features if name in infos else None
        expected = hf_features(contract)
        if stated is None:
            failures.append(Failure("card", name, f"{CARD} gives no dataset_info features for this config"))
        elif stated != expected:
            got, want = stated.to_dict(), expected.to_dict()
            diff = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
            failures.append(Failure("card", name, f"{CARD} dataset_info features differ from the contract",
                                    examples=diff[:4]))
    return failures


def _check_card(folder: Path, version: str, present: set[str]) -> list[Failure]:
    if CARD not in present:
        return [Failure("card", "-", f"{CARD} (the dataset card) is missing")]
    card = (folder / CARD).read_text(encoding="utf-8", errors="replace")
    stated = RELEASE_LINE.findall(card)
    failures = []
    if stated != [version]:
        failures.append(Failure("card", "-", f"{MANIFEST} says version {version!r}, {CARD} states "
                                             f"{' and '.join(map(repr, stated)) or 'no release version'}"))
    return failures + _check_card_features(card)


def _check_files(folder: Path) -> list[Failure]:
    """The manifest against the files, the Parquet row counts and schemas, and the card."""
    manifest, failures = read_manifest(folder)
    if failures:
        return failures
    if text_mode_of(manifest) not in TEXT_MODES:
        return [Failure("manifest", "-", f"{MANIFEST}: build.text_mode is {text_mode_of(manifest)!r}, not one of "
                                         f"{', '.join(TEXT_MODES)}")]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    shards = {s["path"] for entry in manifest["tables"].values() for s in entry["shards"]}
    failures = _check_listed(folder, manifest["files"], present, shards)
    for name in CONTRACTS:
        failures += _check_table(folder, name, manifest["tables"].get(name), text_mode_of(manifest))
    failures += [Failure("manifest", name, f"{MANIFEST} lists a table no contract defines")
                 for name in sorted(set(manifest["tables"]) - set(CONTRACTS))]
    failures += _check_rejects(folder, manifest["rejects"], present)
    if CROISSANT not in present:
        failures.append(Failure("card", "-", f"{CROISSANT} (the Croissant metadata) is missing"))
    return failures + _check_card(folder, manifest["version"], present)


def _pandera_failures(name: str, cases: pd.DataFrame) -> list[Failure]:
    cases = cases.copy()
    frame_level = cases["schema_context"] == "DataFrameSchema"
    # A failing dataframe-level check is reported once per column of each bad row: count each row once.
    cases.loc[frame_level, "column"] = None
    cases.loc[frame_level, "failure_case"] = cases.loc[frame_level, "index"].map(lambda i: f"row {i}")
    failures = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
        rows = group.drop_duplicates(subset=["index"])
        column = None if pd.isna(column) or column == name else str(column)
        failures.append(Failure("pandera", name, str(check), column, len(rows), rows["failure_case"].head(3).tolist()))
    return failures


UNIQUE = "expect_column_values_to_be_unique"  # the one GX check over whole columns; every other is per row


def _present_ids(params: dict[str, list], suite: dict, df: pd.DataFrame) -> dict[str, list]:
    """The id lists the suite's key expectations read, cut to the ids `df`'s columns hold: a value is in the cut
    list exactly when it is in the whole one, and GX copies each list dozens of times per expectation, so a few
    changed rows checked against every id of the corpus would cost seconds."""
    held: dict[str, set] = {}
    for e in suite["expectations"]:
        value_set = e["kwargs"].get("value_set")
        if isinstance(value_set, dict) and "$PARAMETER" in value_set:
            column = e["kwargs"]["column"]  # a missing column fails the suite's column check
            values = df[column].drop_duplicates().dropna().tolist() if column in df else ()
            held.setdefault(value_set["$PARAMETER"], set()).update(values)
    return {name: sorted(values.intersection(params[name])) for name, values in held.items()}


def import_checks() -> None:
    """Import GX now (seconds), e.g. while worker processes extract, rather than when the first check runs."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations  # noqa: F401


def _gx_failures(frames: dict[str, pd.DataFrame], params: dict[str, list], text_mode: str,
                 uniqueness: bool = False) -> list[Failure]:
    """The suites' row-level expectations over `frames`, or (`uniqueness`) their uniqueness expectations."""
    import_checks()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas("newstables")
    failures = []
    for name, df in frames.items():
        suite = load_suite(name, text_mode)
        suite["expectations"] = [e for e in suite["expectations"] if (e["type"] == UNIQUE) == uniqueness]
        # validated on the batch itself: a validation definition would also store the suite and every result, whose
        # id lists GX copies and serialises again
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": df})
        run = {"expect": gx.ExpectationSuite(**suite), "expectation_parameters": _present_ids(params, suite, df)}
        # a pass needs no details, which cost GX about as much again: ask for them only when something failed
        result = batch.validate(**run, result_format="BOOLEAN_ONLY")
        if result.success:
            continue
        result = batch.validate(**run, result_format="SUMMARY")
        for r in result.results:
            if r.success:
                continue
            cfg = r.expectation_config
            info = r.result or {}
            failures.append(Failure("gx", name, cfg.type, cfg.kwargs.get("column"),
                                    info.get("unexpected_count", 1) or 1,
                                    list(info.get("partial_unexpected_list", []) or [])[:3]))
    return failures


def _length(value) -> int:
    """A withheld body's `body_length` (0 when missing: pandera reports that, and every offset past it)."""
    return int(value) if isinstance(value, (int, float)) and value == value else 0


def _bound_schemas(tables: Mapping[str, ArrowRows | FrameRows], text_mode: str = TEXT_MODES[0],
                   restored: bool = False) -> tuple[dict, dict[str, set], dict]:
    """The pandera schema of each table, with cross-table keys and body spans bound from the tables themselves
    (a withheld body by its length); the keys and bodies too."""
    targets = {c.references for k in CONTRACTS.values() for c in k.columns if c.references}
    targets |= {target for k in CONTRACTS.values() for _, _, target in k.nested_references}
    keys = {}
    for target in sorted(targets):
        table, column = target.split(".")
        keys[target] = tables[table].ids(column) if table in tables else set()
    bodies = _bodies(tables)
    schemas = {name: pandera_schema(CONTRACTS[name], keys, bodies, text_mode, restored) for name in tables}
    return schemas, keys, bodies


def _bodies(tables: Mapping[str, ArrowRows | FrameRows]) -> dict:
    """article_id -> the body spans are checked against, or a withheld body's length."""
    articles = tables.get("articles")
    return {} if articles is None else {
        i: body if isinstance(body, str) else _length(length)
        for i, body, length in zip(*(articles.values(c) for c in ("article_id", "body", "body_length")))}


def _failure_cases(schema, df: pd.DataFrame) -> pd.DataFrame | None:
    import pandera.errors

    try:
        schema.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases
    return None


def _unique_failures(name: str, df: pd.DataFrame) -> pd.DataFrame | None:
    """pandera's uniqueness checks over whole columns (the generated schema's run on a table's pending rows only)."""
    import pandera.pandas as pandera

    columns = {c: pandera.Column(None, nullable=True, unique=True) for c in df.columns}
    return _failure_cases(pandera.DataFrameSchema(columns, name=f"{name} uniqueness"), df)


def _rows_failing(cases: pd.DataFrame | None) -> tuple[pd.DataFrame | None, set[int] | None]:
    """The cases of row-level checks, and the rows they name (None when one names no row: nothing passed)."""
    if cases is None:
        return None, set()
    cases = cases[cases["check"] != "field_uniqueness"]
    named = cases["index"].notna()
    return (cases if len(cases) else None), (set(cases["index"][named].astype(int)) if named.all() else None)


def _unique_columns(name: str) -> list[str]:
    return [c.name for c in CONTRACTS[name].columns if c.unique]


def _row_cases(schema, rows: ArrowRows | FrameRows, todo: Pending) -> pd.DataFrame | None:
    """The schema's row-level failure cases over the pending rows (a block of them at a time), recorded."""
    found = [_failure_cases(schema, df) for df in rows.blocks(todo.positions())]
    cases, failing = _rows_failing(pd.concat([c for c in found if c is not None], ignore_index=True)
                                   if any(c is not None for c in found) else None)
    if failing is not None:
        todo.record(failing)
    return cases


def _pandera_checked(name: str, rows: ArrowRows | FrameRows, schema, todo: Pending) -> list[Failure]:
    """The table's schema over its pending rows; uniqueness apart, over whole columns."""
    if not todo.chunks:
        return []
    cases = _row_cases(schema, rows, todo)
    return _pandera_failures(name, cases) if cases is not None else []


def _uniqueness_checked(name: str, rows: ArrowRows | FrameRows, columns: list[str], todo: Pending) -> list[Failure]:
    if not todo.chunks:
        return []
    cases = _unique_failures(name, rows.columns(columns))
    if cases is None:
        todo.record()
    return _pandera_failures(name, cases) if cases is not None else []


def _gx_checked(todo: dict[str, tuple[Callable[[], pd.DataFrame], Pending]], params: dict[str, list],
                text_mode: str, uniqueness: bool) -> list[Failure]:
    frames = LazyFrames({name: make for name, (make, pending) in todo.items() if pending.chunks})
    found = _gx_failures(frames, params, text_mode, uniqueness) if frames else []
    for name in frames.keys() - {f.table for f in found}:
        todo[name][1].record()
    return found


def _sources(frames: dict[str, pd.DataFrame] | None, tables: dict[str, pa.Table] | None
             ) -> dict[str, ArrowRows | FrameRows]:
    return {name: FrameRows(df) for name, df in frames.items()} if frames is not None else \
        {name: ArrowRows(t) for name, t in tables.items()}


def validate_tables(frames: dict[str, pd.DataFrame] | None, with_gx: bool = True, text_mode: str = TEXT_MODES[0],
                    restored: bool = False, tables: dict[str, pa.Table] | None = None) -> list[Failure]:
    """pandera (and GX) over in-memory tables, with cross-table keys bound from the tables themselves: the pandas
    `frames`, else the Arrow `tables` (converted a part at a time). Given the Arrow `tables` (the frames hold),
    a validation cache that is active (cache.py) spares rows that passed before."""
    sources = _sources(frames, tables)
    schemas, keys, bodies = _bound_schemas(sources, text_mode, restored)
    plan = Plan(tables, keys, bodies, text_mode, restored)
    failures = []
    gx_rows, gx_unique = {}, {}
    for name, rows in sources.items():
        todo = plan.rows("pandera", name, len(rows))
        failures += _pandera_checked(name, rows, schemas[name], todo)
        pending = plan.rows("gx", name, len(rows))
        gx_rows[name] = partial(rows.frame, pending.positions()), pending
        if unique := _unique_columns(name):
            failures += _uniqueness_checked(name, rows, unique, plan.columns("pandera-unique", name, unique, len(rows)))
            gx_unique[name] = partial(rows.columns, unique), plan.columns("gx-unique", name, unique, len(rows))
    if with_gx:
        params = {parameter_name(k): sorted(v) for k, v in keys.items()}
        failures += _gx_checked(gx_rows, params, text_mode, False) + _gx_checked(gx_unique, params, text_mode, True)
    return failures


def row_failures(tables: dict[str, pa.Table]) -> dict[str, dict[int, list[str]]]:
    """table -> row position -> the row-level checks it fails (`column: check`). Uniqueness is left to the
    caller, who knows which of two equal ids to keep; failures that name no row are left to validate_tables.
    With a validation cache active (cache.py), rows that passed before are not checked again."""
    sources = _sources(None, tables)
    schemas, keys, bodies = _bound_schemas(sources)
    plan = Plan(tables, keys, bodies, TEXT_MODES[0], False)
    out: dict[str, dict[int, list[str]]] = {}
    for name, rows in sources.items():
        todo = plan.rows("pandera", name, len(rows))
        if not todo.chunks:
            continue
        cases = _row_cases(schemas[name], rows, todo)
        if cases is None:
            continue
        cases = cases[cases["index"].notna()]
        for index, column, check, context in zip(cases["index"], cases["column"], cases["check"],
                                                 cases["schema_context"]):
            # a frame-level check (span, id) is reported once per column of the row: name it once, for the row
            where = "row" if context == "DataFrameSchema" or pd.isna(column) else column
            checks = out.setdefault(name, {}).setdefault(int(index), [])
            if f"{where}: {check}" not in checks:
                checks.append(f"{where}: {check}")
    return out


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(folder, name).to_pandas() for name in CONTRACTS}


def _read_tables(folder: Path, written: dict[str, pa.Table] | None) -> dict[str, pa.Table]:
    """Each table as its shards hold it; one that equals the table `written` there is that one (same rows, and
    the layout its checks were cached under), read one at a time so only one copy is held."""
    tables = {}
    for name in CONTRACTS:
        table = read_table(folder, name)
        expected = (written or {}).get(name)
        tables[name] = expected if expected is not None and table.equals(expected) else table
        del table
    return tables


def validate_folder(folder: Path, written: dict[str, pa.Table] | None = None) -> list[Failure]:
    """`written`: the tables the build just wrote into the folder, if any (the checks then read those, once the
    files are shown to hold them)."""
    folder = Path(folder)
    failures = _check_files(folder)
    if failures:
        return failures  # contents are only checked in files that are the ones built, with the contract's schema
    manifest, _ = read_manifest(folder)
    return validate_tables(None, text_mode=text_mode_of(manifest), restored=REHYDRATED in manifest["build"],
                           tables=_read_tables(folder, written))
