"""Merge event mentions into real-world events: one row per event, however many reports tell it.

Rule `events-merge-1` (recorded in the manifest):
1. A syndicated copy's mentions join the original's (same sentence, same trigger).
2. Within an article, a definite event noun ('the meeting', 'the blast', 'the US air strikes') refers back to the
   most recent earlier event of the same type, unless date or place conflict.
3. Within and across articles, two mentions of the same type merge when nothing conflicts and at least two
   kinds of evidence agree: shared participants (entity or head noun), a compatible place below country level,
   a compatible date (overlapping ranges, the same month and day, or the same date words), the same mode.
Conflicts: known dates that do not overlap (one day of slack), different month-days, places in different
countries or different towns/sites that do not contain each other, different modes (drone vs grenade).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from newstables.build.extract.places import PRECISION_OF_PLACE
from newstables.build.ids import stable_id
from newstables.build.link.groups import Groups
from newstables.build.link.names import name_key

RULE = {"version": "events-merge-1", "within_article": "definite event nouns refer back to the latest event of "
        "their kind, else type", "on_evidence": "same type, no date/place/mode conflict, at least two of: shared "
        "participant, compatible sub-country place, compatible date, same mode"}
CROSSWALK = Path(__file__).parent.parent / "data" / "acled_crosswalk.yaml"
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
GEO_RANK = {**PRECISION_OF_PLACE, None: len(PRECISION_OF_PLACE)}
MEANS_TYPES = {"ASSAULT"}
SPECIFIC_WORDS = 3  # words in a shared party description that make it evidence on its own
RECENT = 3  # sentences within which 'this attack' refers to the event just told
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "several", "many", "their", "its", "his",
               "her", "our"}
WEAK_HEADS = {"people", "person", "one", "some", "all", "other", "others", "they", "it", "them", "he", "she", "we"}
PLACE_FIELDS = ("place_text", "geonames_id", "latitude", "longitude", "country_code", "admin1", "geo_precision",
                "is_centroid")
DATE_FIELDS = ("date_start", "date_end", "date_precision", "date_text", "date_method")


@lru_cache(maxsize=1)
def crosswalk() -> list[dict]:
    return yaml.safe_load(CROSSWALK.read_text(encoding="utf-8"))


def acled_types(event_type: str, mode: str | None, words: set[str]) -> tuple[str | None, str | None]:
    for rule in crosswalk():
        if rule["type"] == event_type and rule.get("mode", mode) == mode and rule.get("word", None) in (None, *words):
            return tuple(rule["acled"])
    return None, None


def _participant_keys(m: dict) -> set[str]:
    """Entities, and described parties by their whole description ('several Iraqi militia leaders'): a bare head
    noun ('leaders') is too weak to say two reports share a party."""
    keys = set()
    for p in m["actors"] + m["recipients"]:
        if p["entity_id"]:
            keys.add(p["entity_id"])
            continue
        words = [w for w in name_key(p["text"]).split() if w not in DETERMINERS]
        if len(words) >= 2 and words[-1] not in WEAK_HEADS:
            keys.add(" ".join(words))
    return keys


def _place_relation(a: dict, b: dict) -> str:
    """'same', 'unknown' or 'conflict'."""
    if not a.get("geo_precision") or not b.get("geo_precision"):
        return "unknown"
    if a.get("country_code") and b.get("country_code") and a["country_code"] != b["country_code"]:
        return "conflict"
    if "country" in (a["geo_precision"], b["geo_precision"]) or "region" in (a["geo_precision"], b["geo_precision"]):
        return "unknown"
    na, nb = name_key(a["place_text"]), name_key(b["place_text"])
    wa, wb = name_key(a.get("within") or ""), name_key(b.get("within") or "")
    if na == nb or na == wb or nb == wa:  # the same place, or a site and the town that holds it
        return "same"
    return "conflict"  # two sites of one town (Green Zone, Jadiriya) are two places


def _date_relation(a: dict, b: dict) -> str:
    if a["month_day"] and b["month_day"] and a["month_day"] != b["month_day"] and \
            a["date_precision"] in ("day", None) and b["date_precision"] in ("day", None):
        return "conflict"
    if a["month"] and b["month"] and a["month"] != b["month"] and not (a["date_start"] and b["date_start"]):
        return "conflict"  # 'June 27' and '26 February', years unknown
    if a["date_start"] and b["date_start"]:
        slack = timedelta(days=1)  # compared as gaps: `date_start - slack` overflows near date.min
        if a["date_start"] - b["date_end"] <= slack and b["date_start"] - a["date_end"] <= slack:
            return "same"
        return "conflict"
    if (a["month_day"] and a["month_day"] == b["month_day"]) or \
            (a["date_text"] and a["date_text"].lower() == (b["date_text"] or "").lower()):
        return "same"
    return "unknown"


def _mode_relation(a: dict, b: dict) -> str:
    """Different means never merge (a grenade is no missile attack); the same means is evidence only where the
    mode is a weapon, not for modes most events share ('meet')."""
    if a["event_mode"] and b["event_mode"] and a["event_type"] in MEANS_TYPES:
        return "same" if a["event_mode"] == b["event_mode"] else "conflict"
    return "unknown"  # a visit and a meeting can be one event


def _relations(a: dict, b: dict) -> dict:
    shared = _participant_keys(a) & _participant_keys(b)
    return {"date": _date_relation(a, b), "place": _place_relation(a, b), "mode": _mode_relation(a, b),
            "parties": "same" if shared else "unknown",
            # the same specific description of a party ('several Iraqi militia leaders') is a second, strong tie
            "description": "same" if any(len(k.split()) >= SPECIFIC_WORDS for k in shared) else "unknown"}


def compatible(a: dict, b: dict, needed: int) -> bool:
    relations = _relations(a, b).values()
    return "conflict" not in relations and list(relations).count("same") >= needed


def _family(m: dict) -> str:
    """'meeting' and 'met' are one kind of trigger; so are 'strike' and 'strikes'."""
    word = m["trigger"].lower()
    for suffix in ("ings", "ing", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return {"met": "meet"}.get(word, word)


def _antecedent(m: dict, earlier: list[dict], groups: Groups, article: list[dict]) -> dict | None:
    """A recent event of the type (within RECENT sentences), else the latest of the same kind of trigger, else of
    the type; never one that conflicts with anything already merged into it (so 'the grenade attack' cannot
    chain through 'this attack' to a missile attack)."""
    recent = [e for e in earlier if m["sentence_index"] - e["sentence_index"] <= RECENT]
    for pool in (recent, [e for e in earlier if _family(e) == _family(m)], earlier):
        for e in reversed(pool):
            root = groups.find(_key(e))
            if all(compatible(m, x, needed=0) for x in article if groups.find(_key(x)) == root):
                return e
    return None


def _key(m: dict) -> tuple:
    return (m["article_id"], m["trigger_start"])


def _score(m: dict) -> tuple:
    """The most informative mention represents the event: named parties, date, place; an introducing
    (indefinite) mention before a referring one."""
    filled = sum(bool(m[k]) for k in ("actors", "recipients", "date_text", "place_text", "event_mode"))
    named = sum(bool(p["entity_id"]) for p in m["actors"] + m["recipients"])
    return (-(filled + named), m["definite"], m["article_id"], m["trigger_start"])


def merge_events(mentions: list[dict], articles: list[dict]) -> list[dict]:
    """Event rows; see group_mentions for the rule."""
    by_article = {a["article_id"]: a for a in articles}
    return [_event_row(ms, by_article, _originals(articles)) for ms in group_mentions(mentions, articles)]


def _originals(articles: list[dict]) -> dict[str, str]:
    return {a["article_id"]: a["duplicate_of"] or a["article_id"] for a in articles}


def group_mentions(mentions: list[dict], articles: list[dict]) -> list[list[dict]]:
    original = _originals(articles)
    groups = Groups(_key(m) for m in mentions)
    by_type = defaultdict(list)
    for m in sorted(mentions, key=_key):
        by_type[m["event_type"]].append(m)

    for same_type in by_type.values():
        # 1. copies join their original
        index = {(original[m["article_id"]], m["text"], m["trigger"]): m for m in same_type
                 if original[m["article_id"]] == m["article_id"]}
        for m in same_type:
            twin = index.get((original[m["article_id"]], m["text"], m["trigger"]))
            if twin is not None and twin is not m:
                groups.join(_key(m), _key(twin))
        # 2. definite event nouns within an article refer back
        per_article = defaultdict(list)
        for m in same_type:
            per_article[m["article_id"]].append(m)
        for ms in per_article.values():
            for i, m in enumerate(ms):
                antecedent = _antecedent(m, ms[:i], groups, ms) if m["definite"] else None
                if antecedent is not None:
                    groups.join(_key(m), _key(antecedent))
        # 3. on evidence, within and across articles (blocked by type; pairs within a type are few in news)
        for i, a in enumerate(same_type):
            for b in same_type[i + 1:]:
                if original[a["article_id"]] != original[b["article_id"]] or a["article_id"] == b["article_id"]:
                    if compatible(a, b, needed=2):
                        groups.join(_key(a), _key(b))

    by_key = {_key(m): m for m in mentions}
    _merge_groups(groups, by_key)
    members_of = defaultdict(list)
    for k in by_key:
        members_of[groups.find(k)].append(by_key[k])
    return [ms for _, ms in sorted(members_of.items())]


def _merge_groups(groups: Groups, by_key: dict) -> None:
    """Second pass: groups merge on what they know together (a report of '3 January 2020 ... were killed' meets the
    strike whose other reports named the victims), under the same rule, checked against every member of both
    groups as merged so far, so no conflict slips in through a third group. A shared specific description
    counts as two kinds of evidence (it is both a shared party and a specific one)."""
    members = defaultdict(list)
    for k, m in by_key.items():
        members[groups.find(k)].append(m)
    roots = sorted(members)
    for i, a in enumerate(roots):
        for b in roots[i + 1:]:
            ra, rb = groups.find(a), groups.find(b)
            if ra == rb or members[ra][0]["event_type"] != members[rb][0]["event_type"]:
                continue
            pairs = [_relations(x, y) for x in members[ra] for y in members[rb]]
            if any("conflict" in r.values() for r in pairs):
                continue
            if len({kind for r in pairs for kind, rel in r.items() if rel == "same"}) >= 2:
                groups.join(ra, rb)
                merged = members.pop(ra) + members.pop(rb)
                members[groups.find(ra)] = merged


def _best(ms: list[dict], rank: dict, field: str) -> dict:
    return min(ms, key=lambda m: (rank[m.get(field)], _key(m)))


def _event_row(ms: list[dict], by_article: dict, original: dict) -> dict:
    rep = min(ms, key=_score)
    dated = _best(ms, PRECISION_RANK, "date_precision") if any(m["date_precision"] for m in ms) else \
        next((m for m in sorted(ms, key=_key) if m["date_text"]), rep)
    placed = _best(ms, GEO_RANK, "geo_precision") if any(m.get("geo_precision") for m in ms) else rep
    mode = Counter(m["event_mode"] for m in ms if m["event_mode"]).most_common(1)
    mode = mode[0][0] if mode else None
    words = {w for m in ms for w in m["means"]}
    acled_type, acled_sub = acled_types(rep["event_type"], mode, words)
    actors, recipients = _union(ms, "actors"), _union(ms, "recipients")
    reports = {original[m["article_id"]] for m in ms}
    outlets = {by_article[m["article_id"]]["outlet"] for m in ms if by_article[m["article_id"]]["outlet"]}
    return {
        "event_id": stable_id("evt", *min(_key(m) for m in ms)),
        "event_type": rep["event_type"], "event_mode": mode,
        "acled_event_type": acled_type, "acled_sub_event_type": acled_sub,
        "actors": actors, "recipients": recipients,
        **{k: dated[k] for k in DATE_FIELDS},
        **{k: placed.get(k) if k != "is_centroid" else bool(placed.get(k)) for k in PLACE_FIELDS},
        # counts: the largest any report gives, or the named victims across reports ('killed Soleimani', 'al-Muhandis
        # was also killed'), whichever is more
        "killed": max([m["killed"] for m in ms if m.get("killed") is not None] +
                      [len({name_key(v) for m in ms for v in m["victims"]})], default=None) or None,
        "wounded": max((m.get("wounded") for m in ms if m.get("wounded") is not None), default=None),
        "arrested": max((m.get("arrested") for m in ms if m.get("arrested") is not None), default=None),
        "negated": rep["negated"], "hypothetical": rep["hypothetical"], "future": rep["future"],
        "urged": rep["urged"],
        "claim_source": rep["claim_source"] or next((m["claim_source"] for m in ms if m["claim_source"]), None),
        "article_id": rep["article_id"], "sentence_index": rep["sentence_index"], "start": rep["start"],
        "end": rep["end"], "text": rep["text"], "trigger": rep["trigger"], "trigger_start": rep["trigger_start"],
        "trigger_end": rep["trigger_end"],
        "mentions": [{"article_id": m["article_id"], "sentence_index": m["sentence_index"], "start": m["trigger_start"],
                      "end": m["trigger_end"], "trigger": m["trigger"]} for m in sorted(ms, key=_key)],
        "n_articles": len(reports), "n_outlets": len(outlets),
    }


def _union(ms: list[dict], field: str) -> list[dict]:
    seen, out = set(), []
    for m in sorted(ms, key=_key):
        for p in m[field]:
            key = p["entity_id"] or p["text"].lower()
            if key not in seen:
                seen.add(key)
                out.append({**p, "article_id": m["article_id"]})
    return out
