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
