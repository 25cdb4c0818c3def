"""Contracts of the work tables: what the per-article extract stage hands to the corpus-level link stage, stored
as Parquet shards in the build's work folder. Each derives from its published table's contract: the columns
linking fills are dropped, the per-article evidence linking reads is added, and nothing else crosses."""

from dataclasses import replace

from newstables.schemas.articles import ARTICLES
from newstables.schemas.contract import Column, Contract
from newstables.schemas.entities import ENTITIES
from newstables.schemas.events import EVENTS
from newstables.schemas.quotes import QUOTES

WORK_KEY = Column("work_key", "string", "The article's key in the work folder: a hash of its row and of the "
                  "pipeline's fingerprint, so a changed article or a changed pipeline is extracted again.",
                  pattern=r"[0-9a-f]{64}")
_LINK = (Column("link_start", "int32", "Start of the span to link to an entity (the speaker's mention, a "
                "pronoun's antecedent, the person a description refers to).", nullable=True, min=0),
         Column("link_end", "int32", "End of the span to link.", nullable=True, min=0))
_PARTICIPANTS = "list<struct<text:string,char_start:int32,char_end:int32,entity_id:string,role:string,link_start:int32," \
                "link_end:int32>>"


def _derived(base: Contract, name: str, description: str, drop: tuple[str, ...] = (),
             add: tuple[Column, ...] = (), open_until_linked: tuple[str, ...] = ()) -> Contract:
    """`open_until_linked`: columns that may still be null here; linking decides them."""
    columns = tuple(replace(c, nullable=True) if c.name in open_until_linked else c
                    for c in base.columns if c.name not in drop)
    return Contract(name=name, description=description, columns=(WORK_KEY, *columns, *add),
                    sort_key=("work_key",))


SEGMENT_WORK = _derived(
    ARTICLES, "segment_work", "An article as segmenting its raw document gave it, before any extraction.",
    drop=("duplicate_of", "story_id"),
    add=(Column("dropped_lines", "list<struct<rule:string,lines:int32>>", "Lines of the story each furniture rule "
                "left out, for the manifest."),))
ARTICLE_WORK = _derived(
    ARTICLES, "article_work", "An article's row before linking, with the lede terms story clustering compares.",
    drop=("duplicate_of", "story_id"),
    add=(Column("story_terms", "list<string>", "Salient lemmas of the title and lede."),
         Column("body_signature", "list<int64>", "MinHash of the body's word shingles, which near-duplicate "
                "detection compares.")))
MENTION_WORK = _derived(
    ENTITIES, "mention_work", "An entity mention before linking.",
    drop=("entity_id", "entity_name", "entity_type", "wikidata_id", "country_code"),
    add=(Column("canonical", "string", "The mention's full name within its article (surname -> full name)."),
         Column("mention_country_code", "string", "Country of a nationality or country mention.", nullable=True)))
QUOTE_WORK = _derived(
    QUOTES, "quote_work", "A quotation before its speaker is linked to an entity.",
    drop=("speaker_entity_id", "quote_cluster_id"), add=_LINK)
EVENT_MENTION_WORK = _derived(
    EVENTS, "event_mention_work", "One report of an event in one sentence, before reports are merged.",
    drop=("event_id", "acled_event_type", "acled_sub_event_type", "actors", "recipients", "mentions",
          "n_articles", "n_outlets", "place_source", "killed_min", "wounded_min", "arrested_min", "casualty_conflict",
          *(f"{role}_{key}" for role in ("actor", "recipient")
            for key in ("name", "entity_id", "country_code", "sector"))),
    open_until_linked=("is_centroid",),
    add=(Column("actors", _PARTICIPANTS, "Who acts, with the span to link."),
         Column("recipients", _PARTICIPANTS, "Who or what is acted on, with the span to link."),
         Column("definite", "bool", "The trigger is a definite noun (`the attack`): it may refer back to an event "
                "reported elsewhere."),
         Column("means", "list<string>", "Means and manner words (`drone`, `rocket`, `visit`)."),
         Column("month", "string", "Month named by a year-less date.", nullable=True),
         Column("month_day", "string", "Month and day named by a year-less date.", nullable=True),
         Column("within", "string", "The town holding the place, when the place is a site.", nullable=True),
         Column("victims", "list<string>", "People named as killed.")))

WORK_CONTRACTS: dict[str, Contract] = {c.name: c for c in (SEGMENT_WORK, ARTICLE_WORK, MENTION_WORK, QUOTE_WORK,
                                                           EVENT_MENTION_WORK)}

# Not a stage's hand-over but the build's memory: which id each cluster got, so the next build can keep it.
ID_REGISTRY = Contract(
    name="id_registry", description="The clusters of the last published build and their ids, one row per member.",
    sort_key=("kind", "id", "member"),
    columns=(Column("kind", "string", "What is clustered.", allowed=("story", "entity", "event", "quote_cluster")),
             Column("id", "string", "The cluster's id as published (`story_id`, `entity_id`, `event_id`)."),
             Column("member", "string", "A member's stable content key: an article's `article_id`, an entity "
                    "mention's `mention_id` (a hash of its article and offsets), or an event mention's article and "
                    "trigger offset (`article_id@trigger_start`).")))
