"""Contract of the `events` table: one row per event, typed with the PLOVER ontology."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_PARTICIPANTS = "list<struct<text:string,start:int32,end:int32,entity_id:string>>"

EVENTS = Contract(
    name="events",
    description="One row per event: who did what to whom, when and where, with the sentence it was read from.",
    sort_key=("article_id", "start", "trigger_start", "event_id"),
    spans=(Span("start", "end", "text"), Span("trigger_start", "trigger_end", "trigger"),
           Span("start", "end", "text", within="actors"), Span("start", "end", "text", within="recipients")),
    id_from=("article_id", "event_type", "trigger_start"),
    nested_references=(("actors", "entity_id", "entity_catalog.entity_id"),
                       ("recipients", "entity_id", "entity_catalog.entity_id")),
    columns=(
        Column("event_id", "string", "Stable id: hash of article_id, event type and trigger span.", unique=True,
               pattern=rf"evt_{ID_HASH}"),
        Column("article_id", "string", "The article reporting the event.", references="articles.article_id"),
        Column("event_type", "string", "PLOVER event type.", allowed=PLOVER_TYPES),
        Column("trigger", "string", "The word that signals the event (`body[trigger_start:trigger_end]`)."),
        Column("trigger_start", "int32", "Char offset of the trigger in the body.", min=0),
        Column("trigger_end", "int32", "Char offset just past the trigger.", min=0),
        Column("actors", _PARTICIPANTS, "Who acts: text and span in the body; `entity_id` when it names an entity "
               "(null otherwise)."),
        Column("recipients", _PARTICIPANTS, "Who or what is acted on, same shape as `actors`."),
        Column("date", "date32", "The event's date, when the text gives it fully or it can be resolved from the "
               "article's publication date.", nullable=True),
        Column("date_precision", "string", "Precision of `date`.", nullable=True, allowed=("day", "month", "year")),
        Column("date_text", "string", "The words the date came from (`July 7`, `26 February`).", nullable=True),
        Column("location_text", "string", "The place named for the event, as written.", nullable=True),
        Column("sentence_index", "int32", "Index of the evidence sentence, from 0.", min=0),
        Column("start", "int32", "Char offset of the evidence sentence in the body.", min=0),
        Column("end", "int32", "Char offset just past the evidence sentence.", min=0),
        Column("text", "string", "The evidence sentence (`body[start:end]`)."),
    ),
)
