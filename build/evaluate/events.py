"""Event typing against PLOVER gold records (one sentence each, with its gold event type).

The gold file uses PLOVER 0.5b1 names; they map to the 16 current types as the PLOVER manual's conversion table
says: DEMAND -> REQUEST, FIGHT -> ASSAULT, DISAPPROVE -> ACCUSE (mode disapprove), INVESTIGATE -> ACCUSE (mode
investigate). DOCUMENT records are documentation, not events, and are skipped.

Accuracy: the predicted type of the sentence's main event (the event whose trigger is one of the gold event
words, else the one highest in the parse) equals the gold type. Also reported: the share of sentences where any
predicted event has the gold type, and where no event was found.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

OLD_TO_NEW = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


@dataclass
class Record:
    record_id: str
    text: str
    gold: str
    event_words: set[str]


@dataclass
class Report:
    total: int = 0
    correct: int = 0
    any_correct: int = 0
    no_event: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> count

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_plover(path: Path) -> list[Record]:
    records = []
    for r in json.loads(Path(path).read_text(encoding="utf-8")):
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        words = {w.lower().strip("'\",.") for w in str(r.get("eventText", "")).split()}
        records.append(Record(r["id"], r["text"], OLD_TO_NEW.get(r["event"], r["event"]), words))
    return records


def _depth(token) -> int:
    return sum(1 for _ in token.ancestors)


def predict(record: Record, nlp) -> tuple[str | None, set[str]]:
    from newstables.build.extract.events import extract_events

    doc = nlp(record.text)
    events = extract_events("gold", doc, None)
    if not events:
        return None, set()
    by_word = [e for e in events if e["trigger"].lower() in record.event_words]
    main = (by_word or sorted(events, key=lambda e: _depth(doc.char_span(e["trigger_start"], e["trigger_end"])[0])))[0]
    return main["event_type"], {e["event_type"] for e in events}


def evaluate(records: list[Record]) -> Report:
    from newstables.build.nlp import load_nlp

    nlp = load_nlp()
    report = Report()
    for record in records:
        predicted, all_types = predict(record, nlp)
        report.total += 1
        report.correct += predicted == record.gold
        report.any_correct += record.gold in all_types
        report.no_event += predicted is None
        report.confusion[(record.gold, predicted or "-")] += 1
    return report


# ---------------------------------------------------------------------------------------------------------------
# ACLED sub-event types on case-dev style folders (snippets/*.txt + labels.tsv with ACLED sub-event type codes)

ACLED_CODES = {
    "ARMED_CLASH": "Armed clash", "DISR_WEAP": "Disrupted weapons use", "PEACE_PROTEST": "Peaceful protest",
    "VIOL_DEMONSTR": "Violent demonstration", "GRENADE": "Grenade", "SUIC_BOMB": "Suicide bomb",
    "GOV_REGAINS_TERIT": "Government regains territory", "CHEM_WEAP": "Chemical weapon",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "AIR_STRIKE": "Air/drone strike", "ARREST": "Arrests", "AGREEMENT": "Agreement",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "ATTACK": "Attack",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory", "SEX_VIOL": "Sexual violence",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters", "PROTEST_WITH_INTER": "Protest with intervention",
    "HQ_ESTABLISHED": "Headquarters or base established", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "MOB_VIOL": "Mob violence", "OTHER": "Other",
}
NON_ACLED_CODES = {"MAN_MADE_DISASTER", "NATURAL_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB"}
NONE = "-"  # no ACLED type


@dataclass
class Snippet:
    file: str
    gold: str | None  # the ACLED sub-event type name; None for a non-ACLED code
    code: str


@dataclass
class AcledReport:
    strict: int = 0  # first event (text order) has the gold sub-type
    lenient: int = 0  # some event has it
    acled_total: int = 0
    no_acled: int = 0  # non-ACLED snippets with no event of any ACLED type
    non_acled_total: int = 0
    no_event: int = 0  # ACLED snippets with no event at all
    confusion: Counter = field(default_factory=Counter)  # (gold code, first event's code) -> count
    predictions: dict = field(default_factory=dict)  # file -> (gold code, first code, all codes)

    def worst(self, n: int) -> list[tuple[tuple[str, str], int]]:
        wrong = [(pair, k) for pair, k in self.confusion.items()
                 if pair[1] != (NONE if pair[0] in NON_ACLED_CODES else pair[0])]
        return sorted(wrong, key=lambda x: (-x[1], x[0]))[:n]


def load_case(folder: Path) -> list[Snippet]:
    rows = []
    for line in (Path(folder) / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        file, code = line.split("\t")[:2]
        code = code.strip()
        if code not in ACLED_CODES and code not in NON_ACLED_CODES:
            raise ValueError(f"{file}: unknown ACLED sub-event type code {code!r}")
        rows.append(Snippet(file, ACLED_CODES.get(code), code))
    return rows


def build_for_case(folder: Path, workers: int = 1) -> tuple[list[dict], list[dict]]:
    """Build the snippets as a corpus, as a researcher would, and return its (events, articles) rows."""
    import shutil
    import tempfile

    from newstables.build.pipeline import build_dataset
    from newstables.validation.layout import read_table

    with tempfile.TemporaryDirectory(prefix="newstables-case-") as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(Path(folder) / "snippets", raw)
        out = build_dataset(raw, Path(tmp) / "release", "0.0.0", workers=workers).out
        events = read_table(out, "events").select(["article_id", "sentence_index", "trigger_start", "event_type",
                                                   "acled_sub_event_type"]).to_pylist()
        articles = read_table(out, "articles").select(["article_id", "source_file", "story_index",
                                                       "duplicate_of"]).to_pylist()
        return events, articles


def _events_by_file(events: list[dict], articles: list[dict]) -> dict[str, list[dict]]:
    """Each snippet's events in text order (a snippet split into several articles keeps its story order). A copy of
    an earlier snippet (`duplicate_of`) has its events under the original's article."""
    copies = {}
    for a in articles:
        copies.setdefault(a.get("duplicate_of") or a["article_id"], []).append(a)
    by_file = {}
    for e in events:
        for a in copies.get(e["article_id"], []):
            key = (a["story_index"] or 0, e["sentence_index"], e["trigger_start"])
            by_file.setdefault(Path(a["source_file"]).name, []).append((key, e))
    return {name: [e for _, e in sorted(rows, key=lambda r: r[0])] for name, rows in by_file.items()}


def score_acled(snippets: list[Snippet], events: list[dict], articles: list[dict]) -> AcledReport:
    code_of = {name: code for code, name in ACLED_CODES.items()}
    by_file = _events_by_file(events, articles)
    report = AcledReport()
    for s in snippets:
        found = by_file.get(s.file, [])
        codes = [code_of.get(e["acled_sub_event_type"], NONE) if e["acled_sub_event_type"] else NONE for e in found]
        first = codes[0] if codes else NONE
        report.predictions[s.file] = (s.code, first, codes)
        if s.gold is None:
            report.non_acled_total += 1
            report.no_acled += all(c == NONE for c in codes)
            report.confusion[(s.code, next((c for c in codes if c != NONE), NONE))] += 1
            continue
        report.acled_total += 1
        report.strict += first == s.code
        report.lenient += s.code in codes
        report.no_event += not found
        report.confusion[(s.code, first)] += 1
    return report


# ---------------------------------------------------------------------------------------------------------------
# Event precision and recall against a hand-annotated sample (tests/data/events_sample: events.jsonl + files.txt)
#
# Matching rule. The gold record's `quote` (and each `also` quote: another clause reporting the same event) is
# found in the built article body of its file, whitespace-insensitively; its `trigger` is found inside `quote`.
# A predicted event counts once per source file it has mentions in (a "unit"); each mention is a trigger span.
# A unit and a gold event of the same file pair at level 2 when a mention's trigger overlaps the gold trigger,
# at level 1 when a mention's trigger lies inside (overlaps) the gold quote or an `also` quote. Pairs are taken
# greedily, level 2 first then text order, one-to-one. Precision = matched units / units; recall = matched gold /
# gold. Among matched pairs: type accuracy, and agreement of actor, recipient, date and place (both empty, or
# both given and sharing a content word).

GOLD_FIELDS = ("file", "quote", "trigger", "type", "actor", "recipient", "date", "place")
_STOP = {"the", "a", "an", "of", "her", "his", "their", "its", "on", "in", "at", "and", "to", "for", "s"}
MODALITY_FLAGS = ("negated", "hypothetical", "future", "habitual", "negotiated")


@dataclass
class GoldEvent:
    file: str
    quote: str
    trigger: str
    type: str
    actor: str | None = None
    recipient: str | None = None
    date: str | None = None
    place: str | None = None
    mode: str | None = None
    background: bool = False
    also: list[str] = field(default_factory=list)
    note: str | None = None


def load_gold_events(path: Path) -> tuple[list[GoldEvent], list[str]]:
    """The sample's events and its files (files.txt beside the JSONL lists every annotated file, also those with
    no event; without it, the files that have events). Raises ValueError on a malformed record."""
    from newstables.schemas.events import PLOVER_TYPES

    path = Path(path)
    events = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        missing = [f for f in GOLD_FIELDS if f not in r]
        if missing:
            raise ValueError(f"{path.name}:{n}: missing field(s) {', '.join(missing)}")
        if r["type"] not in PLOVER_TYPES:
            raise ValueError(f"{path.name}:{n}: {r['type']!r} is not a PLOVER type")
        if not r["quote"] or r["trigger"] not in r["quote"]:
            raise ValueError(f"{path.name}:{n}: the trigger {r['trigger']!r} is not in the quote")
        known = {f.name for f in GoldEvent.__dataclass_fields__.values()}
        events.append(GoldEvent(**{k: v for k, v in r.items() if k in known}))
    listing = path.with_name("files.txt")
    files = ([f.strip() for f in listing.read_text(encoding="utf-8").splitlines() if f.strip()]
             if listing.is_file() else list(dict.fromkeys(e.file for e in events)))
    stray = {e.file for e in events} - set(files)
    if stray:
        raise ValueError(f"{path.name}: events in files not listed in files.txt: {', '.join(sorted(stray))}")
    return events, files


def find_span(text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """The first place of `quote` in `text` at or after `start`, any run of whitespace (NBSP too) matching any."""
    import re

    words = quote.split()
    if not words:
        return None
    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, start)
    return (m.start(), m.end()) if m else None


@dataclass
class Unit:
    """A predicted event as reported in one file: its trigger spans there and its fields."""
    file: str
    event: dict
    spans: list[tuple[str, int, int]]  # (article_id, trigger start, trigger end)


def predicted_units(events: list[dict], articles: list[dict]) -> list[Unit]:
    file_of = {}
    for a in articles:
        file_of[a["article_id"]] = Path(a["source_file"]).name
    for a in articles:  # a copy's events sit under its original's article
        if a.get("duplicate_of"):
            file_of.setdefault(a["duplicate_of"], Path(a["source_file"]).name)
    units = []
    for e in events:
        mentions = e.get("mentions") or [{"article_id": e["article_id"], "char_start": e["trigger_start"],
                                          "char_end": e["trigger_end"]}]
        by_file: dict[str, list] = {}
        for m in mentions:
            by_file.setdefault(file_of.get(m["article_id"], "?"), []).append((m["article_id"], m["char_start"], m["char_end"]))
        for file, spans in by_file.items():
            units.append(Unit(file, e, sorted(spans)))
    return sorted(units, key=lambda u: (u.file, u.spans[0]))


def _words(value) -> set[str]:
    import re

    return {w for w in re.findall(r"[a-z0-9]+", str(value or "").lower()) if w not in _STOP}


def agrees(gold, predicted) -> bool:
    """Both empty, or both given and sharing a content word (`Clinton` ~ `Hillary Clinton`)."""
    g = _words(gold)
    p = set().union(*(_words(x) for x in predicted)) if isinstance(predicted, (list, tuple)) else _words(predicted)
    return (not g and not p) or bool(g & p)


def participant_texts(event: dict, role: str) -> list[str]:
    rows = event.get(f"{role}s") or []
    names = [r.get("text") for r in rows if r.get("text")]
    first = event.get(f"{role}_name")
    return names + ([first] if first else [])


@dataclass
class SampleReport:
    gold: list[GoldEvent]
    units: list[Unit]
    pairs: list[tuple[int, int, int]]  # (gold index, unit index, level)
    unlocated: list[int]  # gold indexes whose quote is not in the built body
    split: set[int] = field(default_factory=set)  # unmatched units on a gold event's clause: a second row for it

    @property
    def matched_gold(self) -> set[int]:
        return {g for g, _, _ in self.pairs}

    @property
    def matched_units(self) -> set[int]:
        return {u for _, u, _ in self.pairs}

    @property
    def precision(self) -> float:
        return len(self.pairs) / len(self.units) if self.units else 0.0

    @property
    def recall(self) -> float:
        return len(self.pairs) / len(self.gold) if self.gold else 0.0

    def recall_foreground(self) -> tuple[int, int]:
        fg = [i for i, g in enumerate(self.gold) if not g.background]
        return sum(i in self.matched_gold for i in fg), len(fg)

    def asserted_precision(self) -> tuple[int, int]:
        """Precision over units with no modality flag set (what a researcher filtering on the flags keeps)."""
        keep = [i for i, u in enumerate(self.units) if not any(u.event.get(f) for f in MODALITY_FLAGS)]
        return sum(i in self.matched_units for i in keep), len(keep)

    def agreement(self) -> dict[str, tuple[int, int]]:
        out = {"type": [0, 0], "actor": [0, 0], "recipient": [0, 0], "date": [0, 0], "place": [0, 0]}
        for g, u, _ in self.pairs:
            gold, e = self.gold[g], self.units[u].event
            checks = {"type": gold.type == e.get("event_type"),
                      "actor": agrees(gold.actor, participant_texts(e, "actor")),
                      "recipient": agrees(gold.recipient, participant_texts(e, "recipient")),
                      "date": agrees(gold.date, e.get("date_text")),
                      "place": agrees(gold.place, e.get("place_text"))}
            for k, ok in checks.items():
                out[k][0] += ok
                out[k][1] += 1
        return {k: (a, b) for k, (a, b) in out.items()}


def match_sample(gold: list[GoldEvent], units: list[Unit], bodies: dict[str, list[tuple[str, str]]]) -> SampleReport:
    """`bodies`: file -> [(article_id, body)] in story order. See the matching rule above."""
    def locate(file: str, quote: str) -> list[tuple[str, int, int]]:
        return [(aid, *span) for aid, body in bodies.get(file, []) if (span := find_span(body, quote))]

    gold_spans, unlocated = [], []
    for i, g in enumerate(gold):
        quotes = locate(g.file, g.quote)
        triggers = []
        for aid, qs, qe in quotes:
            body = dict(bodies[g.file])[aid]
            t = find_span(body, g.trigger, qs)
            if t and t[1] <= qe:
                triggers.append((aid, *t))
        clauses = quotes + [s for q in g.also for s in locate(g.file, q)]
        if not quotes:
            unlocated.append(i)
        gold_spans.append((triggers, clauses))

    def overlaps(spans_a, spans_b) -> bool:
        return any(a == b and s < e2 and s2 < e for a, s, e in spans_a for b, s2, e2 in spans_b)

    candidates = []
    for gi, g in enumerate(gold):
        triggers, clauses = gold_spans[gi]
        for ui, u in enumerate(units):
            if u.file != g.file:
                continue
            level = 2 if overlaps(u.spans, triggers) else 1 if overlaps(u.spans, clauses) else 0
            if level:  # ties: the same type first, then the trigger nearest the gold trigger
                near = min((abs(s - s2) for a, s, _ in u.spans for b, s2, _ in triggers if a == b), default=10**9)
                candidates.append((-level, u.event.get("event_type") != g.type, near, gi, ui))
    pairs, used_g, used_u = [], set(), set()
    for neg, _, _, gi, ui in sorted(candidates):
        if gi not in used_g and ui not in used_u:
            pairs.append((gi, ui, -neg))
            used_g.add(gi)
            used_u.add(ui)
    others = {ui for _, _, _, gi, ui in candidates if ui not in used_u}
    return SampleReport(gold, units, sorted(pairs), unlocated, others)


def build_for_sample(texts: Path, files: list[str], workers: int = 1) -> tuple[list[dict], list[dict]]:
    """Build the sample's source texts as a corpus, as a researcher would; return its (events, articles) rows."""
    import shutil
    import tempfile

    from newstables.build.pipeline import build_dataset
    from newstables.validation.layout import read_table

    with tempfile.TemporaryDirectory(prefix="newstables-sample-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for name in files:
            shutil.copy2(Path(texts) / name, raw / name)
        out = build_dataset(raw, Path(tmp) / "release", "0.0.0", workers=workers).out
        articles = read_table(out, "articles").select(["article_id", "source_file", "story_index", "duplicate_of",
                                                       "body"]).to_pylist()
        return read_table(out, "events").to_pylist(), articles


def bodies_by_file(articles: list[dict]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list] = {}
    for a in sorted(articles, key=lambda a: (a["source_file"], a["story_index"] or 0)):
        out.setdefault(Path(a["source_file"]).name, []).append((a["article_id"], a["body"] or ""))
    return out
