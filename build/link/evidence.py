"""What two event mentions, or two groups of them, share and where they conflict (rule 3 of events.py).

Pairs: `relations` says, kind by kind, whether two mentions agree ('same'), cannot agree ('conflict') or do not
say ('unknown'); `evidence` counts the agreeing kinds.
Groups: a `Summary` holds what a group's members carry, so comparing two groups costs the distinct values they
hold, never the product of their members (a story told by 200 reports is compared as a handful of profiles):
- a conflict between two groups is a conflict between two of their conflict profiles (the date, place and mode
  fields a conflict is decided on; members with one profile never conflict with each other);
- evidence between two groups is what members of compatible modes share (a visit and the meeting during it do not
  add up), read from per-mode unions of parties, victims, dates and places.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from newstables.build.config import CONFIG
from newstables.build.countries import names_a_country
from newstables.build.link.reports import Reports
from newstables.build.names import name_key

MEANS_TYPES = {"ASSAULT"}
SPECIFIC_WORDS = CONFIG.link.event_specific_words
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "several", "many", "their", "its", "his",
               "her", "our"}
WEAK_HEADS = {"people", "person", "one", "some", "all", "other", "others", "they", "it", "them", "he", "she", "we"}
KILLING = {"kill", "killed", "kills", "killing", "killings", "assassinate", "assassinated", "assassination",
           "assassinations", "murder", "murdered", "murders", "execute", "executed", "execution", "slay", "slain"}
TIGHT_DAYS = 7  # a date range this short is precise enough to tie two reports of one story
UNREAL = ("negated", "hypothetical", "future")
BROAD_PLACES = ("country", "region")  # too broad to say two reports happened in one place


@lru_cache(maxsize=1)
def _weapon_words() -> dict[str, str]:
    """Weapon cue word -> ASSAULT mode, from the trigger lexicon's modes."""
    from newstables.build.extract.events import load_lexicon

    return {w: mode for mode, words in load_lexicon()[1].get("ASSAULT", {}).items() for w in words}


def weapons(m: dict) -> set[str]:
    """The weapon modes a mention's means words name ('rocket attacks' -> heavy-weapons)."""
    if m["event_type"] not in MEANS_TYPES:
        return set()
    words = _weapon_words()
    return {words[w] for w in m.get("means") or () if w in words} | ({m["event_mode"]} if m["event_mode"] else set())


def _participant_keys(m: dict) -> frozenset[str]:
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
    return frozenset(keys)


def _victim_keys(m: dict) -> frozenset[str]:
    """People named as killed: the named victims, the linked objects of a killing verb ('the Americans killed
    him and also killed Muhandis') and the possessor of a killing noun ('Soleimani's assassination'), by entity
    (else by a full name of two or more words). Only for reports of a killing that happened."""
    if m["event_type"] not in MEANS_TYPES or any(m.get(flag) for flag in UNREAL):
        return frozenset()
    named = {name_key(v) for v in m.get("victims") or ()}
    keys = set()
    for p in m["actors"] + m["recipients"]:
        key = p["entity_id"] if p["entity_id"] and not names_a_country(p["text"]) else None
        if name_key(p["text"]) in named:
            named.discard(name_key(p["text"]))
            keys.add(key or name_key(p["text"]))
        elif key and m["trigger"].lower() in KILLING and (p in m["recipients"] or _possessor(m, p)):
            keys.add(key)
    return frozenset(keys | {v for v in named if len(v.split()) >= 2})


def _possessor(m: dict, p: dict) -> bool:
    """'Soleimani's' before the trigger: the possessor of an event noun."""
    after = m["text"][p["char_end"] - m["char_start"]:p["char_end"] - m["char_start"] + 3]
    return after[:2] in ("'s", "’s") and p["char_end"] <= m["trigger_start"]


def _precise(m: dict) -> bool:
    return bool(m.get("geo_precision")) and m["geo_precision"] not in BROAD_PLACES


def _place_relation(a: dict, b: dict) -> str:
    """'same', 'unknown' or 'conflict'."""
    if not a.get("geo_precision") or not b.get("geo_precision"):
        return "unknown"
    if a.get("country_code") and b.get("country_code") and a["country_code"] != b["country_code"]:
        return "conflict"
    if not (_precise(a) and _precise(b)):
        return "unknown"
    na, nb = name_key(a["place_text"]), name_key(b["place_text"])
    wa, wb = name_key(a.get("within") or ""), name_key(b.get("within") or "")
    if na == nb or na == wb or nb == wa:  # the same place, or a site and the town that holds it
        return "same"
    return "conflict"  # two sites of one town (Green Zone, Jadiriya) are two places


def date_relation(a: dict, b: dict) -> str:
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


def _short(m: dict) -> bool:
    """A date range of a week or less ('June 27', 'Tuesday')."""
    return bool(m["date_start"]) and (m["date_end"] - m["date_start"]).days < TIGHT_DAYS


def _tight(a: dict, b: dict) -> bool:
    """Both dates name a week or less, or the same month and day."""
    return bool(a["month_day"] and a["month_day"] == b["month_day"]) or (_short(a) and _short(b))


def _story_relation(a: dict, b: dict, reports: Reports | None) -> str:
    """'same' for two different reports (not a copy and its original) in one story cluster."""
    if reports is None:
        return "unknown"
    oa, ob = reports.original[a["article_id"]], reports.original[b["article_id"]]
    story = reports.story.get(oa)
    return "same" if oa != ob and story is not None and story == reports.story.get(ob) else "unknown"


def relations(a: dict, b: dict, reports: Reports | None = None, facts: Facts | None = None) -> dict:
    """Kind -> 'same', 'unknown' or 'conflict' for two mentions (`facts`: their derived keys, taken once)."""
    facts = facts or Facts()
    shared = facts.parties(a) & facts.parties(b)
    date = date_relation(a, b)
    return {"date": date, "place": _place_relation(a, b), "mode": _mode_relation(a, b),
            "parties": "same" if shared else "unknown",
            # the same specific description of a party ('several Iraqi militia leaders') is a second, strong tie
            "description": "same" if any(len(k.split()) >= SPECIFIC_WORDS for k in shared) else "unknown",
            "victim": "same" if facts.victims(a) & facts.victims(b) else "unknown",
            "story": _story_relation(a, b, reports),
            "tight_date": "same" if date == "same" and _tight(a, b) else "unknown",
            # a visit and a meeting during it are told in one story: then the story is no tie
            "modes_differ": "same" if a["event_mode"] and b["event_mode"] and a["event_mode"] != b["event_mode"]
            else "unknown"}


def evidence(same: set[str]) -> int:
    """Kinds of agreeing evidence: a shared named victim counts as two; a shared story only next to a precise
    kind (anything but a month-wide date overlap) and between reports of one mode (a visit and the meetings
    during it are one story, not one event); `tight_date` and `modes_differ` only qualify."""
    kinds = same - {"story", "tight_date", "victim", "modes_differ"}
    n = len(kinds) + 2 * ("victim" in same)
    if "story" in same and "modes_differ" not in same and \
            (kinds - {"date"} or "tight_date" in same or "victim" in same):
        n += 1
    return n


def conflict(a: dict, b: dict) -> bool:
    """Date, place or mode conflict (the only kinds that can)."""
    return "conflict" in (date_relation(a, b), _place_relation(a, b), _mode_relation(a, b))


def _place_keys(m: dict) -> set[str]:
    """Two places are 'same' only if one's name is the other's name or town, so they share one of these. (A
    geocoded place was found by its name key, which is never empty.)"""
    if not _precise(m):
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


def _profile(m: dict) -> tuple:
    """The fields a conflict is decided on: two mentions with one profile never conflict."""
    place = (m["geo_precision"], m.get("country_code"), name_key(m["place_text"]), name_key(m.get("within") or "")) \
        if m.get("geo_precision") else None
    return (m["month_day"], m["date_precision"], m["month"], m["date_start"], m["date_end"], place,
            m["event_mode"] if m["event_type"] in MEANS_TYPES else None)


class Facts:
    """Each mention's derived keys, taken once per grouping (a mention is compared with many). Keyed by the
    mention's identity, and holding the mention so that identity is not reused: one Facts serves one grouping
    over mentions that do not change."""

    def __init__(self):
        self._found: dict[int, tuple[dict, frozenset, frozenset]] = {}

    def _of(self, m: dict) -> tuple[dict, frozenset, frozenset]:
        found = self._found.get(id(m))
        if found is None:
            found = self._found[id(m)] = (m, _participant_keys(m), _victim_keys(m))
        return found

    def parties(self, m: dict) -> frozenset[str]:
        return self._of(m)[1]

    def victims(self, m: dict) -> frozenset[str]:
        return self._of(m)[2]


@dataclass
class _ModeEvidence:
    """What a group's members of one mode carry, as rule 3 reads it between groups."""
    parties: set[str] = field(default_factory=set)
    victims: set[str] = field(default_factory=set)
    month_days: set[str] = field(default_factory=set)
    date_words: set[str] = field(default_factory=set)
    dated: bool = False  # a member has a date range
    placed: bool = False  # a member has a place below country level

    def add(self, m: dict, facts: Facts) -> None:
        self.parties |= facts.parties(m)
        self.victims |= facts.victims(m)
        if m["month_day"]:
            self.month_days.add(m["month_day"])
        if m["date_text"]:
            self.date_words.add(m["date_text"].lower())
        self.dated |= bool(m["date_start"])
        self.placed |= _precise(m)

    def absorb(self, other: _ModeEvidence) -> None:
        for name in ("parties", "victims", "month_days", "date_words"):
            getattr(self, name).update(getattr(other, name))
        self.dated |= other.dated
        self.placed |= other.placed

    def shared(self, other: _ModeEvidence, means: bool, mode: str | None) -> set[str]:
        """The kinds some member here and some member there agree on, given that no two of them conflict (then
        two dated members overlap and two placed members are one place)."""
        same = set()
        parties = self.parties & other.parties
        if parties:
            same.add("parties")
            if any(len(k.split()) >= SPECIFIC_WORDS for k in parties):
                same.add("description")
        if self.victims & other.victims:
            same.add("victim")
        if (self.dated and other.dated) or self.month_days & other.month_days or self.date_words & other.date_words:
            same.add("date")
        if self.placed and other.placed:
            same.add("place")
        if means and mode:
            same.add("mode")
        return same


@dataclass
class Summary:
    """A group of mentions of one type, as groups are compared: its conflict profiles (each with one member
    holding it), its evidence per mode, and its blocking keys' parts by kind."""
    event_type: str
    profiles: dict[tuple, dict] = field(default_factory=dict)
    by_mode: dict[str | None, _ModeEvidence] = field(default_factory=lambda: defaultdict(_ModeEvidence))
    kinds: dict[str, set] = field(default_factory=lambda: {k: set() for k in ("parties", "place", "date", "mode",
                                                                              "story")})
    victims: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, ms: list[dict], facts: Facts, reports: Reports | None) -> Summary:
        summary = cls(ms[0]["event_type"])
        for m in ms:
            summary.profiles.setdefault(_profile(m), m)
            summary.by_mode[m["event_mode"]].add(m, facts)
            for kind, values in _kinds(m, facts, reports).items():
                summary.kinds[kind] |= values
            summary.victims |= facts.victims(m)
        return summary

    def absorb(self, other: Summary) -> None:
        """Become the summary of both groups."""
        for profile, m in other.profiles.items():
            self.profiles.setdefault(profile, m)
        for mode, found in other.by_mode.items():
            self.by_mode[mode].absorb(found)
        for kind, values in other.kinds.items():
            self.kinds[kind] |= values
        self.victims |= other.victims

    def keys(self) -> set[tuple]:
        return blocking_keys(self.kinds, self.victims)


def _kinds(m: dict, facts: Facts, reports: Reports | None) -> dict[str, set]:
    """A mention's blocking-key parts by kind."""
    story = reports.story.get(reports.original[m["article_id"]]) if reports else None
    return {"parties": facts.parties(m), "place": _place_keys(m), "date": _date_keys(m),
            "mode": {m["event_mode"]} if m["event_type"] in MEANS_TYPES and m["event_mode"] else set(),
            "story": {story} if story is not None else set()}


def blocking_keys(kinds: dict[str, set], victims: set) -> set[tuple]:
    """Keys that two groups (or mentions) share whenever they could merge: a merge needs two kinds of 'same'
    evidence, so they share a specific description or a named victim (each counts twice) or a key of each of
    two kinds (parties, place, date, mode, story). Pairs sharing no key are never compared."""
    keys = {("description", k) for k in kinds["parties"] if len(k.split()) >= SPECIFIC_WORDS}
    keys |= {("victim", k) for k in victims}
    for (x, xs), (y, ys) in combinations(kinds.items(), 2):
        keys.update((x, kx, y, ky) for kx in xs for ky in ys)
    return keys


class Comparer:
    """Rule 3's comparisons within one grouping: pairs through cached facts, groups through their summaries
    (conflicts between two profiles are remembered: large groups meet the same profiles again and again)."""

    def __init__(self, reports: Reports | None):
        self.reports = reports
        self.facts = Facts()
        self._conflicts: dict[frozenset, bool] = {}

    def relations(self, a: dict, b: dict) -> dict:
        return relations(a, b, self.reports, self.facts)

    def summary(self, ms: list[dict]) -> Summary:
        return Summary.of(ms, self.facts, self.reports)

    def keys(self, m: dict) -> set[tuple]:
        """One mention's blocking keys (as its one-member group's summary has them)."""
        return blocking_keys(_kinds(m, self.facts, self.reports), self.facts.victims(m))

    def conflicting(self, a: Summary, b: Summary) -> bool:
        """Some member of one group conflicts with some member of the other (date, place or mode)."""
        for pa, ma in a.profiles.items():
            for pb, mb in b.profiles.items():
                key = frozenset((pa, pb))  # conflicts are symmetric
                found = self._conflicts.get(key)
                if found is None:
                    found = self._conflicts[key] = conflict(ma, mb)
                if found:
                    return True
        return False

    def joinable(self, a: Summary, b: Summary) -> bool:
        """No conflict between any two members, and at least two kinds of evidence agree between members (counted
        as `evidence` counts them for two mentions). Reports of different modes (a visit, a meeting during it)
        give no evidence here, nor does a shared story: those tie two reports only directly (rule 3), never by
        adding up what other members share."""
        if self.conflicting(a, b):
            return False
        same = set()
        means = a.event_type in MEANS_TYPES
        for mode_a, found_a in a.by_mode.items():
            for mode_b, found_b in b.by_mode.items():
                if mode_a and mode_b and mode_a != mode_b:
                    continue
                same |= found_a.shared(found_b, means, mode_a and mode_b)
        return evidence(same) >= CONFIG.link.event_evidence_needed
