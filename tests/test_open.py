"""`newstables.open(DIR)`: a DuckDB connection with a view per table and the joined views, and the card's
"Querying with DuckDB" examples run as written against the seed release."""

import re

import pytest

import newstables
from newstables.build.describe.card import CARD_TEMPLATE
from newstables.schemas import CONTRACTS
from newstables.validation.layout import read_table, shard_files


def _card_queries() -> list[str]:
    text = CARD_TEMPLATE.read_text(encoding="utf-8")
    section = text.split("## Querying with DuckDB", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


@pytest.fixture(scope="module")
def con(release):
    return newstables.open(release)


def test_one_view_per_table_holds_its_shards(con, release):
    for name in CONTRACTS:
        expected = read_table(release, name).num_rows if shard_files(release, name) else 0
        assert con.sql(f"SELECT count(*) FROM {name}").fetchall() == [(expected,)]


def test_the_joined_views_keep_every_row_and_add_the_joined_columns(con):
    for view, table in (("quotes_enriched", "quotes"), ("events_enriched", "events")):
        n = con.sql(f"SELECT count(*) FROM {table}").fetchall()
        assert con.sql(f"SELECT count(*) FROM {view}").fetchall() == n
    linked = con.sql("SELECT count(*) FROM quotes_enriched WHERE speaker_entity_id IS NOT NULL "
                     "AND speaker_entity_name IS NULL").fetchall()
    assert linked == [(0,)]
    columns = {row[0] for row in con.sql("DESCRIBE events_enriched").fetchall()}
    assert {"outlet", "published_date", "actor_entity_type", "recipient_wikidata_id"} <= columns
    assert not {"actors", "recipients", "mentions"} & columns


def test_cooccurrence_counts_distinct_sentences_of_originals(con):
    expected = con.sql("""
        SELECT count(DISTINCT (x.article_id, x.sentence_index))
        FROM entities x JOIN entities y USING (article_id, sentence_index) JOIN articles a USING (article_id)
        WHERE x.entity_name = 'United States' AND y.entity_name = 'Iran' AND a.duplicate_of IS NULL""").fetchall()
    got = con.sql("SELECT sentences FROM entity_cooccurrence WHERE 'Iran' IN (entity_name_1, entity_name_2) "
                  "AND 'United States' IN (entity_name_1, entity_name_2)").fetchall()
    assert got == expected and expected[0][0] > 0
    assert con.sql("SELECT count(*) FROM entity_cooccurrence WHERE entity_id_1 >= entity_id_2").fetchall() == [(0,)]


def test_the_cards_example_queries_run_and_find_rows(con):
    queries = _card_queries()
    assert len(queries) == 3
    for sql in queries:
        assert con.sql(sql).fetchall(), sql


def test_a_folder_that_is_not_a_release_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a newstables release"):
        newstables.open(tmp_path)
