"""Merge event mentions into real-world events: one row per event, however many reports tell it.

Rule `events-merge-2` (recorded in the manifest):
1. A syndicated copy's mentions join the original's (same sentence, same trigger).
2. Within an article, a definite event noun ('the meeting', 'the blast', 'the US air strikes') refers back to an
   earlier event of the same type: the latest with the same kind of trigger ('strikes' ... 'the strikes'), else
   the latest within a few sentences, else the latest; never one whose date, place, mode or weapon words
   (drone vs rocket) conflict.
3. Within and across articles, two mentions of the same type merge when nothing conflicts and at least two
   kinds of evidence agree: shared participants (an entity other than a whole country, or a description of
   two or more words), a compatible place below country level, a compatible date (overlapping ranges, the same
   month and day, or the same date words), the same weapon mode, and the same story cluster (two different
   articles sharing a `story_id`). A story cluster counts only next to a precise kind: a party, a place, a
   mode or a date of a week or less; an overlap of month-wide ranges ('last month' and 'June 27') in one
   story is not enough. Strong ties count as two kinds on their own: the same specific description of a party
   ('several Iraqi militia leaders') and the same named person killed (a victim named in both, the object of
   a killing verb or the possessor of a killing noun: 'Soleimani's assassination'; a person dies once).
Conflicts: known dates that do not overlap (one day of slack), different month-days, places in different
countries or different towns/sites that do not contain each other, different modes (drone vs grenade).
Rule 3 joins the strongest ties first and only when nothing in the two groups so far conflicts, so no chain of
joins puts two sites of one town in one event.
Rows: casualty counts are the highest any report gives, with the lowest beside it and `casualty_conflict` when
reports give different numbers; the place is the most specific place a report's event clause gives
(`place_source` clause), else the place in the datelines of the reports' articles when they name one place
(`dateline`), else null.

Scale: rule 3 and the second pass over groups compare only pairs that share an evidence key (`_evidence_keys`:
a specific description, or keys of two kinds among parties, place, date month/words and mode); every pair the
rule can merge shares one, so the result is the all-pairs result without comparing all pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from heapq import heappop, heappush
from itertools import combinations


from functools import lru_cache

from newstables.build.extract.places import PRECISION_OF_PLACE, geocode_dateline
from newstables.build.pubdate import dateline_place
from newstables.schemas.ids import stable_id
from newstables.build.link.acled import acled_types, version as acled_version
from newstables.build.link.groups import Groups
from newstables.build.names import name_key
from newstables.build.config import CONFIG
from newstables.build.countries import names_a_country

RULE = {"version": "events-merge-2", "within_article": "definite event nouns refer back to the latest event of "
        "their kind of trigger, else a recent one, else one of their type, never one with a conflicting date, "
        "place, mode or weapon words",
        "on_evidence": "same type, no date/place/mode conflict, at least two of: shared participant (no whole "
        "country), compatible sub-country place, compatible date, same weapon mode, same story cluster (other "
        "article; only with a party, place, mode or a date of a week or less); a shared specific description or "
        "a shared named person killed counts as two; strongest ties first, never joining groups that conflict; "
        "groups merge on evidence between members of one mode, the story not counted",
        "casualties": "highest count any report gives, the lowest beside it, casualty_conflict when they differ",
        "place": "event clause (place_source clause), else the one place the reports' datelines name (dateline), "
        "else null",
        "acled_crosswalk": acled_version(), "acled": "PLOVER type, mode and the codebook cues in the representative "
        "mention's sentence pick the ACLED sub-event type (build/data/acled_crosswalk.yaml)"}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
GEO_RANK = {**PRECISION_OF_PLACE, None: len(PRECISION_OF_PLACE)}
MEANS_TYPES = {"ASSAULT"}
SPECIFIC_WORDS = CONFIG.link.event_specific_words
RECENT = CONFIG.link.event_recent_sentences
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "several", "many", "their", "its", "his",
               "her", "our"}
WEAK_HEADS = {"people", "person", "one", "some", "all", "other", "others", "they", "it", "them", "he", "she", "we"}
PLACE_FIELDS = ("place_text", "geonames_id", "latitude", "longitude", "country_code", "admin1", "geo_precision",
                "is_centroid")
DATE_FIELDS = ("date_start", "date_end", "date_precision", "date_text", "date_method")
KILLING = {"kill", "killed", "kills", "killing", "killings", "assassinate", "assassinated", "assassination",
           "assassinations", "murder", "murdered", "murders", "execute", "executed", "execution", "slay", "slain"}
TIGHT_DAYS = 7  # a date range this short is precise enough to tie two reports of one story
UNREAL = ("negated", "hypothetical", "future")


@lru_cache(maxsize=1)
def _weapon_words() -> dict[str, str]:
    """Weapon cue word -> ASSAULT mode, from the trigger lexicon's modes."""
    from newstables.build.extract.events import load_lexicon

    return {w: mode for mode, words in load_lexicon()[1].get("ASSAULT", {}).items() for w in words}


def _weapons(m: dict) -> set[str]:
    """The weapon modes a mention's means words name ('rocket attacks' -> heavy-weapons)."""
    if m["event_type"] not in MEANS_TYPES:
        return set()
    words = _weapon_words()
    return {words[w] for w in m.get("means") or () if w in words} | ({m["event_mode"]} if m["event_mode"] else set())


def _participant_keys(m: dict) -> set[str]:
    """Entities, and described parties by their whole description ('several Iraqi militia leaders'): a bare head
    noun ('leaders') or a country ('the US', 'Iranians') is too weak to say two reports share a party."""
    keys = set()
    for p in m["actors"] + m["recipients"]:
        if p["entity_id"]:
            if not names_a_country(p["text"]):  # a whole country is party to too many events to tie two reports
                keys.add(p["entity_id"])
            continue
        words = [w for w in name_key(p["text"]).split() if w not in DETERMINERS]
        if len(words) >= 2 and words[-1] not in WEAK_HEADS:
            keys.add(" ".join(words))
    return keys


def _victim_keys(m: dict) -> set[str]:
    """People named as killed: the named victims, the linked objects of a killing verb ('the Americans killed
    him and also killed Muhandis') and the possessor of a killing noun ('Soleimani's assassination'), by entity
    (else by a full name of two or more words). Only for reports of a killing that happened."""
    if m["event_type"] not in MEANS_TYPES or any(m.get(flag) for flag in UNREAL):
        return set()
    named = {name_key(v) for v in m.get("victims") or ()}
    keys = set()
    for p in m["actors"] + m["recipients"]:
        key = p["entity_id"] if p["entity_id"] and not names_a_country(p["text"]) else None
        if name_key(p["text"]) in named:
            named.discard(name_key(p["text"]))
            keys.add(key or name_key(p["text"]))
        elif key and m["trigger"].lower() in KILLING and (p in m["recipients"] or _possessor(m, p)):
            keys.add(key)
    return keys | {v for v in named if len(v.split()) >= 2}


def _possessor(m: dict, p: dict) -> bool:
    """'Soleimani's' before the trigger: the possessor of an event noun."""
    after = m["text"][p["char_end"] - m["char_start"]:p["char_end"] - m["char_start"] + 3]
    return after[:2] in ("'s", "’s") and p["char_end"] <= m["trigger_start"]


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


def _tight(a: dict, b: dict) -> bool:
    """Both dates name a week or less ('June 27', 'Tuesday'), or the same month and day."""
    if a["month_day"] and a["month_day"] == b["month_day"]:
        return True
    return bool(a["date_start"] and b["date_start"]) and \
        all((m["date_end"] - m["date_start"]).days < TIGHT_DAYS for m in (a, b))


def _story_relation(a: dict, b: dict, reports: Reports | None) -> str:
    """'same' for two different reports (not a copy and its original) in one story cluster."""
    if reports is None:
        return "unknown"
    oa, ob = reports.original[a["article_id"]], reports.original[b["article_id"]]
    story = reports.story.get(oa)
    return "same" if oa != ob and story is not None and story == reports.story.get(ob) else "unknown"


def _relations(a: dict, b: dict, reports: Reports | None = None) -> dict:
    shared = _participant_keys(a) & _participant_keys(b)
    date = _date_relation(a, b)
    return {"date": date, "place": _place_relation(a, b), "mode": _mode_relation(a, b),
            "parties": "same" if shared else "unknown",
            # the same specific description of a party ('several Iraqi militia leaders') is a second, strong tie
            "description": "same" if any(len(k.split()) >= SPECIFIC_WORDS for k in shared) else "unknown",
            "victim": "same" if _victim_keys(a) & _victim_keys(b) else "unknown",
            "story": _story_relation(a, b, reports),
            "tight_date": "same" if date == "same" and _tight(a, b) else "unknown",
            # a visit and a meeting during it are told in one story: then the story is no tie
            "modes_differ": "same" if a["event_mode"] and b["event_mode"] and a["event_mode"] != b["event_mode"]
            else "unknown"}


def _evidence(same: set[str]) -> int:
    """Kinds of agreeing evidence: a shared named victim counts as two; a shared story only next to a precise
    kind (anything but a month-wide date overlap) and between reports of one mode (a visit and the meetings
    during it are one story, not one event); `tight_date` and `modes_differ` only qualify."""
    kinds = same - {"story", "tight_date", "victim", "modes_differ"}
    n = len(kinds) + 2 * ("victim" in same)
    if "story" in same and "modes_differ" not in same and \
            (kinds - {"date"} or "tight_date" in same or "victim" in same):
        n += 1
    return n


def compatible(a: dict, b: dict, needed: int, reports: Reports | None = None) -> bool:
    relations = _relations(a, b, reports)
    return "conflict" not in relations.values() and \
        _evidence({k for k, v in relations.items() if v == "same"}) >= needed


def _place_keys(m: dict) -> set[str]:
    """Two places are 'same' only if one's name is the other's name or town, so they share one of these. (A
    geocoded place was found by its name key, which is never empty.)"""
    if not m.get("geo_precision") or m["geo_precision"] in ("country", "region"):
        return set()
    return {name_key(m["place_text"])} | ({name_key(m["within"])} if m.get("within") else set())


def _date_keys(m: dict) -> set[tuple]:
    """Two dates are 'same' only if their ranges overlap (with a day of slack: they share a calendar month of
    the widened ranges), or they share the month-day or the date words."""
    keys = set()
    if m["date_start"]:
        first = date.fromordinal(max(m["date_start"].toordinal() - 1, 1))
        last = date.fromordinal(min(m["date_end"].toordinal() + 1, date.max.toordinal()))
        keys.update(("month", n) for n in range(first.year * 12 + first.month, last.year * 12 + last.month + 1))
    if m["month_day"]:
        keys.add(("month_day", m["month_day"]))
    if m["date_text"]:
        keys.add(("words", m["date_text"].lower()))
    return keys


def _evidence_keys(ms: list[dict], reports: Reports | None = None) -> set[tuple]:
    """Keys that two mentions (or two groups of mentions) share whenever they could merge: a merge needs two
    kinds of 'same' evidence, so they share a specific description or a named victim (each counts twice) or a
    key of each of two kinds (parties, place, date, mode, story). Pairs sharing no key are never compared."""
    parties = {k for m in ms for k in _participant_keys(m)}
    kinds = {"parties": parties, "place": {k for m in ms for k in _place_keys(m)},
             "date": {k for m in ms for k in _date_keys(m)},
             "mode": {m["event_mode"] for m in ms if m["event_type"] in MEANS_TYPES and m["event_mode"]},
             "story": {reports.story.get(reports.original[m["article_id"]]) for m in ms} - {None} if reports else set()}
    keys = {("description", k) for k in parties if len(k.split()) >= SPECIFIC_WORDS}
    keys |= {("victim", k) for m in ms for k in _victim_keys(m)}
    for (x, xs), (y, ys) in combinations(kinds.items(), 2):
        keys.update((x, kx, y, ky) for kx in xs for ky in ys)
    return keys


def _candidate_pairs(ms: list[dict], reports: Reports | None = None) -> list[tuple[dict, dict]]:
    """Pairs (in list order) that share an evidence key: the blocks are small where all pairs are not."""
    holders = defaultdict(list)
    for i, m in enumerate(ms):
        for k in _evidence_keys([m], reports):
            holders[k].append(i)
    pairs = {pair for held in holders.values() for pair in combinations(held, 2)}
    return [(ms[i], ms[j]) for i, j in sorted(pairs)]


def _family(m: dict) -> str:
    """'meeting' and 'met' are one kind of trigger; so are 'strike' and 'strikes'."""
    word = m["trigger"].lower()
    for suffix in ("ings", "ing", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return {"met": "meet"}.get(word, word)


def _antecedent(m: dict, earlier: list[dict], groups: Groups, article: list[dict]) -> dict | None:
    """The latest earlier report with the same kind of trigger and the same weapon ('the US air strikes' -> 'US
    air strikes', not the 'fight' told just before), else a recent event of the type (within RECENT sentences),
    else the latest with the same kind of trigger, else any of the type. Never one that conflicts with anything
    already merged into it (so 'the grenade attack' cannot chain through 'this attack' to a missile attack), nor
    one whose weapon words name another weapon ('the drone strike' is not 'rocket attacks')."""
    recent = [e for e in earlier if m["sentence_index"] - e["sentence_index"] <= RECENT]
    family = [e for e in earlier if _family(e) == _family(m)]
    armed = [e for e in family if _weapons(e) & _weapons(m)]
    for pool in (armed, recent, family, earlier):
        for e in reversed(pool):
            root = groups.find(_key(e))
            members = [x for x in article if groups.find(_key(x)) == root]
            if all(compatible(m, x, needed=0) and not _other_weapons(m, x) for x in members):
                return e
    return None


INDEFINITE = re.compile(r"\b(?:a|an)\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)


def _refers_back(m: dict) -> bool:
    """A definite event noun. A trigger with an indefinite article of its own ('including a July 7 rocket
    barrage', 'a US-directed drone strike') tells a new event, whatever definite noun its sentence also has."""
    before = m["text"][:m["trigger_start"] - m["char_start"]]
    return m["definite"] and not INDEFINITE.search(before)


def _other_weapons(a: dict, b: dict) -> bool:
    wa, wb = _weapons(a), _weapons(b)
    return bool(wa and wb and not wa & wb)


def _key(m: dict) -> tuple:
    return (m["article_id"], m["trigger_start"])


def _score(m: dict) -> tuple:
    """The most informative mention represents the event: named parties, date, place; an introducing
    (indefinite) mention before a referring one."""
    filled = sum(bool(m[k]) for k in ("actors", "recipients", "date_text", "place_text", "event_mode"))
    named = sum(bool(p["entity_id"]) for p in m["actors"] + m["recipients"])
    return (-(filled + named), m["definite"], m["article_id"], m["trigger_start"])


@dataclass(frozen=True)
class Reports:
    """What merging reads of the articles, taken once per build (grouping, regrouping and the event rows share
    it): the original each article repeats (itself, unless it is a syndicated copy), its outlet, its story
    cluster (`story_id`, set by link/stories.py before events merge) and the place of its dateline, geocoded
    (None when the body opens with no dateline or it names no known place)."""

    original: dict[str, str]
    outlet: dict[str, str | None]
    story: dict[str, str | None] = field(default_factory=dict)
    dateline: dict[str, dict | None] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: list[dict]) -> Reports:
        def place(a: dict) -> dict | None:
            found = dateline_place(a.get("body") or "")
            return geocode_dateline(*found) if found else None

        return cls({a["article_id"]: a["duplicate_of"] or a["article_id"] for a in articles},
                   {a["article_id"]: a["outlet"] for a in articles},
                   {a["article_id"]: a.get("story_id") for a in articles},
                   {a["article_id"]: place(a) for a in articles})


def merge_events(groups: list[list[dict]], reports: Reports) -> list[dict]:
    """Event rows, one per group of mentions (from group_mentions, which has the rule)."""
    return [_event_row(ms, reports) for ms in groups]


def regroup(groups: list[list[dict]], mentions: list[dict], types: set[str], reports: Reports) -> list[list[dict]]:
    """`groups` (of `mentions`) again after the mentions of `types` changed: a type's groups never depend on
    another type's mentions, so only those types are grouped again."""
    if not types:
        return groups
    again = group_mentions([m for m in mentions if m["event_type"] in types], reports)
    kept = [ms for ms in groups if ms[0]["event_type"] not in types]
    return sorted(kept + again, key=lambda ms: min(map(_key, ms)))  # in order of root, as group_mentions


def group_mentions(mentions: list[dict], reports: Reports) -> list[list[dict]]:
    original = reports.original
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
                antecedent = _antecedent(m, ms[:i], groups, ms) if _refers_back(m) else None
                if antecedent is not None:
                    groups.join(_key(m), _key(antecedent))
        # 3. on evidence, within and across articles: only pairs that share an evidence key can merge; the
        # strongest ties first (so a weak tie cannot pre-empt a strong one), each only when nothing in the two
        # groups so far conflicts (no chain of joins puts the Green Zone meeting and the Jadiriya one together)
        members = defaultdict(list)
        for m in same_type:
            members[groups.find(_key(m))].append(m)
        for a, b in tied_pairs(_candidate_pairs(same_type, reports), reports):
            ra, rb = groups.find(_key(a)), groups.find(_key(b))
            if ra != rb and not conflicting(members[ra], members[rb], reports):
                groups.join(ra, rb)
                members[groups.find(ra)] = members.pop(ra) + members.pop(rb)

    by_key = {_key(m): m for m in mentions}
    _merge_groups(groups, by_key, reports)
    members_of = defaultdict(list)
    for k in by_key:
        members_of[groups.find(k)].append(by_key[k])
    return [ms for _, ms in sorted(members_of.items())]


def _merge_groups(groups: Groups, by_key: dict, reports: Reports | None = None) -> None:
    """Second pass: groups merge on what they know together (a report of '3 January 2020 ... were killed' meets the
    strike whose other reports named the victims), under the same rule, checked against every member of both
    groups as merged so far, so no conflict slips in through a third group. A shared specific description
    counts as two kinds of evidence (it is both a shared party and a specific one).
    Groups are visited in order of their roots, each against the later ones, greedily; types never merge, so
    each type is a pass of its own."""
    members = defaultdict(list)
    for k, m in by_key.items():
        members[groups.find(k)].append(m)
    by_type = defaultdict(list)
    for root in sorted(members):
        by_type[members[root][0]["event_type"]].append(root)
    for roots in by_type.values():
        _merge_type(roots, groups, members, reports)


def _merge_type(roots: list, groups: Groups, members: dict, reports: Reports | None = None) -> None:
    """The greedy pass of _merge_groups over one type's groups, comparing a group only with the later groups that
    share an evidence key with it (any other comparison would not merge, so skipping it changes nothing)."""
    keys = {r: _evidence_keys(members[r], reports) for r in roots}
    holders = defaultdict(set)  # evidence key -> roots of groups with it (stale roots resolve by find)
    for r in roots:
        for k in keys[r]:
            holders[k].add(r)
    spans = {r: [i] for i, r in enumerate(roots)}  # current root -> positions of the first-pass roots it holds

    def later(root, after: int) -> set[int]:
        near = {groups.find(h) for k in keys[root] for h in holders[k]} - {root}
        return {i for r in near for i in spans[r] if i > after}

    for i, a in enumerate(roots):
        queue = sorted(later(groups.find(a), i))
        done = -1
        while queue:
            j = heappop(queue)
            ra, rb = groups.find(a), groups.find(roots[j])
            if j == done or ra == rb:
                continue
            done = j
            if _joinable(members[ra], members[rb], reports):
                groups.join(ra, rb)
                root = groups.find(ra)
                members[root] = members.pop(ra) + members.pop(rb)
                spans[root] = spans.pop(ra) + spans.pop(rb)
                keys[root] = _evidence_keys(members[root], reports)
                for k in keys[root]:
                    holders[k].add(root)
                for n in later(root, j):
                    heappush(queue, n)


def tied_pairs(pairs: list[tuple[dict, dict]], reports: Reports | None) -> list[tuple[dict, dict]]:
    """The pairs rule 3 may join (not a copy and its original; no conflict; enough evidence), strongest first,
    then in the given order."""
    tied = []
    for i, (a, b) in enumerate(pairs):
        if reports is not None and reports.original[a["article_id"]] == reports.original[b["article_id"]] \
                and a["article_id"] != b["article_id"]:
            continue
        relations = _relations(a, b, reports)
        strength = _evidence({k for k, v in relations.items() if v == "same"})
        if "conflict" not in relations.values() and strength >= CONFIG.link.event_evidence_needed:
            tied.append((-strength, i, a, b))
    return [(a, b) for _, _, a, b in sorted(tied, key=lambda t: t[:2])]


def conflicting(xs: list[dict], ys: list[dict], reports: Reports | None = None) -> bool:
    """Some member of one group conflicts with some member of the other (date, place or mode)."""
    return any("conflict" in _relations(x, y, reports).values() for x in xs for y in ys)


def _joinable(xs: list[dict], ys: list[dict], reports: Reports | None = None) -> bool:
    """No conflict between any two members, and at least two kinds of evidence agree between some (counted as
    `_evidence` counts them for two mentions). Reports of different modes (a visit, a meeting during it) give
    no evidence here, nor does a shared story: those tie two reports only directly (rule 3), never by adding
    up what other members share."""
    same = set()
    for x in xs:
        for y in ys:
            relations = _relations(x, y, reports)
            if "conflict" in relations.values():
                return False
            if relations["modes_differ"] != "same":
                same.update(kind for kind, rel in relations.items() if rel == "same" and kind != "story")
    return _evidence(same) >= CONFIG.link.event_evidence_needed


def _best(ms: list[dict], rank: dict, field: str) -> dict:
    return min(ms, key=lambda m: (rank[m.get(field)], _key(m)))


def _event_row(ms: list[dict], reports: Reports) -> dict:
    rep = min(ms, key=_score)
    dated = _best(ms, PRECISION_RANK, "date_precision") if any(m["date_precision"] for m in ms) else \
        next((m for m in sorted(ms, key=_key) if m["date_text"]), rep)
    placed, place_source = _place(ms, reports)
    mode = Counter(m["event_mode"] for m in ms if m["event_mode"]).most_common(1)
    mode = mode[0][0] if mode else None
    words = {w for m in ms for w in m["means"]}
    acled_type, acled_sub = acled_types(rep["event_type"], mode, words, rep["text"],
                                        [p["text"] for p in rep["actors"]])
    actors, recipients = _union(ms, "actors"), _union(ms, "recipients")
    originals = {reports.original[m["article_id"]] for m in ms}
    outlets = {reports.outlet[m["article_id"]] for m in ms if reports.outlet[m["article_id"]]}
    return {
        "event_id": stable_id("evt", *min(_key(m) for m in ms)),
        "event_type": rep["event_type"], "event_mode": mode,
        "acled_event_type": acled_type, "acled_sub_event_type": acled_sub,
        "actors": actors, "recipients": recipients,
        **{k: dated[k] for k in DATE_FIELDS},
        **{k: placed.get(k) if k != "is_centroid" else bool(placed.get(k)) for k in PLACE_FIELDS},
        "place_source": place_source,
        **_casualties(ms),
        "negated": rep["negated"], "hypothetical": rep["hypothetical"], "future": rep["future"],
        "habitual": rep["habitual"], "negotiated": rep["negotiated"],
        "confidence": max(m["confidence"] for m in ms),  # a further report makes it no less sure
        "urged": rep["urged"],
        "claim_source": rep["claim_source"] or next((m["claim_source"] for m in ms if m["claim_source"]), None),
        "article_id": rep["article_id"], "sentence_index": rep["sentence_index"], "char_start": rep["char_start"],
        "char_end": rep["char_end"], "text": rep["text"], "trigger": rep["trigger"], "trigger_start": rep["trigger_start"],
        "trigger_end": rep["trigger_end"],
        "mentions": [{"article_id": m["article_id"], "sentence_index": m["sentence_index"], "char_start": m["trigger_start"],
                      "char_end": m["trigger_end"], "trigger": m["trigger"]} for m in sorted(ms, key=_key)],
        "n_articles": len(originals), "n_outlets": len(outlets),
    }


def _place(ms: list[dict], reports: Reports) -> tuple[dict, str | None]:
    """The most specific place a report's event clause gives; else the place the datelines of the reports'
    articles give, when they give one (by name) and no report's article gives another; else none."""
    if any(m.get("geo_precision") for m in ms):
        return _best(ms, GEO_RANK, "geo_precision"), "clause"
    datelines = [reports.dateline.get(a) for a in sorted({m["article_id"] for m in ms})]
    places = {name_key(d["place_text"]): d for d in datelines if d}
    if len(places) == 1:
        return next(iter(places.values())), "dateline"
    return {}, None


def _stated(m: dict) -> int | None:
    """The killed count a report states in numbers ('four of their members'); None where it only counts the
    victims it names ('killed Qassem Soleimani' is one), which other reports add to rather than contradict."""
    if m.get("killed") is None or (m.get("victims") and m["killed"] == len(m["victims"])):
        return None
    return m["killed"]


def _casualties(ms: list[dict]) -> dict:
    """Counts: the highest any report gives (killed: or the victims named across reports, 'killed Soleimani',
    'al-Muhandis was also killed', whichever is more), the lowest stated beside it, and a flag when reports
    state different numbers (a toll that rose, or sources that disagree): the range is kept, not one side."""
    named = len({name_key(v) for m in ms for v in m.get("victims") or ()})
    stated = {"killed": [n for m in ms if (n := _stated(m)) is not None]}
    for f in ("wounded", "arrested"):
        stated[f] = [m[f] for m in ms if m.get(f) is not None]
    row = {"killed": max(stated["killed"] + [named]) or None}
    row.update({f: max(stated[f], default=None) for f in ("wounded", "arrested")})
    for f in ("killed", "wounded", "arrested"):
        row[f"{f}_min"] = min(stated[f], default=row[f])
    row["casualty_conflict"] = any(len(set(stated[f])) > 1 for f in ("killed", "wounded", "arrested"))
    return row


def _union(ms: list[dict], field: str) -> list[dict]:
    seen, out = set(), []
    for m in sorted(ms, key=_key):
        for p in m[field]:
            key = p["entity_id"] or p["text"].lower()
            if key not in seen:
                seen.add(key)
                out.append({**p, "article_id": m["article_id"]})
    return out
