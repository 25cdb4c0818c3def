"""A pandera DataFrameSchema generated from a contract, with cross-table keys and body spans bound at run time.

Column types are enforced exactly by the Parquet schema check (see run.py); pandera checks values.
"""

from __future__ import annotations

import math

import pandera.pandas as pa

from newstables.schemas.ids import stable_id
from newstables.schemas import Contract


def _plain(value):
    """Back from pandas to the Python value the build hashed: NaN -> None, 3.0 -> 3."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _column_checks(col, keys: dict[str, set]) -> list[pa.Check]:
    checks = []
    if col.allowed:
        checks.append(pa.Check.isin(list(col.allowed)))
    if col.pattern:
        checks.append(pa.Check.str_matches(f"^(?:{col.pattern})\\Z"))
    if col.min is not None:
        checks.append(pa.Check.ge(col.min))
    if col.max is not None:
        checks.append(pa.Check.le(col.max))
    if col.references:
        ids = keys[col.references]
        checks.append(pa.Check(lambda s, ids=ids: s.isin(ids), name=f"references {col.references}"))
    return checks


def _nested_check(column: str, field: str, target: str, ids: set) -> pa.Check:
    def ok(s):
        return s.map(lambda items: all(i[field] is None or i[field] in ids for i in items))

    return pa.Check(ok, name=f"{column}[].{field} references {target}")


def span_ok(body: str, start, end, text, has_text: bool) -> bool:
    start, end = _plain(start), _plain(end)
    if start is None or end is None:
        return start is None and end is None and (not has_text or _plain(text) is None)
    return 0 <= start <= end <= len(body) and (not has_text or body[start:end] == text)


def _span_check(span, bodies: dict[str, str]) -> pa.Check:
    where = f"{span.within}[]." if span.within else ""
    name = f"body[{where}{span.start}:{where}{span.end}]" + (f" == {where}{span.text}" if span.text else " in body")

    def row_ok(row):
        items = row[span.within] if span.within else [row]
        return all(span_ok(bodies.get(i["article_id"] if "article_id" in i else row["article_id"], ""),
                           i[span.start], i[span.end], i[span.text] if span.text else None, bool(span.text))
                   for i in items)

    return pa.Check(lambda df: df.apply(row_ok, axis=1), name=name)


def _id_check(contract: Contract) -> pa.Check:
    id_column = contract.columns[0].name
    prefix = contract.columns[0].pattern.split("_")[0]

    def row_ok(row):
        return row[id_column] == stable_id(prefix, *(_plain(row[c]) for c in contract.id_from))

    return pa.Check(lambda df: df.apply(row_ok, axis=1),
                    name=f"{id_column} == hash of ({', '.join(contract.id_from)})")


def pandera_schema(contract: Contract, keys: dict[str, set], bodies: dict[str, str]) -> pa.DataFrameSchema:
    """`keys` maps "table.column" to its id set; `bodies` maps article_id to body."""
    columns = {}
    for col in contract.columns:
        checks = _column_checks(col, keys)
        for list_col, field, target in contract.nested_references:
            if list_col == col.name:
                checks.append(_nested_check(list_col, field, target, keys[target]))
        columns[col.name] = pa.Column(None, checks=checks, nullable=col.nullable, unique=col.unique)
    frame_checks = [_span_check(s, bodies) for s in contract.spans]
    if contract.id_from:
        frame_checks.append(_id_check(contract))
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=contract.name, checks=frame_checks)
