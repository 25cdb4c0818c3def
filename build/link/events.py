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

Scale: rule 3 and the second pass over groups compare only pairs that share an evidence key (`Summary.keys` in
evidence.py: a specific description, or keys of two kinds among parties, place, date month/words and mode); every
pair the rule can merge shares one, so the result is the all-pairs result without comparing all pairs. Groups
are compared through summaries of what their members carry (evidence.py), never member by member.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from heapq import heappop, heappush
from itertools import combinations

from newstables.build.extract.places import PRECISION_OF_PLACE
from newstables.schemas.ids import stable_id
from newstables.build.link.acled import acled_types, version as acled_version
from newstables.build.link.evidence import Comparer, conflict, evidence, weapons
from newstables.build.link.groups import Groups
from newstables.build.link.reports import Reports
from newstables.build.names import name_key
from newstables.build.config import CONFIG

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
RECENT = CONFIG.link.event_recent_sentences
PLACE_FIELDS = ("place_text", "geonames_id", "latitude", "longitude", "country_code", "admin1", "geo_precision",
                "is_centroid")
DATE_FIELDS = ("date_start", "date_end", "date_precision", "date_text", "date_method")


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
    armed = [e for e in family if weapons(e) & weapons(m)]
    for pool in (armed, recent, family, earlier):
        for e in reversed(pool):
            root = groups.find(_key(e))
            members = [x for x in article if groups.find(_key(x)) == root]
            if not any(conflict(m, x) or _other_weapons(m, x) for x in members):
                return e
    return None


INDEFINITE = re.compile(r"\b(?:a|an)\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)


def _refers_back(m: dict) -> bool:
    """A definite event noun. A trigger with an indefinite article of its own ('including a July 7 rocket
    barrage', 'a US-directed drone strike') tells a new event, whatever definite noun its sentence also has."""
    before = m["text"][:m["trigger_start"] - m["char_start"]]
    return m["definite"] and not INDEFINITE.search(before)


def _other_weapons(a: dict, b: dict) -> bool:
    wa, wb = weapons(a), weapons(b)
    return bool(wa and wb and not wa & wb)


def _key(m: dict) -> tuple:
    return (m["article_id"], m["trigger_start"])


def _score(m: dict) -> tuple:
    """The most informative mention represents the event: named parties, date, place; an introducing
    (indefinite) mention before a referring one."""
    filled = sum(bool(m[k]) for k in ("actors", "recipients", "date_text", "place_text", "event_mode"))
    named = sum(bool(p["entity_id"]) for p in m["actors"] + m["recipients"])
    return (-(filled + named), m["definite"], m["article_id"], m["trigger_start"])


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
    compare = Comparer(reports)
    groups = Groups(_key(m) for m in mentions)
    by_type = defaultdict(list)
    for m in sorted(mentions, key=_key):
        by_type[m["event_type"]].append(m)
    summaries = {}  # root -> summary of its group, for the groups rule 3 has compared
    for same_type in by_type.values():
        _join_copies(same_type, groups, reports)
        _join_references(same_type, groups)
        summaries.update(_join_on_evidence(same_type, groups, compare))
    by_key = {_key(m): m for m in mentions}
    _merge_groups(groups, by_key, summaries, compare)
    members_of = defaultdict(list)
    for k in by_key:
        members_of[groups.find(k)].append(by_key[k])
    return [ms for _, ms in sorted(members_of.items())]


def _join_copies(same_type: list[dict], groups: Groups, reports: Reports) -> None:
    """Rule 1: a syndicated copy's mentions join the original's (same sentence, same trigger)."""
    original = reports.original
    index = {(original[m["article_id"]], m["text"], m["trigger"]): m for m in same_type
             if original[m["article_id"]] == m["article_id"]}
    for m in same_type:
        twin = index.get((original[m["article_id"]], m["text"], m["trigger"]))
        if twin is not None and twin is not m:
            groups.join(_key(m), _key(twin))


def _join_references(same_type: list[dict], groups: Groups) -> None:
    """Rule 2: definite event nouns within an article refer back."""
    per_article = defaultdict(list)
    for m in same_type:
        per_article[m["article_id"]].append(m)
    for ms in per_article.values():
        for i, m in enumerate(ms):
            antecedent = _antecedent(m, ms[:i], groups, ms) if _refers_back(m) else None
            if antecedent is not None:
                groups.join(_key(m), _key(antecedent))


def _join_on_evidence(same_type: list[dict], groups: Groups, compare: Comparer) -> dict:
    """Rule 3, within and across articles: only pairs that share an evidence key can merge; the strongest ties
    first (so a weak tie cannot pre-empt a strong one), each only when nothing in the two groups so far
    conflicts (no chain of joins puts the Green Zone meeting and the Jadiriya one together). Returns the
    summaries of the groups it compared, by root."""
    members = defaultdict(list)  # the groups rules 1 and 2 left, by root
    for m in same_type:
        members[groups.find(_key(m))].append(m)
    summaries = {}

    def summary(root):
        if root not in summaries:
            summaries[root] = compare.summary(members[root])
        return summaries[root]

    for a, b in _tied_pairs(_candidate_pairs(same_type, compare), compare):
        ra, rb = groups.find(_key(a)), groups.find(_key(b))
        if ra != rb and not compare.conflicting(summary(ra), summary(rb)):
            groups.join(ra, rb)
            joined = summaries.pop(ra)
            joined.absorb(summaries.pop(rb))
            summaries[groups.find(ra)] = joined  # a joined group is read only through its summary from now on
    return summaries


def _candidate_pairs(ms: list[dict], compare: Comparer) -> list[tuple[dict, dict]]:
    """Pairs (in list order) that share an evidence key: the blocks are small where all pairs are not."""
    holders = defaultdict(list)
    for i, m in enumerate(ms):
        for k in compare.keys(m):
            holders[k].append(i)
    pairs = {pair for held in holders.values() for pair in combinations(held, 2)}
    return [(ms[i], ms[j]) for i, j in sorted(pairs)]


def _tied_pairs(pairs: list[tuple[dict, dict]], compare: Comparer) -> list[tuple[dict, dict]]:
    """The pairs rule 3 may join (not a copy and its original; no conflict; enough evidence), strongest first,
    then in the given order."""
    original = compare.reports.original
    tied = []
    for i, (a, b) in enumerate(pairs):
        if original[a["article_id"]] == original[b["article_id"]] and a["article_id"] != b["article_id"]:
            continue
        relations = compare.relations(a, b)
        strength = evidence({k for k, v in relations.items() if v == "same"})
        if "conflict" not in relations.values() and strength >= CONFIG.link.event_evidence_needed:
            tied.append((-strength, i, a, b))
    return [(a, b) for _, _, a, b in sorted(tied, key=lambda t: t[:2])]


def _merge_groups(groups: Groups, by_key: dict, summaries: dict, compare: Comparer) -> None:
    """Second pass: groups merge on what they know together (a report of '3 January 2020 ... were killed' meets the
    strike whose other reports named the victims), under the same rule, checked against every member of both
    groups as merged so far, so no conflict slips in through a third group. A shared specific description
    counts as two kinds of evidence (it is both a shared party and a specific one).
    Groups are visited in order of their roots, each against the later ones, greedily; types never merge, so
    each type is a pass of its own. `summaries`: those rule 3 left, by root (the rest are made here)."""
    members = defaultdict(list)
    for k, m in by_key.items():
        members[groups.find(k)].append(m)
    by_type = defaultdict(list)
    for root in sorted(members):
        by_type[members[root][0]["event_type"]].append(root)
        if root not in summaries:
            summaries[root] = compare.summary(members[root])
    for roots in by_type.values():
        _merge_type(roots, groups, summaries, compare)


def _merge_type(roots: list, groups: Groups, summaries: dict, compare: Comparer) -> None:
    """The greedy pass of _merge_groups over one type's groups, comparing a group only with the later groups that
    share an evidence key with it (any other comparison would not merge, so skipping it changes nothing)."""
    keys = {r: summaries[r].keys() for r in roots}
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
            if compare.joinable(summaries[ra], summaries[rb]):
                groups.join(ra, rb)
                root = groups.find(ra)
                joined = summaries.pop(ra)
                joined.absorb(summaries.pop(rb))
                summaries[root] = joined
                spans[root] = spans.pop(ra) + spans.pop(rb)
                keys[root] = joined.keys()
                for k in keys[root]:
                    holders[k].add(root)
                for n in later(root, j):
                    heappush(queue, n)


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
