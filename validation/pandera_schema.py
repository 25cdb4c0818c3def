"""A pandera DataFrameSchema generated from a contract, with cross-table keys and body spans bound at run time.

Column types are enforced exactly by the Parquet schema check (see run.py); pandera checks values. A release built
with a text mode that withholds page text (`schemas.contract.TEXT_MODES`) is checked as strictly: offsets against
the withheld body's length, withheld columns null, kept ones as in a full release.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from newstables.schemas.ids import stable_id
from newstables.schemas import Column, Contract, Span
from newstables.schemas.contract import TEXT_MODES

FULL = TEXT_MODES[0]


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
        checks.append(pa.Check(_isin(keys[col.references]), name=f"references {col.references}"))
    return checks


def _isin(ids: set):
    """`s.isin(ids)`. For Arrow-backed strings, what pandas does there with the ids made Arrow once, not on every call
    (pandas makes each id an Arrow scalar, and the checks run on every block of a table's rows)."""
    value_set = pyarrow.array([i for i in ids if isinstance(i, str)], pyarrow.string())

    def check(s: pd.Series) -> pd.Series:
        if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
            return s.isin(ids)
        if not len(value_set):
            return pd.Series(np.zeros(len(s), dtype=bool), index=s.index)
        values = pyarrow.chunked_array(pyarrow.array(s.array))
        return pd.Series(np.array(pc.is_in(values, value_set=value_set.cast(values.type)), dtype=np.bool_),
                         index=s.index)

    return check


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


def span_ok(body: str | int, start, end, text, has_text: bool, text_withheld: bool = False) -> bool:
    """`body` is the article's body, or its length when the release withholds it: then a span text the release
    withholds (`text_withheld`) must be null, and one it keeps (`snippets`) as long as its span."""
    start, end, text = _plain(start), _plain(end), _plain(text)
    if start is None or end is None:
        return start is None and end is None and (not has_text or text is None)
    body_withheld = isinstance(body, int)
    if not 0 <= start <= end <= (body if body_withheld else len(body)):
        return False
    if not has_text:
        return True
    if body_withheld:
        return text is None if text_withheld else isinstance(text, str) and len(text) == end - start
    return body[start:end] == text


def _text_withheld(contract: Contract, span: Span, text_mode: str) -> bool:
    if not span.text:
        return False
    column = contract.column(span.within or span.text)
    return column.withheld_in(text_mode) and (not span.within or span.text in column.withheld_fields)


def _span_check(span, bodies: dict[str, str | int], text_withheld: bool = False) -> pa.Check:
    where = f"{span.within}[]." if span.within else ""
    name = f"body[{where}{span.start}:{where}{span.end}]" + (f" == {where}{span.text}" if span.text else " in body")
    has_text = bool(span.text)

    def item_ok(item, article_id):
        """A nested item's own article_id wins over its row's (events' participants carry one)."""
        return span_ok(bodies.get(item["article_id"] if "article_id" in item else article_id, ""),
                       item[span.start], item[span.end], item[span.text] if has_text else None, has_text,
                       text_withheld)

    def check(df):
        if span.within:
            rows = _columns(df, "article_id", span.within)
            return _per_row(df.index, (all(item_ok(i, article_id) for i in items) for article_id, items in rows))
        fields = (span.start, span.end) + ((span.text,) if has_text else ())
        rows = _columns(df, "article_id", *fields)
        return _per_row(df.index, (span_ok(bodies.get(article_id, ""), start, end, text[0] if text else None,
                                           has_text, text_withheld) for article_id, start, end, *text in rows))

    return pa.Check(check, name=name)


def _id_check(contract: Contract, text_mode: str) -> pa.Check:
    """A row whose id hashes a text the release withholds passes: its id was checked when it was built, and is
    again once `newstables rehydrate` restores the text."""
    id_column = contract.columns[0].name
    prefix = contract.columns[0].pattern.split("_")[0]
    withheld = [contract.column(n).withheld_in(text_mode) for n in contract.id_from]

    def ok(value, parts) -> bool:
        parts = list(map(_plain, parts))
        return any(w and p is None for w, p in zip(withheld, parts)) or value == stable_id(prefix, *parts)

    def check(df):
        return _per_row(df.index, (ok(value, parts) for value, *parts in _columns(df, id_column, *contract.id_from)))

    return pa.Check(check, name=f"{id_column} == hash of ({', '.join(contract.id_from)})")


def _digest_check(text: str, sha256: str, length: str) -> pa.Check:
    def ok(value, digest, size) -> bool:
        value = _plain(value)
        return value is None or (hashlib.sha256(value.encode("utf-8")).hexdigest() == digest
                                 and len(value) == _plain(size))

    def check(df):
        return _per_row(df.index, (ok(*row) for row in _columns(df, text, sha256, length)))

    return pa.Check(check, name=f"{sha256} and {length} of {text}")


def _withheld_with_check(text: str, together: list[Column]) -> pa.Check:
    """The columns a text mode withholds with `text` (an article's captions with its body) are withheld exactly
    when it is: null (or their withheld fields null) in its rows without it, present as in full in the others."""
    def withheld(column: Column, value) -> bool:
        if not column.withheld_fields:
            return value is None
        return value is not None and all(item[f] is None for item in value for f in column.withheld_fields)

    def ok(value, others) -> bool:
        if _plain(value) is None:
            return all(withheld(c, _plain(v)) for c, v in zip(together, others))
        return all(c.nullable or c.withheld_fields or _plain(v) is not None for c, v in zip(together, others))

    def check(df):
        return _per_row(df.index, (ok(value, others) for value, *others in
                                   _columns(df, text, *(c.name for c in together))))

    return pa.Check(check, name=f"{', '.join(c.name for c in together)} withheld with {text}")


def _text_checks(contract: Contract, text_mode: str) -> list[pa.Check]:
    checks, spans = [], {s.text for s in contract.spans}
    for text, sha256, length in contract.text_digests:
        checks.append(_digest_check(text, sha256, length))
        together = [c for c in contract.columns if c.withheld_in(text_mode) and c.name not in spans | {text}]
        if together:
            checks.append(_withheld_with_check(text, together))
    return checks


def pandera_schema(contract: Contract, keys: dict[str, set], bodies: dict[str, str | int], text_mode: str = FULL,
                   restored: bool = False) -> pa.DataFrameSchema:
    """`keys` maps "table.column" to its id set; `bodies` maps article_id to body, or to its length when the release
    withholds it (`text_mode`). A withheld column is null in every row, unless the release is `restored`: then
    `newstables rehydrate` put back the text of some articles, and each row is checked as its article's text says."""
    columns = {}
    for col in contract.columns:
        checks = _column_checks(col, keys)
        for list_col, field, target in contract.nested_references:
            if list_col == col.name:
                checks.append(_nested_check(list_col, field, target, keys[target]))
        withheld = col.withheld_in(text_mode) and not col.withheld_fields
        if withheld and not restored and any(col.name == text for text, _, _ in contract.text_digests):
            checks.append(pa.Check(lambda s: s.isna(), ignore_na=False, name=f"withheld by text mode {text_mode}"))
        columns[col.name] = pa.Column(None, checks=checks, nullable=col.nullable or withheld, unique=col.unique)
    frame_checks = [_span_check(s, bodies, _text_withheld(contract, s, text_mode)) for s in contract.spans]
    if contract.id_from:
        frame_checks.append(_id_check(contract, text_mode))
    frame_checks += _text_checks(contract, text_mode)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=contract.name, checks=frame_checks)
