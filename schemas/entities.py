"""Contract of the `entities` table: one row per named-entity mention."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")

ENTITIES = Contract(
    name="entities",
    description="One row per mention of a named entity in an article body, linked to its canonical entity.",
    sort_key=("article_id", "char_start", "char_end", "mention_id"),
    spans=(Span("char_start", "char_end", "text"),),
    id_from=("article_id", "char_start", "char_end"),
    columns=(
        Column("mention_id", "string", "Stable id: hash of article_id and the span.", unique=True,
               pattern=rf"men_{ID_HASH}"),
        Column("article_id", "string", "The article the mention is in.", references="articles.article_id"),
        Column("char_start", "int32", "Char offset of the mention in the article body.", min=0),
        Column("char_end", "int32", "Char offset just past the mention in the article body.", min=0),
        Column("text", "string", "The mention as written (`body[char_start:char_end]`).", withheld_from="none"),
        Column("label", "string", "Entity type (OntoNotes labels).", allowed=ENTITY_LABELS),
        Column("sentence_index", "int32", "Index of the sentence holding the mention, from 0.", min=0),
        Column("detected_by", "string", "Which component found the mention: the gazetteer (its EntityRuler, or a "
               "nationality or group word the NER missed, `Shi’ite`), spaCy's statistical NER, or `short-form`: a "
               "bare surname of a person the same article names in full.",
               allowed=("gazetteer", "ner", "short-form")),
        Column("title", "string", "A role or title attached to a person in the text: a pre-modifier "
               "(`Revolutionary Guards intelligence chief`) or an appositive (`the spokesman for ...`).",
               nullable=True),
        Column("is_source", "bool", "The mention is cited as a source: subject of a reporting verb (`Reuters "
               "reported`), the one told (`told MEE`), or `according to` it."),
        Column("entity_id", "string", "Canonical entity (see `entity_catalog`): the id the previous build of the same "
               "work folder gave this entity's mentions, else a hash of its type and canonical name (never of its "
               "Wikidata id, so linking later keeps ids).", pattern=rf"ent_{ID_HASH}",
               references="entity_catalog.entity_id"),
        Column("entity_name", "string", "Canonical name of the entity (`Hossein Taeb` for `Taeb`, `Popular "
               "Mobilization Forces` for `PMF`, `Esmail Qaani` for `Esmail Ghaani`, `United States` for `US`, "
               "`Shia` for `Shi'ite`)."),
        Column("entity_type", "string", "Type of the canonical entity.", allowed=ENTITY_LABELS),
        Column("wikidata_id", "string", "Wikidata QID of the entity, from the curated alias table.", nullable=True,
               pattern=r"Q[1-9][0-9]*"),
        Column("country_code", "string", "ISO 3166-1 alpha-2 code: of a country mention, of a gazetteer place's "
               "country, or the country of a nationality (NORP `Iranians` -> `IR`). A NORP mention's entity is the "
               "nationality or group (`Iranian`), not the country (`Iran`): group by this code to count both. "
               "Religious and ethnic groups (`Shia`, `Kurdish`) have none.", nullable=True, pattern=r"[A-Z]{2}"),
    ),
)
