"""The card's Coverage section, counted from a release folder's Parquet files (only the columns it needs)."""

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq

from newstables.build.describe.coverage import TOP_OUTLETS, coverage_markdown
from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.layout import shard_path

UTC = dt.timezone.utc


def _write(folder, table, columns: dict):
    """A shard holding only these columns of the table, typed as its contract says."""
    schema = arrow_schema(CONTRACTS[table])
    data = pa.table({name: pa.array(values, type=schema.field(name).type) for name, values in columns.items()})
    path = folder / shard_path(table, 0, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, path)


def _articles(folder, outlets, dates, languages=None):
    n = len(outlets)
    _write(folder, "articles", {
        "source_file": [f"{i % 2}.txt" for i in range(n)],
        "duplicate_of": [None] * (n - 1) + ["art_x"],
        "story_id": [f"sto_{i % 3}" for i in range(n)],
        "outlet": outlets,
        "published_at": dates,
        "published_at_precision": ["day" if d else None for d in dates],
        "language": languages or ["en"] * n,
        "language_source": ["detected"] * n,
    })


def test_counts_come_from_the_written_tables(tmp_path):
    dates = [dt.datetime(2021, 3, 5, tzinfo=UTC), None, dt.datetime(2020, 1, 2, tzinfo=UTC), None]
    _articles(tmp_path, ["B", "A", None, "A"], dates, ["en", "en", "und", "en"])
    _write(tmp_path, "events", {"actor_name": ["Iran", None, None], "recipient_name": [None, "Iraq", None]})
    (tmp_path / "rejects.jsonl").write_text(json.dumps({"reason": "empty"}) + "\n" + json.dumps({"reason": "binary"})
                                            + "\n" + json.dumps({"reason": "empty"}) + "\n")
    text = coverage_markdown(tmp_path)
    assert "`articles` 4, `entities` 0, `quotes` 0, `events` 3" in text
    assert "**Articles**: 4 from 2 raw files, in 3 story clusters" in text and "(`duplicate_of` set): 1." in text
    assert "2020-01-02 to 2021-03-05 for the 2 dated articles (by precision: day 2); 2 articles have no date" in text
    assert "`en` (detected) 3, `und` (detected) 1" in text
    assert "2 named; 1 articles name no outlet" in text
    assert "| A | 2 |\n| B | 1 |" in text  # most articles first
    assert "3 (empty 2, binary 1)" in text
    assert "**Events**: 3; 1 (33.3%) have neither an actor nor a recipient" in text


def test_only_the_top_outlets_are_listed_with_the_rest_summed(tmp_path):
    outlets = [f"Outlet {i:02d}" for i in range(TOP_OUTLETS + 3)] + ["Outlet 00"]
    _articles(tmp_path, outlets, [None] * len(outlets))
    text = coverage_markdown(tmp_path)
    assert f"{TOP_OUTLETS + 3} named" in text and "| Outlet 00 | 2 |" in text
    assert "| 3 more outlets | 3 |" in text and "Outlet 12" not in text
    assert "none known; 14 articles have no date" in text


def test_a_folder_without_tables_still_renders(tmp_path):
    text = coverage_markdown(tmp_path)
    assert "`articles` 0" in text and "**Articles**: 0 from 0 raw files" in text
    assert "0 named; 0 articles name no outlet" in text and "| outlet |" not in text
    assert "**Events**: 0; 0 have neither" in text and "**Rejected inputs**" in text
