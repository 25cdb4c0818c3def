"""Corpus-level entity linking: one canonical entity per real-world actor or place, across spellings and articles.

Mentions are grouped by type and normalised name, then groups merge when
- they name the same gazetteer entry (the alias table, which holds the nationalities and religious, ethnic and
  political groups: 'Syrians' -> Syrian, 'Shi'ite' -> Shia; see build/gazetteer.py), or the same country
  (pycountry), or
- their names are transliteration variants: the same sound key (build.names) and a fuzzy match (rapidfuzz) of
  their normalised names of at least FUZZY_MIN, with the same number of words. A one-word PERSON name never
  merges across articles: a bare surname needs the article's own full name as evidence.
The entity id hashes the type and the canonical name, never the Wikidata id, so linking an entity to Wikidata
later does not change its id; an entity an earlier build published keeps that build's id (build/link/registry.py).
Speakers and event participants reach the entities later, in build/link/speakers.py and participants.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz

from newstables.schemas.ids import stable_id
from newstables.build.link.groups import Groups
from newstables.build.countries import country_code, country_name
from newstables.build.gazetteer import linked_entry
from newstables.build.names import name_key, sound_key
from newstables.build.config import CONFIG

FUZZY_MIN = CONFIG.link.fuzzy_name_min
RULE = {"version": "entities-2", "fuzzy": f"rapidfuzz ratio >= {FUZZY_MIN} on normalised names with equal sound "
        "key, type and word count", "single_word_person": "never merged across articles",
        "norp": "one entity per nationality or group (data/demonyms.tsv, data/groups.tsv) with its country's code"}


def _group_key(label: str, canonical: str, aliases: dict[str, dict]) -> tuple[tuple, bool]:
    """The strongest identity a name has: gazetteer entry, country, or (type, normalised name); and whether it
    holds only within its article (a bare surname: its key then ends with the article)."""
    if label == "GPE" and (code := country_code(canonical)):
        return ("country", code), False
    entry = linked_entry(aliases, canonical, label)
    if entry is not None:
        return ("gazetteer", entry["name"]), False
    return ("name", label, name_key(canonical)), label == "PERSON" and " " not in canonical.strip()


def _group_keys(mentions: list[dict], aliases: dict[str, dict]) -> list[tuple]:
    """Each mention's group key, worked out once per distinct type and name (a corpus repeats them)."""
    known: dict[tuple[str, str], tuple[tuple, bool]] = {}
    keys = []
    for m in mentions:
        name = (m["label"], m["canonical"])
        if name not in known:
            known[name] = _group_key(*name, aliases)
        key, local = known[name]
        keys.append((*key, m["article_id"]) if local else key)
    return keys


def _merge_variants(keys: list[tuple], groups: Groups) -> None:
    blocks = defaultdict(list)
    for key in keys:
        if key[0] == "name" and len(key) == 3:
            blocks[(key[1], sound_key(key[2]))].append(key)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if len(a[2].split()) == len(b[2].split()) and fuzz.ratio(a[2], b[2]) >= FUZZY_MIN:
                    groups.join(a, b)


def _country_code(roots: list[tuple], entry: dict | None) -> str | None:
    """A country's own code, else its entry's: a place's country, a nationality's ('Syrian' -> SY)."""
    for root in roots:
        if root[0] == "country":
            return root[1]
    return (entry or {}).get("country_code")


def _identity(root: tuple, members: list[dict], aliases: dict[str, dict], country_entries: dict[str, dict]
              ) -> tuple[str, str, dict | None]:
    """A group's canonical name, type and gazetteer entry."""
    if root[0] == "country":
        entry = country_entries.get(root[1])
        return (entry["name"] if entry else country_name(root[1])), "GPE", entry
    entry = aliases.get(name_key(root[1])) if root[0] == "gazetteer" else None
    if entry is not None:
        return entry["name"], entry["label"], entry
    names = Counter(m["canonical"] for m in members)
    types = Counter(m["label"] for m in members)
    return min(names, key=lambda n: (-names[n], -len(n), n)), min(types, key=lambda t: (-types[t], t)), None


def _entities(by_group: dict[tuple, list[dict]], aliases: dict[str, dict]) -> dict[str, dict]:
    """entity_id -> the groups it gathers. Groups that come out with the same type and name (a country and the
    gazetteer entry of the same name, spellings that differ only in invisible marks) are one entity, so the id
    is unique by construction."""
    country_entries = {e["country_code"]: e for e in aliases.values()
                       if e.get("country_code") and country_code(e["name"]) == e["country_code"]}
    entities: dict[str, dict] = {}
    for root, members in sorted(by_group.items(), key=lambda kv: str(kv[0])):
        name, etype, entry = _identity(root, members, aliases, country_entries)
        local = root[3:]  # an article-local bare surname carries its article in the id
        entity = entities.setdefault(stable_id("ent", etype, name_key(name), *local),
                                     {"name": name, "type": etype, "entry": None, "roots": [], "members": []})
        entity["entry"] = entity["entry"] or entry
        entity["roots"].append(root)
        entity["members"] += members
    return entities


def link_mentions(mentions: list[dict], articles: list[dict], aliases: dict[str, dict]) -> list[dict]:
    """Set entity_id, entity_name, entity_type, wikidata_id and country_code on every mention; return the
    entity catalog rows."""
    keys = _group_keys(mentions, aliases)
    distinct = sorted(set(keys))
    groups = Groups(distinct)
    _merge_variants(distinct, groups)
    root = {key: groups.find(key) for key in distinct}
    by_group: dict[tuple, list[dict]] = defaultdict(list)
    for m, key in zip(mentions, keys):
        by_group[root[key]].append(m)

    published = {a["article_id"]: a["published_at"] for a in articles}
    catalog = []
    for entity_id, entity in sorted(_entities(by_group, aliases).items()):
        name, etype, entry, members = entity["name"], entity["type"], entity["entry"], entity["members"]
        code = _country_code(entity["roots"], entry)
        wikidata = (entry or {}).get("wikidata_id") or (aliases.get(name_key(name)) or {}).get("wikidata_id")
        in_articles = dict.fromkeys(m["article_id"] for m in members)  # in order: min and max pick the same
        dates = [published[a] for a in in_articles if published.get(a) is not None]
        for m in members:
            m.update(entity_id=entity_id, entity_name=name, entity_type=etype, wikidata_id=wikidata,
                     country_code=m.pop("mention_country_code") or code)
            m.pop("canonical")
        catalog.append({
            "entity_id": entity_id, "name": name, "type": etype, "wikidata_id": wikidata, "country_code": code,
            "aliases": sorted({m["text"] for m in members}),
            "mention_count": len(members), "article_count": len(in_articles),
            "first_article_date": min(dates, default=None), "last_article_date": max(dates, default=None),
        })
    return catalog

