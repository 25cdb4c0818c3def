"""Rows become Arrow tables cast to their contract's exact schema, sorted by the contract's key."""

from __future__ import annotations

import pyarrow as pa

from newstables.schemas import Contract, arrow_schema


def to_table(contract: Contract, rows: list[dict]) -> pa.Table:
    names = contract.names
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in contract.sort_key))
    return pa.Table.from_pylist([{n: r[n] for n in names} for r in ordered], schema=arrow_schema(contract))
