"""Merge event mentions into real-world events: one row per event, however many reports tell it.

Rule `events-merge-1` (recorded in the manifest):
1. A syndicated copy's mentions join the original's (same sentence, same trigger).
2. Within an article, a definite event noun ('the meeting', 'the blast', 'the US air strikes') refers back to the
   most recent earlier event of the same type, unless date or place conflict.
3. Across articles, two mentions of the same type merge when nothing conflicts and at least two kinds of
   evidence agree: shared participants (entity or head noun), a compatible place below country level, a
   compatible date (overlapping ranges, the same month and day, or the same date words).
Conflicts: known dates that do not overlap (one day of slack), different month-days, places in different
countries or different towns/sites that do not contain each other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from newstables.build.ids import stable_id
from newstables.build.link.groups import Groups
from newstables.build.link.names import name_key

RULE = {"version": "events-merge-1", "within_article": "definite event nouns refer back to the latest event of "
        "their type", "across_articles": "same type, no date/place conflict, at least two of: shared participant, "
        "compatible sub-country place, compatible date"}
CROSSWALK = Path(__file__).parent.parent / "data" / "acled_crosswalk.yaml"
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
GEO_RANK = {"site": 0, "town": 1, "region": 2, "country": 3, None: 4}
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
    keys = set()
    for p in m["actors"] + m["recipients"]:
        if p["entity_id"]:
            keys.add(p["entity_id"])
        words = p["text"].lower().split()
        if words:
            head = words[-1].rstrip(".,")
            head = head[:-1] if head.endswith("s") and len(head) > 4 else head
            if head not in WEAK_HEADS:
                keys.add(head)
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
    if na == nb or na == wb or nb == wa or (wa and wa == wb):
        return "same"
    return "conflict"


def _date_relation(a: dict, b: dict) -> str:
    if a["month_day"] and b["month_day"] and a["month_day"] != b["month_day"] and \
            a["date_precision"] in ("day", None) and b["date_precision"] in ("day", None):
        return "conflict"
    if a["date_start"] and b["date_start"]:
        slack = timedelta(days=1)
        if a["date_start"] - slack <= b["date_end"] and b["date_start"] - slack <= a["date_end"]:
            return "same"
        return "conflict"
    if (a["month_day"] and a["month_day"] == b["month_day"]) or \
            (a["date_text"] and a["date_text"].lower() == (b["date_text"] or "").lower()):
        return "same"
    return "unknown"


def compatible(a: dict, b: dict, needed: int) -> bool:
    relations = [_date_relation(a, b), _place_relation(a, b)]
    if "conflict" in relations:
        return False
    evidence = relations.count("same") + bool(_participant_keys(a) & _participant_keys(b))
    return evidence >= needed


def _key(m: dict) -> tuple:
    return (m["article_id"], m["trigger_start"])


def _score(m: dict) -> tuple:
    filled = sum(bool(m[k]) for k in ("actors", "recipients", "date_text", "place_text", "event_mode"))
    return (-filled, m["article_id"], m["trigger_start"])


def merge_events(mentions: list[dict], articles: list[dict]) -> list[dict]:
    by_article = {a["article_id"]: a for a in articles}
    original = {a["article_id"]: a["duplicate_of"] or a["article_id"] for a in articles}
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
        # 2. definite event nouns within an article
        per_article = defaultdict(list)
        for m in same_type:
            per_article[m["article_id"]].append(m)
        for ms in per_article.values():
            for i, m in enumerate(ms):
                if m["definite"] and i > 0 and compatible(m, ms[i - 1], needed=0):
                    groups.join(_key(m), _key(ms[i - 1]))
        # 3. across articles, on evidence (blocked by type; pairs within a type are few in news)
        for i, a in enumerate(same_type):
            for b in same_type[i + 1:]:
                if original[a["article_id"]] != original[b["article_id"]] and compatible(a, b, needed=2):
                    groups.join(_key(a), _key(b))

    members_of = defaultdict(list)
    by_key = {_key(m): m for m in mentions}
    for k in by_key:
        members_of[groups.find(k)].append(by_key[k])
    return [_event_row(ms, by_article, original) for _, ms in sorted(members_of.items())]


def _best(ms: list[dict], rank: dict, field: str) -> dict:
    return min(ms, key=lambda m: (rank[m.get(field)], _key(m)))


def _event_row(ms: list[dict], by_article: dict, original: dict) -> dict:
    rep = min(ms, key=_score)
    dated = _best(ms, PRECISION_RANK, "date_precision") if any(m["date_precision"] for m in ms) else \
        next((m for m in sorted(ms, key=_key) if m["date_text"]), rep)
    placed = _best(ms, GEO_RANK, "geo_precision") if any(m.get("geo_precision") for m in ms) else rep
    mode = Counter(m["event_mode"] for m in ms if m["event_mode"]).most_common(1)
    mode = mode[0][0] if mode else None
    words = {m["trigger"].lower() for m in ms} | {w.lower().strip(".,") for m in ms for w in m["text"].split()}
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
        "killed": max((m.get("killed") for m in ms if m.get("killed") is not None), default=None),
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
