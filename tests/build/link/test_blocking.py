"""Blocked corpus-level linking gives what comparing all pairs gives (on random corpora full of near-misses)."""

import math
import random
from datetime import date, timedelta
from itertools import combinations

from newstables.build.link.events import _key, group_mentions, regroup
from newstables.build.link.evidence import Comparer, evidence, relations
from newstables.build.link.reports import Reports
from newstables.build.link.groups import Groups
from newstables.build.link.stories import STORY_THRESHOLD, _prefix

PARTIES = [("ent_a", "Kataib Hezbollah"), ("ent_b", "the US"), (None, "several Iraqi militia leaders"),
           (None, "two senior officers"), (None, "people")]
PLACES = [None, ("Green Zone", "Baghdad", "site", "IQ"), ("Jadiriya", "Baghdad", "site", "IQ"),
          ("Baghdad", None, "city", "IQ"), ("Erbil", None, "city", "IQ"), ("Iraq", None, "country", "IQ"),
          ("Tehran", None, "city", "IR")]
# two story clusters and one syndicated copy, so story evidence (other article, same story) is blocked too
_REPORTS = Reports.of([{"article_id": f"a{i}", "duplicate_of": "a0" if i == 6 else None, "outlet": None,
                        "story_id": "s1" if i < 4 else "s2"} for i in range(7)])


def _mention(rng: random.Random, i: int) -> dict:
    start = rng.choice([None, date(2020, 1, 3), date(2020, 1, 4), date(2020, 2, 1)])
    end = start and start + timedelta(days=rng.choice([0, 0, 30]))
    place = rng.choice(PLACES)
    parties = [{"entity_id": e, "text": t, "char_start": 0, "char_end": 0} for e, t in rng.sample(PARTIES, rng.randint(0, 2))]
    victim = rng.choice([None, None, ("ent_v", "Qassem Soleimani"), ("ent_w", "Abu Mahdi al-Muhandis")])
    if victim:
        parties.append({"entity_id": victim[0], "text": victim[1], "char_start": 0, "char_end": 0})
    return {"article_id": f"a{i % 7}", "trigger_start": i, "sentence_index": i,
            "trigger": rng.choice(["strike", "killed"]), "char_start": 0, "victims": [],
            "negated": rng.random() < 0.2, "hypothetical": False, "future": False, "means": [],
            "event_type": rng.choice(["ASSAULT", "MEET"]), "event_mode": rng.choice([None, "drone", "grenade"]),
            "definite": False, "text": f"sentence {i}", "actors": parties[:1], "recipients": parties[1:],
            "date_start": start, "date_end": end,
            "date_precision": rng.choice(["day", "month"]) if start else rng.choice([None, "day"]),
            "date_text": rng.choice([None, "Friday", "3 January"]), "month_day": rng.choice([None, "01-03", "01-04"]),
            "month": rng.choice([None, None, 1, 2]), "place_text": place and place[0], "within": place and place[1],
            "geo_precision": place and place[2], "country_code": place and place[3]}


def _tied_pairs(pairs):
    """Every pair the rule may join, strongest tie first, as the rule says it."""
    tied = []
    for i, (a, b) in enumerate(pairs):
        if _REPORTS.original[a["article_id"]] == _REPORTS.original[b["article_id"]] and a["article_id"] != b["article_id"]:
            continue
        found = relations(a, b, _REPORTS)
        strength = evidence({k for k, v in found.items() if v == "same"})
        if "conflict" not in found.values() and strength >= 2:
            tied.append((-strength, i, a, b))
    return [(a, b) for _, _, a, b in sorted(tied, key=lambda t: t[:2])]


def conflicting(xs, ys):
    return any("conflict" in relations(x, y, _REPORTS).values() for x in xs for y in ys)


def _joinable(xs, ys):
    """Member by member: no conflict, and two kinds of evidence between members of compatible modes."""
    same = set()
    for x in xs:
        for y in ys:
            found = relations(x, y, _REPORTS)
            if "conflict" in found.values():
                return False
            if found["modes_differ"] != "same":
                same.update(kind for kind, rel in found.items() if rel == "same" and kind != "story")
    return evidence(same) >= 2


def _all_pairs(mentions: list[dict]) -> list[list[tuple]]:
    """The rule with every pair compared, and groups compared member by member: the evidence pass, then the
    greedy pass over groups in root order."""
    groups = Groups(_key(m) for m in mentions)
    joined = {_key(m): [m] for m in mentions}
    pairs = [(a, b) for a, b in combinations(sorted(mentions, key=_key), 2) if a["event_type"] == b["event_type"]]
    for a, b in _tied_pairs(pairs):  # every pair, strongest tie first
        ra, rb = groups.find(_key(a)), groups.find(_key(b))
        if ra != rb and not conflicting(joined[ra], joined[rb]):
            groups.join(ra, rb)
            joined[groups.find(ra)] = joined.pop(ra) + joined.pop(rb)
    members = {}
    for m in mentions:
        members.setdefault(groups.find(_key(m)), []).append(m)
    roots = sorted(members)
    for i, a in enumerate(roots):
        for b in roots[i + 1:]:
            ra, rb = groups.find(a), groups.find(b)
            if ra != rb and members[ra][0]["event_type"] == members[rb][0]["event_type"] and \
                    _joinable(members[ra], members[rb]):
                groups.join(ra, rb)
                members[groups.find(ra)] = members.pop(ra) + members.pop(rb)
    return groups.members()


def test_blocked_grouping_equals_all_pairs():
    rng = random.Random(7)
    for _ in range(30):
        mentions = [_mention(rng, i) for i in range(40)]
        blocked = [sorted(map(_key, ms)) for ms in group_mentions(mentions, _REPORTS)]
        assert blocked == _all_pairs(mentions)


def test_group_summaries_compare_as_their_members():
    rng = random.Random(11)
    compare = Comparer(_REPORTS)
    for _ in range(400):
        mentions = [_mention(rng, i) for i in range(rng.randint(2, 9))]
        for m in mentions:
            m["event_type"] = "ASSAULT"
        cut = rng.randint(1, len(mentions) - 1)
        xs, ys = mentions[:cut], mentions[cut:]
        sx, sy = compare.summary(xs), compare.summary(ys)
        assert compare.conflicting(sx, sy) == conflicting(xs, ys)
        assert compare.joinable(sx, sy) == _joinable(xs, ys)
        sx.absorb(sy)
        assert sx.keys() == compare.summary(mentions).keys()


def test_regroup_equals_grouping_again():
    rng = random.Random(3)
    mentions = [_mention(rng, i) for i in range(60)]
    groups = group_mentions(mentions, _REPORTS)
    for m in mentions:
        if m["event_type"] == "MEET" and m["date_start"] is None:
            m["date_start"] = m["date_end"] = date(2020, 1, 3)
    assert regroup(groups, mentions, {"MEET"}, _REPORTS) == group_mentions(mentions, _REPORTS)


def test_pairs_similar_enough_share_a_prefix_term():
    rng = random.Random(5)
    vocabulary = [f"t{i}" for i in range(40)]
    sets = [set(rng.sample(vocabulary, rng.randint(1, 12))) for _ in range(200)]
    df = {t: sum(t in s for s in sets) for t in vocabulary}
    idf = {t: math.log((len(sets) + 1) / (c + 0.5)) for t, c in df.items()}
    prefixes = [set(_prefix(s, idf)) for s in sets]
    for (a, pa), (b, pb) in combinations(zip(sets, prefixes), 2):
        if sum(idf[t] for t in a & b) / sum(idf[t] for t in a | b) >= STORY_THRESHOLD:
            assert pa & pb
