"""A pandera DataFrameSchema generated from a contract, with cross-table keys and body spans bound at run time.

Column types are enforced exactly by the Parquet schema check (see run.py); pandera checks values.
"""

from __future__ import annotations

import math

import pandas as pd
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


def _per_row(index, results) -> pd.Series:
    """The boolean Series pandera reads failing rows from (by index label), one result per row."""
    return pd.Series(list(results), index=index, dtype=bool)


def _columns(df, *names):
    """Row-wise tuples of the named columns, as Python scalars: what `df.apply(axis=1)` hands out, without
    building a Series per row (that, and `Series.__getitem__`, is what made these checks slow). `tolist` gives
    the values iterating would (NaN stays NaN), but converts Arrow-backed strings in one go."""
    return zip(*(df[n].tolist() for n in names))


def _nested_check(column: str, field: str, target: str, ids: set) -> pa.Check:
    def ok(s):
        return _per_row(s.index, (all(i[field] is None or i[field] in ids for i in items) for items in s.tolist()))

    return pa.Check(ok, name=f"{column}[].{field} references {target}")


def span_ok(body: str, start, end, text, has_text: bool) -> bool:
    start, end = _plain(start), _plain(end)
    if start is None or end is None:
        return start is None and end is None and (not has_text or _plain(text) is None)
    return 0 <= start <= end <= len(body) and (not has_text or body[start:end] == text)


def _span_check(span, bodies: dict[str, str]) -> pa.Check:
    where = f"{span.within}[]." if span.within else ""
    name = f"body[{where}{span.start}:{where}{span.end}]" + (f" == {where}{span.text}" if span.text else " in body")
    has_text = bool(span.text)

    def item_ok(item, article_id):
        """A nested item's own article_id wins over its row's (events' participants carry one)."""
        return span_ok(bodies.get(item["article_id"] if "article_id" in item else article_id, ""),
                       item[span.start], item[span.end], item[span.text] if has_text else None, has_text)

    def check(df):
        if span.within:
            rows = _columns(df, "article_id", span.within)
            return _per_row(df.index, (all(item_ok(i, article_id) for i in items) for article_id, items in rows))
        fields = (span.start, span.end) + ((span.text,) if has_text else ())
        rows = _columns(df, "article_id", *fields)
        return _per_row(df.index, (span_ok(bodies.get(article_id, ""), start, end, text[0] if text else None,
                                           has_text) for article_id, start, end, *text in rows))

    return pa.Check(check, name=name)


def _id_check(contract: Contract) -> pa.Check:
    id_column = contract.columns[0].name
    prefix = contract.columns[0].pattern.split("_")[0]

    def check(df):
        rows = _columns(df, id_column, *contract.id_from)
        return _per_row(df.index, (value == stable_id(prefix, *map(_plain, parts)) for value, *parts in rows))

    return pa.Check(check, name=f"{id_column} == hash of ({', '.join(contract.id_from)})")


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
