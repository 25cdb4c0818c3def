"""Validate a built dataset folder: manifest checksums, exact Parquet schemas, pandera (values, cross-table
keys, body spans) and the committed GX suites. Returns readable failures instead of raising."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.gx_suites import load_suite, parameter_name
from newstables.validation.pandera_schema import pandera_schema

MANIFEST = "manifest.json"


def table_path(name: str) -> str:
    return f"data/{name}/train-00000-of-00001.parquet"


@dataclass
class Failure:
    layer: str  # manifest, schema, pandera, gx
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


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_files(folder: Path) -> list[Failure]:
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        return [Failure("manifest", "-", f"{MANIFEST} is missing; rebuild the folder with `newstables build`")]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return [Failure("manifest", "-", f"{MANIFEST} is unreadable or incomplete ({exc}); rebuild the folder")]
    failures = []
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    for rel in sorted(present - set(listed)):
        failures.append(Failure("manifest", "-", f"{rel} is not listed in {MANIFEST} (added after build; the loader "
                                                 "would read extra data files)"))
    for rel, recorded in listed.items():
        if not (folder / rel).exists():
            failures.append(Failure("manifest", "-", f"{rel} is listed in {MANIFEST} but missing"))
        elif rel not in map(table_path, CONTRACTS) and sha256_file(folder / rel) != recorded:
            failures.append(Failure("manifest", "-", f"{rel}: sha256 differs from {MANIFEST} (changed after build)"))
    for name in CONTRACTS:
        path = folder / table_path(name)
        if not path.exists():
            failures.append(Failure("manifest", name, f"{table_path(name)} is missing"))
            continue
        recorded = manifest.get("tables", {}).get(name, {}).get("sha256")
        if recorded != sha256_file(path):
            failures.append(Failure("manifest", name, "sha256 differs from manifest.json (file changed after build)"))
        try:
            actual = pq.read_schema(path).remove_metadata()
        except Exception as exc:  # a truncated or foreign file: report it, never crash
            failures.append(Failure("manifest", name, f"{table_path(name)} is not readable Parquet ({exc})"))
            continue
        expected = arrow_schema(CONTRACTS[name]).remove_metadata()
        if not actual.equals(expected):
            diff = sorted(set(map(str, expected)) ^ set(map(str, actual)))
            failures.append(Failure("schema", name, "Parquet schema differs from the contract", examples=diff[:4]))
    return failures


def _pandera_failures(name: str, exc) -> list[Failure]:
    cases = exc.failure_cases.copy()
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


def _gx_failures(frames: dict[str, pd.DataFrame], params: dict[str, list]) -> list[Failure]:
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas("newstables")
    failures = []
    for name, df in frames.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        suite = ctx.suites.add(gx.ExpectationSuite(**load_suite(name)))
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        result = vd.run(batch_parameters={"dataframe": df}, expectation_parameters=params, result_format="SUMMARY")
        for r in result.results:
            if r.success:
                continue
            cfg = r.expectation_config
            info = r.result or {}
            failures.append(Failure("gx", name, cfg.type, cfg.kwargs.get("column"),
                                    info.get("unexpected_count", 1) or 1,
                                    list(info.get("partial_unexpected_list", []) or [])[:3]))
    return failures


def validate_tables(frames: dict[str, pd.DataFrame], with_gx: bool = True) -> list[Failure]:
    """pandera (and GX) over in-memory tables, with cross-table keys bound from the tables themselves."""
    import pandera.errors

    targets = {c.references for k in CONTRACTS.values() for c in k.columns if c.references}
    targets |= {target for k in CONTRACTS.values() for _, _, target in k.nested_references}
    keys = {}
    for target in sorted(targets):
        table, column = target.split(".")
        keys[target] = set(frames[table][column].dropna()) if table in frames else set()
    bodies = dict(zip(frames["articles"]["article_id"], frames["articles"]["body"])) if "articles" in frames else {}
    failures = []
    for name, df in frames.items():
        schema = pandera_schema(CONTRACTS[name], keys, bodies)
        try:
            schema.validate(df, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            failures += _pandera_failures(name, exc)
    if with_gx:
        params = {parameter_name(k): sorted(v) for k, v in keys.items()}
        failures += _gx_failures(frames, params)
    return failures


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pq.read_table(folder / table_path(name)).to_pandas() for name in CONTRACTS}


def validate_folder(folder: Path) -> list[Failure]:
    folder = Path(folder)
    failures = _check_files(folder)
    if failures:
        return failures  # contents are only checked in files that are the ones built, with the contract's schema
    return failures + validate_tables(read_frames(folder))
