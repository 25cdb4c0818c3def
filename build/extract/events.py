"""Event mentions: a trigger typed with PLOVER, its mode, actors and recipients from the parse, date, place,
casualties, claim status and who claims it. Per article; link/events.py merges mentions into events.

- A trigger under a request verb ('urged the militias to attack') is not an event that happened: only the
  REQUEST is emitted (with `urged`). Negated, hypothetical and future triggers are emitted and flagged.
- The place is one attached to the trigger ('a meeting in Baghdad', 'was held in ... Jadiriya'), never just
  any place named in the sentence.
- One mention per sentence and type: the trigger with the most attached evidence.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

from newstables.build.extract.dates import resolve_range
from newstables.build.extract.places import geocode
from newstables.build.extract.syntax import entity_at, noun_phrase, sentence_indexer

DATA = Path(__file__).parent.parent / "data"
REQUEST_GOVERNORS = {"urge", "advise", "ask", "call", "encourage", "push", "demand", "order", "press", "want", "plan",
                     "seek", "threaten"}
SAYING = {"say", "tell", "report", "add", "claim", "confirm", "announce", "allege", "state", "write"}
MODALS_HYPOTHETICAL = {"could", "would", "might", "may", "should"}
FUTURE_MARKERS = {"will", "shall", "'ll"}
ACTOR_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
PLACE_LABELS = ("FAC", "LOC", "GPE")
PLACE_PREPS = {"in", "at", "near", "on", "inside", "outside", "across", "from", "to", "around"}
RECIPIENT_PREPS = {"on", "against", "with", "targeting", "to"}
NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
DEFINITE = {"the", "this", "that", "these", "those"}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "dozen": 12}
CASUALTY = {"killed": ("kill", "killed", "killing", "dead", "died", "die"),
            "wounded": ("wound", "wounded", "wounding", "injured", "injuring", "injure", "hurt"),
            "arrested": ("arrest", "arrested", "arresting", "detained", "detaining", "detain")}
NUMBER = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|scores|hundreds)"


@lru_cache(maxsize=2)
def load_lexicon(path: Path = DATA / "event_triggers.yaml") -> tuple[dict, dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    modes = data.pop("modes", {})
    triggers = {(pos.upper(), lemma): event_type
                for event_type, by_pos in data.items() for pos, lemmas in by_pos.items() for lemma in lemmas}
    return triggers, modes


def _participant(token, role: str) -> dict:
    phrase = noun_phrase(token)
    return {"text": phrase.text, "start": phrase.start_char, "end": phrase.end_char, "entity_id": None, "role": role}


def _keep(tok) -> bool:
    ent = entity_at(tok)
    return ent is None or ent.label_ not in NOT_PARTICIPANTS


def _participants(trigger) -> tuple[list[dict], list[dict]]:
    actors, recipients = [], []
    for child in trigger.children:
        if child.dep_ == "nsubj":
            actors.append((child, "subject"))
        elif child.dep_ == "nsubjpass":
            recipients.append((child, "patient"))
        elif child.dep_ in ("dobj", "dative"):
            recipients.append((child, "object"))
        elif child.dep_ == "agent":
            actors += [(g, "agent") for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPS:
            # 'strikes on the base' is a target; 'a visit to Baghdad' is a place, not a recipient
            recipients += [(g, "target") for g in child.children if g.dep_ == "pobj" and not _is_place(g)]
        elif trigger.pos_ == "NOUN" and child.dep_ in ("compound", "amod", "poss"):
            ent = entity_at(child)
            if ent is not None and ent.label_ in ACTOR_LABELS:
                actors.append((child, "modifier"))
    if trigger.pos_ == "NOUN" and not actors:
        # 'carried out an attack', 'urged ... during a meeting': the governing verb's subject and object
        head = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if head.pos_ in ("VERB", "AUX"):
            actors += [(c, "subject") for c in head.children if c.dep_ == "nsubj"]
            if trigger.dep_ == "pobj":
                recipients += [(c, "object") for c in head.children if c.dep_ == "dobj"]
    return ([_participant(t, r) for t, r in actors if _keep(t)],
            [_participant(t, r) for t, r in recipients if _keep(t)])


def _is_place(token) -> bool:
    ent = entity_at(token)
    return ent is not None and ent.label_ in ("GPE", "LOC")


def _named_victims(doc, recipients: list[dict]) -> list[str]:
    """People named as killed ('killed Qassem Soleimani'): each counts one."""
    return [r["text"] for r in recipients
            if any(t.ent_type_ == "PERSON" for t in doc.char_span(r["start"], r["end"], alignment_mode="expand"))]


def _place(trigger):
    """A place attached to the trigger or its governing verb through a locative preposition."""
    heads = [trigger] + ([trigger.head] if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") else []) \
        + ([trigger.head.head] if trigger.dep_ == "pobj" else [])
    candidates = []
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                for tok in child.subtree:
                    ent = entity_at(tok)
                    if ent is not None and ent.label_ in PLACE_LABELS:
                        candidates.append(ent)
            elif child.dep_ in ("compound", "nmod") and head is trigger:
                ent = entity_at(child)
                if ent is not None and ent.label_ in ("FAC", "LOC"):
                    candidates.append(ent)
    if not candidates:
        return None
    # the most specific: a site before a town before a country
    return min(candidates, key=lambda e: (PLACE_LABELS.index(e.label_), -e.start))


def _date(trigger, sentence):
    dates = [e for e in sentence.ents if e.label_ == "DATE"]
    inside = [e for e in dates if trigger.left_edge.i <= e.start <= trigger.right_edge.i]
    attached = [e for e in dates if any(t.head == trigger or t.head.head == trigger for t in e)]
    pool = inside or attached or dates
    return min(pool, key=lambda e: abs(e.start - trigger.i), default=None)


def _mode(trigger, modes: dict, event_type: str) -> str | None:
    words = {trigger.lemma_.lower(), trigger.lower_} | {c.lower_ for c in trigger.children
                                                         if c.dep_ in ("compound", "amod", "nmod")}
    words |= {c.lemma_.lower() for c in trigger.children if c.dep_ in ("compound", "amod", "nmod")}
    for mode, cues in modes.get(event_type, {}).items():
        if words & set(cues):
            return mode
    return None


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBERS.get(text.replace("a dozen", "dozen"))


def casualties(sentence_text: str, victims: list[str]) -> dict:
    """'two American service members were wounded', 'killing one and wounding eight', 'killed four of ...';
    named victims of a kill count one each ('killed Qassem Soleimani')."""
    out = {}
    lowered = sentence_text.lower()
    for field, words in CASUALTY.items():
        alt = "|".join(words)
        counts = [_number(m.group(1)) for m in re.finditer(rf"\b{NUMBER}\b(?:\s+[\w'’-]+){{0,4}}?\s+(?:were|was|have been|had been|are|is)?\s*(?:{alt})\b", lowered)]
        counts += [_number(m.group(1)) for m in re.finditer(rf"\b(?:{alt})\s+{NUMBER}\b", lowered)]
        counts = [c for c in counts if c is not None]
        if counts:
            out[field] = max(counts)
    if "killed" not in out and victims:
        out["killed"] = len(victims)
    return out


def _status(trigger) -> dict:
    chain = [trigger, *trigger.ancestors]
    aux = {c.lower_ for t in chain[:2] for c in t.children if c.dep_ in ("aux", "auxpass")}
    return {
        "negated": any(c.dep_ == "neg" for t in chain[:2] for c in t.children),
        "hypothetical": bool(aux & MODALS_HYPOTHETICAL) or any(c.lower_ == "if" and c.dep_ == "mark"
                                                               for t in chain[:3] for c in t.children),
        "future": bool(aux & FUTURE_MARKERS) or any(t.lemma_ in ("plan", "intend") for t in chain[1:3]),
        "urged": trigger.lemma_.lower() in REQUEST_GOVERNORS,
    }


def _claim_source(trigger) -> str | None:
    """Who says it happened: the subject of a reporting verb above the trigger, or 'according to X'."""
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in SAYING and anc.pos_ == "VERB":
            for child in anc.children:
                if child.dep_ == "nsubj":
                    return trigger.doc[child.left_edge.i:child.right_edge.i + 1].text
    sent = trigger.sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return tok.doc[objs[0].left_edge.i:objs[0].right_edge.i + 1].text
    return None


def _is_real(trigger) -> bool:
    if trigger.dep_ == "amod":  # 'Iran-backed', 'explosives-laden': a description, not an event
        return False
    governed = any(a.lemma_.lower() in REQUEST_GOVERNORS for a in trigger.ancestors)
    return trigger.lemma_.lower() in REQUEST_GOVERNORS or not governed


def extract_events(article_id: str, doc, published_at: datetime | None) -> list[dict]:
    triggers, modes = load_lexicon()
    sent_of = sentence_indexer(doc)
    best: dict[tuple[int, str], tuple[int, dict]] = {}
    for sent_i, sent in enumerate(doc.sents):
        for tok in sent:
            pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else tok.pos_
            event_type = triggers.get((pos, tok.lemma_.lower()))
            if event_type is None or not _is_real(tok):
                continue
            actors, recipients = _participants(tok)
            date_ent = _date(tok, sent)
            place = _place(tok)
            date = resolve_range(date_ent.text, published_at) if date_ent is not None else None
            if date is None and sent_i == 0 and published_at is not None:
                # a lede with no date of its own reports news from about the publication date
                day = published_at.date()
                date = {"start": day, "end": day, "precision": "week", "method": "publication-fallback",
                        "month_day": None}
            victims = _named_victims(doc, recipients) if tok.lemma_ == "kill" else []
            row = {
                "article_id": article_id, "event_type": event_type, "event_mode": _mode(tok, modes, event_type),
                "trigger": tok.text, "trigger_start": tok.idx, "trigger_end": tok.idx + len(tok),
                "definite": tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE
                                                       for c in tok.children),
                "actors": actors, "recipients": recipients,
                "date_start": date["start"] if date else None, "date_end": date["end"] if date else None,
                "date_precision": date["precision"] if date else None,
                "date_text": date_ent.text if date_ent is not None else None,
                "date_method": date["method"] if date else None,
                "month_day": date["month_day"] if date else None,
                "place_text": place.text if place is not None else None,
                **({k: v for k, v in geocode(place.text).items()} if place is not None else {}),
                **casualties(sent.text, victims),
                **_status(tok), "claim_source": _claim_source(tok),
                "sentence_index": sent_of[tok.i], "start": sent.start_char, "end": sent.end_char,
                "text": sent.text,
            }
            score = bool(actors) + bool(recipients) + (date_ent is not None) + (place is not None) + \
                (row["event_mode"] is not None)
            key = (sent_i, event_type)
            if key not in best or score > best[key][0]:
                best[key] = (score, row)
    return [row for _, row in best.values()]
