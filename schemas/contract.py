"""A table contract is data: columns with types, nullability, allowed values and checks.

Everything else a table needs (the pyarrow schema, the HF Features, the pandera schema,
the GX suite, the card's field table) is generated from a `Contract`; nothing declares a
column a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa

ID_HASH = r"[0-9a-f]{16}"
# How much page text a release carries (`build --text`), from all of it to none: each mode withholds (publishes as
# null) every column a mode before it withholds, and more. Offsets, ids, names and metadata stay in every mode.
TEXT_MODES = ("full", "snippets", "none")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # arrow type expression: "string", "int32", "list<struct<char_start:int32,char_end:int32>>", ...
    description: str
    nullable: bool = False
    unique: bool = False
    allowed: tuple[str, ...] | None = None  # closed vocabulary (stored as plain strings)
    pattern: str | None = None  # full-match regex for string values
    min: float | None = None
    max: float | None = None
    references: str | None = None  # foreign key, "table.column"
    withheld_from: str | None = None  # the first of TEXT_MODES that withholds this page text (null in the release)
    withheld_fields: tuple[str, ...] = ()  # of a list<struct> column: only these item fields are withheld

    def withheld_in(self, text_mode: str) -> bool:
        return self.withheld_from is not None and TEXT_MODES.index(text_mode) >= TEXT_MODES.index(self.withheld_from)


@dataclass(frozen=True)
class Span:
    """A char span into the article body, named by its offset columns (`start`, `end`: e.g. char_start, char_end):
    both null or both set, 0 <= start <= end <= len(body), and body[start:end] equals `text` when a text column is
    named. `within` names a list-of-struct column whose items carry the span fields."""

    start: str
    end: str
    text: str | None = None
    within: str | None = None


@dataclass(frozen=True)
class Contract:
    name: str
    description: str
    columns: tuple[Column, ...]
    sort_key: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    id_from: tuple[str, ...] = ()  # the first column is stable_id(prefix, *these columns), checked on validation
    nested_references: tuple[tuple[str, str, str], ...] = field(default=())  # (list column, struct field, "table.column")
    # (text column, its sha256 column, its length column): the digests stay when a text mode withholds the text, so
    # offsets stay checkable and `newstables rehydrate` can tell the text it restores is the one published
    text_digests: tuple[tuple[str, str, str], ...] = ()

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


# ---- arrow type expressions -------------------------------------------------------------

_SCALARS = {
    "string": pa.string(),
    "bool": pa.bool_(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "date32": pa.date32(),
    "timestamp[us, tz=UTC]": pa.timestamp("us", tz="UTC"),  # the zone travels with the data, not in the card
}


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts]


def arrow_type(expr: str) -> pa.DataType:
    expr = expr.strip()
    if expr in _SCALARS:
        return _SCALARS[expr]
    m = re.fullmatch(r"list<(.+)>", expr)
    if m:
        return pa.list_(arrow_type(m.group(1)))
    m = re.fullmatch(r"struct<(.+)>", expr)
    if m:
        fields = []
        for part in _split_top_level(m.group(1)):
            name, _, sub = part.partition(":")
            fields.append(pa.field(name.strip(), arrow_type(sub)))
        return pa.struct(fields)
    raise ValueError(f"unknown type expression {expr!r}")


def arrow_schema(contract: Contract, text_mode: str = TEXT_MODES[0]) -> pa.Schema:
    """The exact schema of the table in a release built with `text_mode`: a withheld column is nullable there
    (struct fields always are)."""
    return pa.schema(
        [pa.field(c.name, arrow_type(c.type),
                  nullable=c.nullable or (c.withheld_in(text_mode) and not c.withheld_fields))
         for c in contract.columns],
        metadata={"newstables.table": contract.name},
    )


def hf_features(contract: Contract):
    """HF Features for the card's dataset_info; string categories stay strings (no ClassLabel)."""
    from datasets import Features

    return Features.from_arrow_schema(arrow_schema(contract).remove_metadata())


def column_description(c: Column) -> str:
    """The column's description with its allowed values and the key it refers to (card and croissant.json)."""
    desc = c.description
    if c.allowed:
        desc += " One of: " + ", ".join(f"`{v}`" for v in c.allowed) + "."
    if c.references:
        desc += f" Refers to `{c.references}`."
    if c.withheld_from:
        fields = " and ".join(f"`{f}`" for f in c.withheld_fields)
        what = f"The {fields} of its items {'are' if len(c.withheld_fields) > 1 else 'is'}" if fields else "It is"
        modes = " or ".join(f"`--text {m}`" for m in TEXT_MODES if c.withheld_in(m))
        desc += f" {what} withheld (null) in a release built with {modes}."
    return desc


def field_table(contract: Contract) -> str:
    """The card's Markdown field table."""
    rows = ["| column | type | nullable | description |", "|---|---|---|---|"]
    for c in contract.columns:
        rows.append(f"| `{c.name}` | `{c.type}` | {'yes' if c.nullable else 'no'} | {column_description(c)} |")
    return "\n".join(rows)
