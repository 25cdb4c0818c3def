"""`build --text full|snippets|none`: withhold page text from the finished, contract-shaped tables.

Many sources may not be redistributed (GDELT, ACLED and Quotebank ship no full text either), so a release can
carry offsets without the text they point into. `snippets` withholds the article bodies and keeps each table's own
short spans (a quote's words, a mention, an event's sentence: Quotebank-style excerpts); `none` withholds every
column the contracts mark as page text (`Column.withheld_from`). Ids, offsets, names, types, metadata and
`body_sha256`/`body_length` stay, so every offset stays checkable and `newstables rehydrate` can restore the text
from the user's own raw files. Ids were derived from the text before this step, so they are the same in every mode.
"""

from __future__ import annotations

import pyarrow as pa

from newstables.schemas import CONTRACTS, Column, Contract, arrow_schema
from newstables.schemas.contract import TEXT_MODES

DEFAULT = TEXT_MODES[0]


def withheld_columns(contract: Contract, text_mode: str) -> list[Column]:
    return [c for c in contract.columns if c.withheld_in(text_mode)]


def withheld_value(column: Column, value):
    """What a release that withholds `column` publishes instead of `value`: null, or for a list of structs with
    withheld fields, the items with those fields null (their other fields, offsets among them, stay)."""
    if not column.withheld_fields or value is None:
        return None
    return [{**item, **dict.fromkeys(column.withheld_fields)} for item in value]


def withhold_table(contract: Contract, table: pa.Table, text_mode: str) -> pa.Table:
    for column in withheld_columns(contract, text_mode):
        index = table.schema.get_field_index(column.name)
        values = pa.array([withheld_value(column, v) for v in table[column.name].to_pylist()],
                          type=table.schema.field(index).type)
        table = table.set_column(index, table.schema.field(index), values)
    return table.cast(arrow_schema(contract, text_mode))


def withhold_row(contract: Contract, row: dict, text_mode: str) -> dict:
    return {**row, **{c.name: withheld_value(c, row[c.name]) for c in withheld_columns(contract, text_mode)
                      if c.name in row}}


def withhold_text(tables: dict[str, pa.Table], quarantined: dict[str, list[dict]], text_mode: str
                  ) -> tuple[dict[str, pa.Table], dict[str, list[dict]]]:
    """The tables and the quarantined rows (they are published too) as a `text_mode` release carries them."""
    if text_mode not in TEXT_MODES:
        raise ValueError(f"text mode {text_mode!r} is not one of {', '.join(TEXT_MODES)}")
    tables = {name: withhold_table(CONTRACTS[name], t, text_mode) for name, t in tables.items()}
    quarantined = {name: [{**e, "row": withhold_row(CONTRACTS[name], e["row"], text_mode)} for e in entries]
                   for name, entries in quarantined.items()}
    return tables, quarantined


def summary(build: dict) -> str:
    """The release summary's sentence on the text it carries, from the manifest's `build` (rehydrate.py adds
    `rehydrated_from`)."""
    mode = build.get("text_mode", DEFAULT)
    source = build.get("rehydrated_from")
    if source is None:
        return f"Text mode: `{mode}`" + ("." if mode == DEFAULT else " (page text withheld; see the License).")
    return (f"Text mode: `{mode}`: `newstables rehydrate` restored the text of {source['restored']} of the "
            f"{source['articles']} articles release {source['version']} (`{source['text_mode']}`) withheld, from the "
            "user's own raw files.")


def statement(text_mode: str) -> str:
    """The card's line on what text this release carries, listing every withheld column from the contracts."""
    if text_mode == DEFAULT:
        return ("**Text in this release:** all of it (text mode `full`): article bodies and the words every "
                "other table copies from them.")
    withheld = [f"`{name}.{c.name}`" + (f" (its items' `{'`, `'.join(c.withheld_fields)}`)" if c.withheld_fields
                                         else "")
                for name, contract in CONTRACTS.items() for c in withheld_columns(contract, text_mode)]
    kept = ("the other tables keep their own short spans (Quotebank-style excerpts)" if text_mode == "snippets" else
            "short phrases that are not spans (`title`, `byline`, `date_text`, `place_text`, `claim_source`, "
            "`speaker_title`, entity titles) and normalised names stay")
    return (f"**Text in this release:** withheld (`build --text {text_mode}`). Null here: {', '.join(withheld)}; "
            f"{kept}. Ids, offsets, types and metadata are as in a full release, and each article keeps "
            "`body_sha256` and `body_length`: with your own copy of the raw files, `newstables rehydrate RELEASE "
            "RAW` restores the text, checked by sha256.")
