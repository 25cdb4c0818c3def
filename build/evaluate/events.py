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
