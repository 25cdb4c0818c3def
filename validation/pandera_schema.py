"""A pandera DataFrameSchema generated from a contract, with cross-table keys and body spans bound at run time.

Column types are enforced exactly by the Parquet schema check (see run.py); pandera checks values.
"""

from __future__ import annotations

import pandera.pandas as pa

from newstables.schemas import Contract


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


def _span_check(span, bodies: dict[str, str]) -> pa.Check:
    def ok(df):
        def row_ok(row):
            if row[span.start] is None or row[span.start] != row[span.start]:  # null span: nothing to match
                return True
            body = bodies.get(row["article_id"], "")
            return body[int(row[span.start]):int(row[span.end])] == row[span.text]

        return df.apply(row_ok, axis=1)

    return pa.Check(ok, name=f"body[{span.start}:{span.end}] == {span.text}")


def pandera_schema(contract: Contract, keys: dict[str, set], bodies: dict[str, str]) -> pa.DataFrameSchema:
    """`keys` maps "table.column" to its id set; `bodies` maps article_id to body."""
    columns = {}
    for col in contract.columns:
        checks = _column_checks(col, keys)
        for list_col, field, target in contract.nested_references:
            if list_col == col.name:
                checks.append(_nested_check(list_col, field, target, keys[target]))
        columns[col.name] = pa.Column(None, checks=checks, nullable=col.nullable, unique=col.unique)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=contract.name,
                              checks=[_span_check(s, bodies) for s in contract.spans])
