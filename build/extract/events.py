"""Event mentions: a trigger word typed with PLOVER, its actors and recipients from the parse, date and place.

First cut: one event per sentence and type, keeping the trigger with the most attached evidence.
Triggers under a request verb ('urged the militias to attack') or negated ('did not attack') are not
events that happened, so they are not emitted as such.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

from newstables.build.extract.dates import resolve
from newstables.build.extract.syntax import entity_at, noun_phrase, sentence_indexer
from newstables.build.ids import stable_id

DEFAULT_TRIGGERS = Path(__file__).parent.parent / "data" / "event_triggers.yaml"
REQUEST_GOVERNORS = {"urge", "advise", "ask", "call", "encourage", "push", "want", "plan", "threaten", "seek"}
ACTOR_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
PLACE_LABELS = ("FAC", "GPE", "LOC")
NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
RECIPIENT_PREPS = {"on", "against", "at", "with", "targeting"}


@lru_cache(maxsize=4)
def load_triggers(path: Path = DEFAULT_TRIGGERS) -> dict[tuple[str, str], str]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    table = {}
    for event_type, by_pos in data.items():
        for pos, lemmas in by_pos.items():
            for lemma in lemmas:
                table[(pos.upper(), lemma)] = event_type
    return table


def _participant(token) -> dict:
    phrase = noun_phrase(token)
    return {"text": phrase.text, "start": phrase.start_char, "end": phrase.end_char, "entity_id": None}


def _is_real(trigger) -> bool:
    if trigger.dep_ == "amod":  # 'Iran-backed', 'explosives-laden': a description, not an event
        return False
    if any(c.dep_ == "neg" for c in trigger.children):
        return False
    return not any(a.lemma_ in REQUEST_GOVERNORS for a in trigger.ancestors) or trigger.lemma_ in REQUEST_GOVERNORS


def _participants(trigger) -> tuple[list[dict], list[dict]]:
    actors, recipients = [], []
    for child in trigger.children:
        if child.dep_ == "nsubj":
            actors.append(child)
        elif child.dep_ in ("nsubjpass", "dobj"):
            recipients.append(child)
        elif child.dep_ == "agent":
            actors += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
            recipients += [g for g in child.children if g.dep_ == "pobj"]
        elif trigger.pos_ == "NOUN" and child.dep_ in ("compound", "amod", "poss"):
            ent = entity_at(child)
            if ent is not None and ent.label_ in ACTOR_LABELS:
                actors.append(child)
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and not actors:
        actors += [c for c in trigger.head.children if c.dep_ == "nsubj"]
    def keep(tok):
        ent = entity_at(tok)
        return ent is None or ent.label_ not in NOT_PARTICIPANTS

    return [_participant(t) for t in actors if keep(t)], [_participant(t) for t in recipients if keep(t)]


def _nearest(ents, trigger):
    return min(ents, key=lambda e: (not (trigger.left_edge.i <= e.start < trigger.right_edge.i + 1),
                                     abs(e.start - trigger.i)), default=None)


def extract_events(article_id: str, doc, published_at: datetime | None) -> list[dict]:
    triggers = load_triggers()
    sent_of = sentence_indexer(doc)
    best: dict[tuple[int, str], tuple[int, dict]] = {}
    for sent_i, sent in enumerate(doc.sents):
        dates = [e for e in sent.ents if e.label_ == "DATE"]
        places = [e for e in sent.ents if e.label_ in PLACE_LABELS]
        for tok in sent:
            event_type = triggers.get((tok.pos_ if tok.pos_ != "PROPN" else "NOUN", tok.lemma_.lower()))
            if event_type is None or not _is_real(tok):
                continue
            actors, recipients = _participants(tok)
            date_ent = _nearest(dates, tok)
            place = min(places, key=lambda e: (PLACE_LABELS.index(e.label_), abs(e.start - tok.i)), default=None)
            day, precision = resolve(date_ent.text, published_at) if date_ent is not None else (None, None)
            row = {
                "event_id": stable_id("evt", article_id, event_type, tok.idx),
                "article_id": article_id, "event_type": event_type,
                "trigger": tok.text, "trigger_start": tok.idx, "trigger_end": tok.idx + len(tok),
                "actors": actors, "recipients": recipients,
                "date": day, "date_precision": precision,
                "date_text": date_ent.text if date_ent is not None else None,
                "location_text": place.text if place is not None else None,
                "sentence_index": sent_of[tok.i], "start": sent.start_char, "end": sent.end_char,
                "text": sent.text,
            }
            score = bool(actors) + bool(recipients) + (date_ent is not None) + (place is not None)
            key = (sent_i, event_type)
            if key not in best or score > best[key][0]:
                best[key] = (score, row)
    return [row for _, row in best.values()]
