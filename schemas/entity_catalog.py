"""Contract of the `entity_catalog` table: one row per canonical entity."""

from newstables.schemas.contract import ID_HASH, Column, Contract
from newstables.schemas.entities import ENTITY_LABELS

ENTITY_CATALOG = Contract(
    name="entity_catalog",
    description="One row per canonical entity: its name, type, every spelling seen, Wikidata id and how often "
                "and when it is mentioned.",
    sort_key=("entity_id",),
    columns=(
        Column("entity_id", "string", "Canonical entity id, as in `entities.entity_id`.", unique=True,
               pattern=rf"ent_{ID_HASH}"),
        Column("name", "string", "Canonical name: the gazetteer's name, the country's ISO name, a nationality's "
               "first demonym or a group's name (`Syrian` for `Syrians`, `Shia` for `Shiite`, `Shi'ite`; "
               "build/data/demonyms.tsv and groups.tsv), or the most frequent full spelling."),
        Column("type", "string", "Entity type.", allowed=ENTITY_LABELS),
        Column("aliases", "list<string>", "Every spelling mentioned in the corpus, sorted."),
        Column("wikidata_id", "string", "Wikidata QID, from the curated alias table.", nullable=True,
               pattern=r"Q[1-9][0-9]*"),
        Column("country_code", "string", "ISO 3166-1 alpha-2 code of a country, of a gazetteer place's country, "
               "or of a nationality's country (`Syrian` -> `SY`, the code of the GPE entity `Syria`).",
               nullable=True, pattern=r"[A-Z]{2}"),
        Column("mention_count", "int32", "Mentions in the corpus.", min=1),
        Column("article_count", "int32", "Articles that mention it.", min=1),
        Column("first_article_date", "timestamp[us, tz=UTC]", "Earliest `published_at` of an article that mentions it "
               "(null when no such article is dated).", nullable=True),
        Column("last_article_date", "timestamp[us, tz=UTC]", "Latest `published_at` of an article that mentions it.",
               nullable=True),
    ),
)
