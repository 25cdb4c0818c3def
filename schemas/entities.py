"""Contract of the `entities` table: one row per named-entity mention."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")

ENTITIES = Contract(
    name="entities",
    description="One row per mention of a named entity in an article body, linked to its canonical entity.",
    sort_key=("article_id", "start", "end", "mention_id"),
    spans=(Span("start", "end", "text"),),
    id_from=("article_id", "start", "end"),
    columns=(
        Column("mention_id", "string", "Stable id: hash of article_id and the span.", unique=True,
               pattern=rf"men_{ID_HASH}"),
        Column("article_id", "string", "The article the mention is in.", references="articles.article_id"),
        Column("start", "int32", "Char offset of the mention in the article body.", min=0),
        Column("end", "int32", "Char offset just past the mention in the article body.", min=0),
        Column("text", "string", "The mention as written (`body[start:end]`)."),
        Column("label", "string", "Entity type (OntoNotes labels).", allowed=ENTITY_LABELS),
        Column("sentence_index", "int32", "Index of the sentence holding the mention, from 0.", min=0),
        Column("detected_by", "string", "Which component found the mention: the gazetteer's EntityRuler, spaCy's "
               "statistical NER, or `short-form`: a bare surname of a person the same article names in full.",
               allowed=("gazetteer", "ner", "short-form")),
        Column("entity_id", "string", "Canonical entity: a hash of its canonical name and type.",
               pattern=rf"ent_{ID_HASH}"),
        Column("entity_name", "string", "Canonical name of the entity (e.g. `Hossein Taeb` for `Taeb`)."),
    ),
)
