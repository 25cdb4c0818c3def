"""Participant resolution: an event mention's actors and recipients, found as spans by the extract stage, become
the entities mentioned there (event merging then compares reports by these entities), each coded with a country
and a sector from the actor codebook (build/link/actors.py, build/data/actor_codebook.yaml).

- The span to link is the entity the phrase is, else its head word. A collective head ('US forces',
  'Kataib Hezbollah fighters') stands for the organisation or country named in front of it, so that entity is
  linked; a single person described by one ('the Quds Force leader') is not that entity.
- Country and sector come from the linked entity, the person's title, the phrase's words and, failing those,
  a codebook-listed organisation named in the phrase ('the Quds Force leader': military, IR).
"""

from __future__ import annotations

from newstables.build.link.actors import code_actor, is_collective, load_codebook
from newstables.build.names import name_key
from newstables.build.link.mention_index import MentionIndex

MODIFIER_TYPES = ("ORG", "GPE")  # a nationality (NORP) only gives the country
FLAT = ("name", "entity_id", "country_code", "sector")


def _inside(index: MentionIndex, article_id: str, start: int, end: int) -> list[dict]:
    return sorted((m for m in index.by_article.get(article_id, []) if start <= m["char_start"] and m["char_end"] <= end),
                  key=lambda m: m["char_start"])


def resolve_participant(p: dict, article_id: str, index: MentionIndex) -> None:
    """Set entity_id, country_code and sector on one participant (popping its link span)."""
    link_start, link_end = p.pop("link_start", None), p.pop("link_end", None)
    mention = index.mention_at(article_id, link_start, link_end)
    start, end = p.get("char_start"), p.get("char_end")
    inside = _inside(index, article_id, start, end) if start is not None and end is not None else []
    if mention is None and inside and link_start is not None and start <= link_start and link_end <= end:
        head = p["text"][link_start - start:link_end - start]
        if is_collective(head):
            mention = next((m for m in inside if m.get("entity_type") in MODIFIER_TYPES and m["char_end"] <= link_start),
                           None)
    p["entity_id"] = mention["entity_id"] if mention else None
    country, sector = code_actor(p.get("text") or "", mention.get("entity_name") if mention else None,
                                 mention.get("entity_type") if mention else None,
                                 mention.get("country_code") if mention else None,
                                 mention.get("title") if mention else None)
    listed = load_codebook()["entities"]
    for m in inside:  # 'the Quds Force leader': the organisation named in the phrase
        entry = listed.get(name_key(m.get("entity_name") or m["text"]))
        if entry is not None:
            sector = sector or entry.get("sector")
            country = country or entry.get("country")
        country = country or m.get("country_code")
    p["country_code"], p["sector"] = country, sector


def link_participants(events: list[dict], index: MentionIndex) -> None:
    """Set entity_id, country_code and sector on every actor and recipient of every event mention (after
    entity linking)."""
    for e in events:
        for participant in e["actors"] + e["recipients"]:
            resolve_participant(participant, e["article_id"], index)


def flatten_participants(events: list[dict], catalog: list[dict]) -> None:
    """The first actor and the first recipient of each merged event as flat columns (`actor_name`,
    `actor_entity_id`, `actor_country_code`, `actor_sector`, and `recipient_*`): the entity's canonical name
    when linked, else the phrase as written."""
    names = {c["entity_id"]: c["name"] for c in catalog}
    for e in events:
        for role, field in (("actor", "actors"), ("recipient", "recipients")):
            first = e[field][0] if e[field] else None
            e[f"{role}_name"] = (names.get(first["entity_id"]) or first["text"]) if first else None
            for key in FLAT[1:]:
                e[f"{role}_{key}"] = first.get(key) if first else None
