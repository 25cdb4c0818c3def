"""A release as a DuckDB connection: one view per table over its Parquet shards, plus joined views for the
questions users ask first. The SQL of the joined views is documented in the card ("Querying with DuckDB")."""

from __future__ import annotations

from pathlib import Path

from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.layout import MANIFEST, shard_files

# Selected with `q.*` / `e.*` rather than by name, so they follow the tables' columns.
JOINED = {
    # Each quote with its speaker's catalog entry (NULL when the speaker is unlinked) and its article's outlet and
    # publication time.
    "quotes_enriched": """
        SELECT q.*, c.name AS speaker_entity_name, c.type AS speaker_entity_type,
               c.wikidata_id AS speaker_wikidata_id, c.country_code AS speaker_country_code,
               a.outlet, a.published_at, CAST(a.published_at AS DATE) AS published_date
        FROM quotes q
        JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN entity_catalog c ON c.entity_id = q.speaker_entity_id""",
    # Each event flat: the nested lists dropped (the first actor and recipient are already columns), their
    # catalog type and Wikidata id added, with the outlet and publication time of the event's article.
    "events_enriched": """
        SELECT e.* EXCLUDE (actors, recipients, mentions),
               ac.type AS actor_entity_type, ac.wikidata_id AS actor_wikidata_id,
               rc.type AS recipient_entity_type, rc.wikidata_id AS recipient_wikidata_id,
               a.outlet, a.published_at, CAST(a.published_at AS DATE) AS published_date
        FROM events e
        JOIN articles a ON a.article_id = e.article_id
        LEFT JOIN entity_catalog ac ON ac.entity_id = e.actor_entity_id
        LEFT JOIN entity_catalog rc ON rc.entity_id = e.recipient_entity_id""",
    # Pairs of distinct entities mentioned in one sentence (same article_id and sentence_index), each pair once
    # (entity_id_1 < entity_id_2); `sentences` counts sentences, not mentions, and `articles` the articles they
    # are in. Articles marked `duplicate_of` another are left out so a reprinted story counts once.
    "entity_cooccurrence": """
        WITH mention AS (
            SELECT DISTINCT m.article_id, m.sentence_index, m.entity_id, m.entity_name
            FROM entities m JOIN articles a ON a.article_id = m.article_id
            WHERE a.duplicate_of IS NULL)
        SELECT x.entity_id AS entity_id_1, x.entity_name AS entity_name_1,
               y.entity_id AS entity_id_2, y.entity_name AS entity_name_2,
               count(*) AS sentences, count(DISTINCT x.article_id) AS articles
        FROM mention x
        JOIN mention y ON y.article_id = x.article_id AND y.sentence_index = x.sentence_index
                      AND x.entity_id < y.entity_id
        GROUP BY ALL""",
}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open(folder):  # shadows the builtin on purpose: the public name is `newstables.open`
    """A DuckDB connection with a view per table of the release in `folder` (articles, entities, quotes, events,
    entity_catalog) and the joined views quotes_enriched, events_enriched and entity_cooccurrence."""
    import duckdb

    import pyarrow as pa

    folder = Path(folder).resolve()
    if not (folder / MANIFEST).is_file():
        raise FileNotFoundError(f"{folder} has no {MANIFEST}: not a newstables release")
    con = duckdb.connect()  # in memory: the views read the shards in place
    for table, contract in CONTRACTS.items():
        shards = [str(folder / rel) for rel in shard_files(folder, table)]
        if shards:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{', '.join(map(_quoted, shards))}])")
        else:  # a table this release does not have (e.g. an older one): empty, with the contract's columns
            con.register(table, pa.table({f.name: [] for f in arrow_schema(contract)}, schema=arrow_schema(contract)))
    for name, sql in JOINED.items():
        con.execute(f"CREATE VIEW {name} AS {sql}")
    return con
