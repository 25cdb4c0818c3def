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

from newstables.build.extract.cues import (BELIEVING, DENYING, PRESSING, REQUESTING, according_to, carries_content,
                                           is_speech)
from newstables.build.extract.dates import MONTH, resolve_range
from newstables.build.extract.places import PRECISION_OF_PLACE, geocode
from newstables.build.extract.syntax import (entity_at, ents_within, is_abstract, is_month_name, noun_phrase,
                                             sentence_indexer, subject_of)
from newstables.build.config import CONFIG
from newstables.build.link.actors import sector_of_words

DATA = Path(__file__).parent.parent / "data"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# An act asked or pushed for, or only wanted, planned, sought or threatened, has not happened. The other verbs of
# intent stay out: PLOVER codes the act under them ('decided to allow' is CONCEDE; dev accuracy 0.565 -> 0.559).
REQUEST_GOVERNORS = REQUESTING | PRESSING | {"want", "plan", "seek", "threaten"}
TOPIC_PREPS = {"of", "for", "about", "on", "over", "against", "as"}  # 'accused Y of', 'warned against', 'described as'
MODALS_HYPOTHETICAL = {"could", "would", "might", "may", "should"}
FUTURE_MARKERS = {"will", "shall", "'ll"}
ACTOR_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
PLACE_LABELS = ("FAC", "LOC", "GPE")
PLACE_PREPS = {"in", "at", "near", "on", "inside", "outside", "across", "from", "to", "around"}
RECIPIENT_PREPS = {"on", "against", "with", "targeting", "to"}
GOVERNING_PREPS = {"during", "at", "in"}
JOINT_EVENTS = {"CONSULT", "AGREE", "COOPERATE"}
OBJECT_PATH = {"dobj", "dative", "ccomp", "compound", "appos", "attr"}  # 'urged ... during a meeting': the meeting's parties are the verb's
NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
DEFINITE = {"the", "this", "that", "these", "those"}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "dozen": 12}
CASUALTY = {"killed": ("kill", "killed", "killing", "dead", "died", "die"),
            "wounded": ("wound", "wounded", "wounding", "injured", "injuring", "injure", "hurt"),
            "arrested": ("arrest", "arrested", "arresting", "detained", "detaining", "detain")}
# Precision (issue 12): a trigger in an event sense, with its evidence.
LIGHT_VERBS = {"give", "hand", "issue", "launch", "carry", "hold", "conduct", "stage", "make", "mount", "wage",
               "deliver", "impose", "pay", "take", "unleash"}  # 'handed a sentence', 'carried out an attack'
MEMORY_VERBS = {"recall", "remember", "recollect", "remind", "evoke"}  # 'the comments recalled the 2005 crush'
COGNITION_EVENTS = {"agree"}  # PLOVER codes 'agreed that they should cooperate' as AGREE
RECALLED = {"ambassador", "envoy", "diplomat", "consul", "representative", "delegation", "mission", "staff",
            "troops", "forces", "personnel", "chargé", "attaché", "embassy"}  # 'recalled its ambassador'
EVENT_ARG_PREPS = {"of", "on", "against", "with", "between", "by", "in", "at", "near", "to", "from", "over",
                   "inside", "outside", "across", "into", "for", "during", "among", "amid"}
NOT_EVENT_ENTS = {"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "DATE", "TIME"}  # 'Popular Mobilization Forces'
AGENTIVE = {"AID", "SUPPORT", "COOPERATE", "REQUEST", "CONSULT", "RETREAT", "SANCTION", "COERCE", "ACCUSE",
            "REJECT", "THREATEN", "CONCEDE", "AGREE", "MOBILIZE"}  # done by someone: 'their presence helped' is not
RESULTATIVE = {"leave"}  # 'left Iraq reeling', 'left thousands dead': a result, not a withdrawal
FREQUENCY = {"usually", "often", "always", "regularly", "routinely", "frequently", "typically", "generally",
             "normally", "sometimes", "habitually", "customarily", "occasionally", "seldom", "rarely"}
HABITUAL_MARKS = {"whenever"}
NEGOTIATION = {"talk", "talks", "negotiation", "negotiations", "negotiate", "discuss", "discussion", "deal",
               "agreement", "proposal", "propose", "offer", "condition", "conditions", "terms", "bargain",
               "disagreement", "disagreements", "dispute", "demand", "demands"}
IN_RETURN = {"exchange", "return"}  # 'in exchange for', 'in return for': the terms of a deal
FUTURE_CLAUSE_MARKS = {"until", "before", "after", "when", "once", "if", "unless", "as", "till", "whether"}
CONDITION_MARKS = {"unless", "provided", "providing", "once"}
# nouns that carry the event of a noun modifying them: 'a mediation effort', 'a bombing campaign'
EVENT_CARRIERS = {"effort", "efforts", "mission", "campaign", "operation", "operations", "attempt", "bid", "drive",
                  "process", "initiative", "round", "series", "wave", "spree", "plan", "deal", "agreement",
                  "action", "activity", "activities", "mechanism", "framework", "programme", "program"}
# nouns framing a nominal event as a cause or scene: 'died as a result of torture', 'victims of the bombing'
EVENT_FRAMES = {"result", "aftermath", "wake", "cause", "consequence", "victim", "victims", "scene", "site",
                "survivor", "survivors", "toll", "target", "targets", "perpetrator", "perpetrators"}
COLLECTIONS = {"series", "round", "rounds", "wave", "spate", "string", "number", "flurry", "barrage", "volley"}
# lemmas with common senses that are no event ('gave a speech', 'sent a message', 'left office', 'called him')
WEAK_LEMMAS = LIGHT_VERBS | MEMORY_VERBS | {"send", "provide", "leave", "return", "end", "lift", "back", "join",
                                            "share", "hit", "fire", "cut", "release", "press", "seek", "offer",
                                            "call", "ask", "order", "charge", "help", "support", "free", "pull",
                                            "accept", "reach", "settle", "conclude", "exchange", "alert", "mass",
                                            "station", "train", "ease", "allow", "violence", "troops"}
HYPOTHETICAL_MODIFIERS = {"potential", "possible", "hypothetical", "prospective", "would-be", "eventual"}
NUMBER = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|scores|hundreds)"


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset, frozenset]:
    """Every trigger lemma, and every mode cue word ('grenade', 'drone')."""
    triggers, modes = load_lexicon()
    cues = {w for by_mode in modes.values() for words in by_mode.values() for w in words}
    return frozenset(lemma for _, lemma in triggers), frozenset(cues)


@lru_cache(maxsize=2)
def load_lexicon(path: Path = DATA / "event_triggers.yaml") -> tuple[dict, dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    modes = data.pop("modes", {})
    triggers = {(pos.upper(), lemma): event_type
                for event_type, by_pos in data.items() for pos, lemmas in by_pos.items() for lemma in lemmas}
    return triggers, modes


def _participant(token, role: str) -> dict:
    """The phrase as written, and the span to link: the entity it is, the name it describes in apposition
    ('Qassem Soleimani, the Quds Force leader'), else just its head word ('the Quds Force leader' is no
    Quds Force)."""
    phrase = noun_phrase(token)
    linked = phrase if entity_at(token) is not None else token.doc[token.i:token.i + 1]
    if token.dep_ == "appos" and entity_at(token.head) is not None:
        linked = entity_at(token.head)
    return {"text": phrase.text, "char_start": phrase.start_char, "char_end": phrase.end_char, "entity_id": None, "role": role,
            "link_start": linked.start_char, "link_end": linked.end_char}


def _keep(tok) -> bool:
    ent = entity_at(tok)
    return ent is None or ent.label_ not in NOT_PARTICIPANTS


def _participants(trigger, event_type: str) -> tuple[list[dict], list[dict]]:
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
        elif child.dep_ == "prep" and (child.lower_ in RECIPIENT_PREPS or (child.lower_ == "of" and
                                                                            trigger.pos_ == "NOUN")):
            # 'strikes on the base' is a target; 'a visit to Baghdad' is a place, not a recipient
            recipients += [(g, "target") for g in child.children if g.dep_ == "pobj" and not _is_place(g)]
        elif trigger.pos_ == "NOUN" and child.dep_ in ("compound", "amod", "poss"):
            ent = entity_at(child)
            if ent is not None and ent.label_ in ACTOR_LABELS:
                actors.append((child, "modifier"))
            elif child.pos_ in ("NOUN", "PROPN") and (child.dep_ == "poss" or sector_of_words(child.text)):
                actors.append((child, "modifier"))  # 'the army's offensive', 'militia attacks' (actor codebook)
        elif trigger.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ == "by":
            actors += [(g, "agent") for g in child.children if g.dep_ == "pobj"]  # 'visits there by General X'
        elif child.dep_ == "acl" and child.lemma_ in ("target", "hit"):
            recipients += [(g, "target") for g in child.children if g.dep_ == "dobj"]  # 'an attack targeting X'
    if trigger.pos_ == "VERB" and not actors and trigger.dep_ in ("advcl", "xcomp", "conj"):
        subject = subject_of(trigger)  # 'Visiting Baghdad last week, a senior commander urged ...'
        if subject is not None and subject.dep_ == "nsubj":
            actors.append((subject, "subject"))
    if trigger.pos_ == "VERB" and trigger.dep_ == "acl" and trigger.head.pos_ in ("NOUN", "PROPN"):
        recipients.append((trigger.head, "patient"))  # 'the Quds Force leader killed in a drone strike'
    _relative_and_shared(trigger, actors, recipients)
    if trigger.pos_ == "NOUN" and not actors:
        # 'carried out an attack', 'handed Mohammadi a sentence': climb to the governing verb; its subject acts,
        # names passed on the way and its other objects are acted on. 'urged ... during a meeting' makes the
        # urger a party to the meeting, for joint events only ('died during the raid' is no attacker).
        via_prep = trigger.dep_ == "pobj" and trigger.head.lower_ in GOVERNING_PREPS and event_type in JOINT_EVENTS
        path, head = [], (trigger.head.head if via_prep else trigger.head)
        while not via_prep and head.pos_ not in ("VERB", "AUX") and head.dep_ in OBJECT_PATH and head.head is not head:
            path.append(head)
            head = head.head
        if head.pos_ in ("VERB", "AUX") and (via_prep or trigger.dep_ in OBJECT_PATH):
            subject = subject_of(head)  # 'while making a visit ..., Taeb urged': Taeb made the visit
            actors += [(subject, "subject")] if subject is not None and subject.dep_ == "nsubj" else []
            recipients += [(c, "object") for c in head.children if c.dep_ in ("dobj", "dative") and c != trigger
                           and c not in path]
            recipients += [(t, "object") for t in path if t.ent_type_ in ("PERSON", "ORG", "NORP")]
    lexicon, cues = _word_sets()

    def is_participant(tok) -> bool:  # 'the blast', 'a grenade' are the event or its means, not a party to it;
        # 'that', 'which', 'most' stand for someone named elsewhere
        return _keep(tok) and tok.lemma_.lower() not in lexicon | cues and not (
            tok.pos_ in ("PRON", "DET", "ADJ") and tok.tag_ not in ("PRP",))

    def with_conjuncts(found):  # 'he and Abu Mahdi al-Muhandis were killed': both
        return [(c, role) for t, role in found for c in [t, *(x for x in t.children if x.dep_ == "conj")]]

    if event_type == "CONSULT":  # 'visiting Baghdad': a visited place is where it happened, not a party
        recipients = [(t, r) for t, r in recipients if not (r == "object" and _is_place(t))]
    return ([_participant(t, r) for t, r in with_conjuncts(actors) if is_participant(t)],
            [_participant(t, r) for t, r in with_conjuncts(recipients) if is_participant(t)])


PASSIVE_SUPPORT = {"claim", "carry", "conduct", "launch", "stage", "mount", "perpetrate", "hold", "make", "order"}


def _relative_and_shared(trigger, actors: list, recipients: list) -> None:
    """Participants outside the trigger's own children: the noun a relative clause hangs on ('the activist, who
    was arrested': patient; 'militias that attacked': actor); the subject a passive verb shares with the one it is
    coordinated with ('was tried and jailed'); the agent of a support verb whose subject the nominal trigger is
    ('attacks ... have been claimed by small groups', 'the raid was carried out by X')."""
    own = {c.dep_ for c in trigger.children}
    if trigger.pos_ == "VERB" and trigger.dep_ == "relcl" and trigger.head.pos_ in ("NOUN", "PROPN"):
        relative = [c for c in trigger.children if c.tag_ in ("WP", "WDT") or c.lower_ == "that"]
        if "nsubjpass" in own or "auxpass" in own:
            recipients.append((trigger.head, "patient"))
        elif any(c.dep_ == "nsubj" for c in relative) and not actors:
            actors.append((trigger.head, "subject"))
    if trigger.pos_ == "VERB" and trigger.dep_ == "conj" and not own & {"nsubj", "nsubjpass"} \
            and trigger.tag_ == "VBN" and not recipients:
        shared = next((c for c in trigger.head.children if c.dep_ == "nsubjpass"), None)
        if shared is not None:
            recipients.append((shared, "patient"))
    if trigger.pos_ == "NOUN" and trigger.dep_ == "nsubjpass" and not actors and \
            trigger.head.lemma_.lower() in PASSIVE_SUPPORT:
        actors += [(g, "agent") for c in trigger.head.children if c.dep_ == "agent" for g in c.children
                   if g.dep_ == "pobj"]


def _is_place(token) -> bool:
    ent = entity_at(token)
    return ent is not None and ent.label_ in ("GPE", "LOC")


def _named_victims(doc, recipients: list[dict]) -> list[str]:
    """People named as killed ('killed Qassem Soleimani'): each counts one."""
    return [r["text"] for r in recipients
            if any(t.ent_type_ == "PERSON" for t in doc.char_span(r["char_start"], r["char_end"], alignment_mode="expand"))]


def _place(trigger):
    """A place attached to the trigger or its governing verb through a locative preposition; a word modifying
    a trigger ('a US drone strike in Iraq') is a party, not the place."""
    heads = [trigger] + ([trigger.head] if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") else []) \
        + ([trigger.head.head] if trigger.dep_ == "pobj" else [])
    candidates = []
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                for tok in child.subtree:
                    ent = entity_at(tok)
                    if ent is not None and ent.label_ in PLACE_LABELS and not _modifies_trigger(tok):
                        candidates.append(ent)
            elif child.dep_ in ("compound", "nmod") and head is trigger:
                ent = entity_at(child)
                if ent is not None and ent.label_ in ("FAC", "LOC"):
                    candidates.append(ent)
    if not candidates and trigger.lemma_ == "visit":  # 'visiting Baghdad'
        candidates += [entity_at(c) for c in trigger.children if c.dep_ == "dobj" and _is_place(c)]
    if not candidates:  # 'an attack targeting the Ain al-Assad military base': a targeted site is the place
        for child in trigger.children:
            if child.dep_ == "acl" or (child.dep_ == "prep" and child.lower_ in ("on", "against")):
                for tok in child.subtree:
                    ent = entity_at(tok)
                    if ent is not None and ent.label_ == "FAC":
                        candidates.append(ent)
    if not candidates:
        return None
    # the most specific known place: a site before a town, a region, a country; unknown names last
    rank = {**PRECISION_OF_PLACE, None: len(PRECISION_OF_PLACE)}
    return min(candidates, key=lambda e: (rank[geocode(e.text)["geo_precision"]], e.start))


def _with_day(ent):
    """spaCy often leaves the day out of 'a 26 February US air strike': take a day number just before a month."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.like_num and before.text.isdigit() and 1 <= int(before.text) <= 31:
        return ent.doc[ent.start - 1:ent.end]
    return ent


def _modifies_trigger(tok) -> bool:
    return tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() in _word_sets()[0]


def _date(trigger, sentence):
    """A date inside the trigger's phrase ('a July 7 rocket barrage') or attached to it or to the verb it hangs
    from ('met on July 5', 'urged ... during a meeting ... last week'); never just any date in the sentence."""
    dates = [_with_day(e) for e in ents_within(sentence) if e.label_ == "DATE"]
    def own(ent):  # inside the trigger's phrase but not in a clause of its own ('the visit, which came after ...')
        chain = [t for t in ent[0].ancestors if t.i != trigger.i and trigger in t.ancestors]
        if any(t.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in chain):
            return False
        # a date naming another thing ('return the US to the 2015 deal') is that thing's, not the event's
        # ('at the July 5 meeting', 'during a 2019 visit' frame the event in time: theirs stays)
        head = ent.root.head
        framed = head.dep_ == "pobj" and head.head.lower_ in ("during", "at", "in", "on", "amid")
        return not (ent.root.dep_ in ("nummod", "compound", "amod", "nmod") and head.i != trigger.i
                    and head.pos_ in ("NOUN", "PROPN") and not framed)

    inside = [e for e in dates if trigger.left_edge.i <= e.start <= trigger.right_edge.i and own(e)]
    anchors = {trigger}
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
        anchors.add(trigger.head.head if trigger.dep_ == "pobj" else trigger.head)
    attached = [e for e in dates if any(t.head in anchors or t.head.head in anchors for t in e)]
    fronted = [e for e in dates if e.start - sentence.start <= 2]  # 'On 8 March, ...' scopes over the sentence
    return min(inside or attached or fronted, key=lambda e: abs(e.start - trigger.i), default=None)


def means(trigger) -> set[str]:
    """The trigger, the words that modify it ('rocket barrage', 'drone strike', 'grenade attack') and a weapon
    as its subject ('a grenade ... exploded')."""
    cues = _word_sets()[1]
    words = {trigger.lemma_.lower(), trigger.lower_}
    for c in trigger.children:
        if c.dep_ in ("compound", "amod", "nmod") or (c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in cues):
            words |= {c.lower_, c.lemma_.lower()}
    return words


def _mode(trigger, modes: dict, event_type: str) -> str | None:
    words = means(trigger)
    for mode, cues in modes.get(event_type, {}).items():
        if words & set(cues):
            return mode
    return None


def _month(text: str) -> str | None:
    m = MONTH.search(text)
    return f"{MONTHS.index(m.group(1).lower()[:3]) + 1:02d}" if m else None


MAX_COUNT = CONFIG.extract.max_casualty_count


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text) if int(text) <= MAX_COUNT else None
    return NUMBERS.get(text.replace("a dozen", "dozen"))


def casualties(sentence_text: str, victims: list[str]) -> dict:
    """'two American service members were wounded', 'killing one and wounding eight', 'killed four of ...';
    named victims of a kill count one each ('killed Qassem Soleimani')."""
    out = {}
    # a year or the day of a date is no count: 'on February 29 killed three', 'in 2019 ... were killed'
    lowered = re.sub(rf"{MONTH.pattern}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH.pattern}|\b(1[89]|20)\d\d\b", " ",
                     sentence_text, flags=re.IGNORECASE).lower()
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


def confidence(row: dict, trigger) -> float:
    """How sure the row is an event that happened: the trigger's strength (a verb over a noun; a lemma with
    common non-event senses weaker), plus each kind of evidence found (actor, recipient, date, place, mode),
    times a discount for each modality flag (negated, hypothetical, negotiated, habitual, future)."""
    c = CONFIG.events
    score = c.verb_trigger if trigger.pos_ == "VERB" else c.noun_trigger
    if trigger.lemma_.lower() in WEAK_LEMMAS:
        score -= c.weak_lemma
    found = sum(bool(row[k]) for k in ("actors", "recipients", "date_text", "place_text", "event_mode"))
    score += c.per_argument * min(found, c.max_arguments)
    for flag in ("negated", "hypothetical", "negotiated", "habitual", "future"):
        if row[flag]:
            score *= getattr(c, flag)
    return round(min(max(score, c.floor), c.ceiling), 2)


def _flags(trigger, sentence_index: int) -> dict:
    status, modality = _status(trigger), _modality(trigger, sentence_index)
    return {**status, **modality, "hypothetical": status["hypothetical"] or modality["hypothetical"]}


def _reports(verb, branch) -> bool:
    """The verb reports speech and its `branch` holds what was said: a clause, an object ('confirmed the
    attack'), a topic ('accused Y of attacking', 'warned of attacks') or, after a verb of intent, an infinitive
    ('vowed to retaliate', not 'continued to fight'). Not its subject ('a report released ... noted'), a second
    thing its subject did ('suggested ... and called'), where or when it was said ('at a meeting', 'after the
    raid') or to whom ('responded to a request')."""
    if not is_speech(verb):
        return False
    if branch.dep_ == "prep":
        return branch.lower_ in TOPIC_PREPS
    return branch.dep_ == "dobj" or carries_content(verb, branch)


def _claim_source(trigger) -> str | None:
    """Who says it happened: the subject of the nearest saying verb whose content holds the trigger, or of an
    aside on a clause that holds it ('The militias, officials said, attacked'), or 'according to X'; nobody
    when that verb is a denial ('Iran denied that its forces attacked')."""
    branch = None
    for node in (trigger, *trigger.ancestors):
        verb = node if branch is not None and _reports(node, branch) else next(
            (c for c in node.children if c.dep_ == "parataxis" and is_speech(c)), None)
        if verb is not None:
            if verb.lemma_.lower() in DENYING:
                return None
            subject = subject_of(verb)  # 'said ..., urging Y to ...': the participle's speaker is the sentence's
            if subject is not None and subject.dep_ == "nsubj":
                return trigger.doc[subject.left_edge.i:subject.right_edge.i + 1].text
        branch = node
    found = according_to(trigger.sent)
    if found is None:
        return None
    source = found[1]
    return trigger.doc[source.left_edge.i:source.right_edge.i + 1].text


def _is_real(trigger) -> bool:
    if trigger.dep_ == "amod":  # 'Iran-backed', 'explosives-laden': a description, not an event
        return False
    return trigger.lemma_.lower() in REQUEST_GOVERNORS or not _urged(trigger)


def _subject(trigger):
    subject = subject_of(trigger) if trigger.pos_ == "VERB" else None
    return subject if subject is not None and subject.dep_ == "nsubj" else None


def _reporting_only(trigger, event_type: str) -> bool:
    """A reporting, memory or cognition use of a trigger lemma: 'recalled the crush' (memory; a recall is of an
    envoy or troops), 'concluded that ...' (cognition; 'agreed that ...' is PLOVER's AGREE), 'asked whether ...'
    or 'asked, "..."' (a question, not a request), 'called it a disgrace' (characterising)."""
    lemma = trigger.lemma_.lower()
    deps = {c.dep_ for c in trigger.children}
    preps = {c.lower_ for c in trigger.children if c.dep_ == "prep"}
    if lemma in MEMORY_VERBS:
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        return not any(o.lemma_.lower() in RECALLED or o.lower_ in RECALLED for o in objects) or "ccomp" in deps
    if lemma in BELIEVING and lemma not in COGNITION_EVENTS:
        return bool(deps & {"ccomp", "parataxis"}) or any(c.dep_ == "xcomp" and c.pos_ == "AUX" for c in trigger.children)
    if event_type == "REQUEST" and trigger.pos_ == "VERB" and lemma in {"ask", "call"}:
        # a request needs what is asked for: an infinitive, 'for'/'on' or an asked-for thing ('asked for help')
        return "xcomp" not in deps and not preps & {"for", "on", "upon"} and not (
            lemma == "ask" and any(c.dep_ == "dobj" and c.pos_ == "NOUN" and not is_speech(trigger) for c in trigger.children))
    return False


def _complex_preposition(trigger) -> bool:
    """A bare singular noun inside a complex preposition: 'in charge of', 'in exchange for', 'in support of', 'in
    response to' (not 'an increase in attacks against them')."""
    return (trigger.dep_ == "pobj" and trigger.head.lower_ in ("in", "by", "on") and trigger.tag_ == "NN" and
            not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in trigger.children) and
            any(c.dep_ == "prep" for c in trigger.children))


def _has_event_argument(trigger, actors, recipients, date_ent, place) -> bool:
    """A nominal trigger names an event only with something of one: a participant, a date, a place, an argument
    through a preposition ('strikes on', 'talks with'), a means ('drone strike'), a clause of its own ('the
    attack, which killed ...', 'an attack targeting ...'), a possessor ('Soleimani's assassination'), or by
    happening as a clause's subject ('protests erupted') or in a cause's or a scene's frame ('died as a result
    of torture', 'victims of the bombing'). A definite one ('the meeting') refers to an event told
    before."""
    if actors or recipients or date_ent is not None or place is not None:
        return True
    if any(c.dep_ == "det" and c.lower_ in DEFINITE for c in trigger.children):
        return True  # 'the meeting', 'this attack': an event told before (link/events.py merges it into that one)
    cues = _word_sets()[1]
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in EVENT_ARG_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return True
        if c.dep_ in ("acl", "relcl") or (c.dep_ == "poss" and c.tag_ != "PRP$"):
            return True
        if c.dep_ in ("compound", "amod", "nmod", "nummod") and (c.lemma_.lower() in cues or c.ent_type_):
            return True
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in EVENT_FRAMES:
        return True
    return trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.pos_ == "VERB"


def _event_sense(trigger, event_type: str) -> bool:
    """The trigger is used for an event, not as a month name ('March'), a reporting, memory or cognition verb, a
    modifier of another noun ('visit ceremonies', 'strike force'), part of a name ('Popular Mobilization
    Forces'), a complex preposition ('in charge of'), a result ('left Iraq reeling') or the act of something that
    cannot act ('their presence helped')."""
    if is_month_name(trigger):
        return False
    ent = entity_at(trigger)
    if ent is not None and ent.label_ in NOT_EVENT_ENTS:
        return False
    if trigger.pos_ == "VERB" and _reporting_only(trigger, event_type):
        return False
    if trigger.pos_ in ("NOUN", "PROPN"):
        if trigger.dep_ == "compound" and trigger.head.pos_ in ("NOUN", "PROPN") and \
                trigger.head.lemma_.lower() not in EVENT_CARRIERS and trigger.head.lower_ not in EVENT_CARRIERS:
            return False
        if _complex_preposition(trigger):
            return False
    if trigger.pos_ == "VERB":
        if trigger.lemma_.lower() in RESULTATIVE and any(c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") or
                                                          (c.dep_ == "prt" and c.lower_ == "behind")
                                                          for c in trigger.children):
            return False
        subject = _subject(trigger)
        if event_type in AGENTIVE and subject is not None and subject.head == trigger and is_abstract(subject):
            return False
    return True


def _light_verb(trigger) -> bool:
    """'handed Mohammadi a sentence', 'carried out an attack', 'held talks': the noun is the event, coded on its own."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in LIGHT_VERBS:
        return False
    triggers = load_lexicon()[0]
    # the object, also where the parse hangs it under a misread second object ('handed laureate Mohammadi a sentence')
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "attr")] + [
        g for c in trigger.children if c.dep_ in ("dobj", "dative", "ccomp", "npadvmod", "appos")
        for g in c.children if g.dep_ in ("dobj", "attr") and g.pos_ == "NOUN"]
    for c in objects:
        nouns = [c] + [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" and c.lower_ in COLLECTIONS
                       for g in p.children if g.dep_ == "pobj"]  # 'a series of meetings'
        if any(("NOUN", n.lemma_.lower()) in triggers or ("NOUN", n.lower_) in triggers for n in nouns):
            return True
    return False


def _modality(trigger, sentence_index: int) -> dict:
    """Habitual ('he asks them', 'usually meet', 'whenever they attack'), negotiated or conditional (the topic
    of talks, a deal's terms, 'in exchange for', 'unless') and hypothetical modifiers ('potential talks')."""
    chain = [trigger, *trigger.ancestors]
    near = chain[:2]
    adverbs = {c.lemma_.lower() for t in near for c in t.children if c.dep_ in ("advmod", "npadvmod", "mark")}
    every = any(c.lower_ in ("every", "each") for t in near for c in t.subtree if c.dep_ == "det" and
                c.head.dep_ == "npadvmod")
    aux = [c for c in trigger.children if c.dep_ in ("aux", "auxpass")]
    # the simple present of an event verb in running text is a habit or a standing state ('he asks them to go');
    # not in a headline, and not under 'until', 'when', 'if' (it points to the future there)
    present = trigger.pos_ == "VERB" and trigger.tag_ in ("VBZ", "VBP") and not aux and sentence_index > 0 \
        and not any(c.dep_ in ("ccomp", "parataxis") for c in trigger.children) and not any(c.dep_ == "mark" and c.lower_ in FUTURE_CLAUSE_MARKS
                                               for c in trigger.children)
    habitual = bool(adverbs & FREQUENCY) or bool(adverbs & HABITUAL_MARKS) or every or present or any(
        c.dep_ == "aux" and c.lower_ == "used" for c in trigger.children)
    negotiated = bool(adverbs & CONDITION_MARKS)
    child = trigger
    for head in trigger.ancestors:
        if child.dep_ not in ("prep", "pobj", "pcomp", "conj", "acl", "xcomp", "dobj", "compound"):
            break
        in_return = head.lower_ in IN_RETURN and head.dep_ == "pobj" and head.head.lower_ == "in"
        if child.dep_ != "conj" and (head.lemma_.lower() in NEGOTIATION or head.lower_ in NEGOTIATION or in_return):
            negotiated = True
            break
        child = head
    hypothetical = any(c.dep_ == "amod" and c.lower_ in HYPOTHETICAL_MODIFIERS for c in trigger.children)
    return {"habitual": habitual, "negotiated": negotiated, "hypothetical": hypothetical}


def _urged(trigger) -> bool:
    """In the complement of a request verb ('urged the militias to increase their attacks'); an adverbial
    clause or a prepositional phrase ('while making a visit, ... urged'; 'urged ... during a meeting') did happen."""
    child = trigger
    for head in trigger.ancestors:
        if head.lemma_.lower() in REQUEST_GOVERNORS and child.dep_ in ("xcomp", "ccomp", "dobj", "oprd"):
            return True
        if child.dep_ in ("advcl", "prep", "pobj", "relcl") and head is not trigger.head:
            return False
        child = head
    return False


# Type choice (issue 12): the PLOVER codebook codes some triggers by what governs them or by their object.
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE"}
YIELDING = {"RETREAT", "CONCEDE"}
FORCEFUL = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}  # the material conflict a threat announces
# verbs and adjectives of commitment: 'offered to negotiate', 'promised to continue aid', 'is willing to withdraw'
# (AGREE: 'agree to, offer, promise, or otherwise indicate willingness'), 'have sworn to fight' (THREATEN)
INTENT_VERBS = {"offer", "promise", "pledge", "vow", "swear", "undertake", "volunteer", "commit"}
WILLING = {"willing", "prepared", "ready", "committed", "determined", "eager", "resolved"}
REFUSING = {"fail", "refuse", "decline", "reject"}  # 'failed to reach agreement', 'refused to meet': REJECT
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
CONDITIONS = {"unless", "if"}
# objects that give a verb its PLOVER sense
# 'lifted the curfew', 'eased restrictions on the press': CONCEDE (easing administrative or legal restrictions on
# persons and organisations, removing curfews); lifting sanctions, an embargo or a blockade stays RETREAT
RESTRICTIONS = {"curfew", "ban", "emergency", "restriction", "restrictions", "censorship", "law", "restraint",
                "controls", "limit", "limits"}
EASING = {"lift", "ease", "relax", "shorten", "remove", "loosen", "end", "suspend", "reduce", "rescind", "revoke",
          "scrap", "waive"}
COOPERATION_THINGS = {"mediation", "talk", "talks", "negotiation", "negotiations", "relation", "relations", "tie",
                      "ties", "aid", "assistance", "cooperation", "contact", "contacts", "dialogue", "trade",
                      "mission", "funding"}  # 'ended mediation efforts', 'cut aid': SANCTION (reduce relations)
ENDING = {"end", "halt", "suspend", "cut", "break", "sever", "freeze", "terminate", "stop", "cancel"}
NON_MILITARY = {"aid", "observer", "observers", "diplomat", "diplomats", "peacekeeper", "peacekeepers",
                "peacekeeping", "inspector", "inspectors", "worker", "workers", "monitor", "monitors", "ambassador",
                "envoy", "staff", "personnel", "support", "recognition", "funding", "assistance", "mission",
                "embassy"}  # withdrawing these is SANCTION 'withdraw', not RETREAT
DEMANDS = {"demand", "demands", "condition", "conditions", "ultimatum"}  # 'accepted demands': CONCEDE
RELATIONS = {"tie", "ties", "relation", "relations", "embassy"}  # 'established diplomatic ties': SUPPORT
OPENING = {"establish", "restore", "resume", "normalize", "normalise", "upgrade", "open", "reopen"}
ROUTES = {"road", "roads", "bridge", "highway", "street", "streets", "traffic", "transport", "railway", "route",
          "routes", "access", "entrance", "entrances", "port", "border", "crossing", "motorway", "junction"}
LABOUR_STRIKE = {"hunger", "general", "labor", "labour", "worker", "workers", "nationwide", "national",
                 "open-ended", "indefinite", "token", "wildcat", "sit-down", "teachers", "doctors", "transport",
                 "day", "one-day", "two-day", "three-day", "24-hour", "48-hour"}  # PROTEST 'strike', 'hunger'
DIPLOMATIC_PROTEST = {"lodge", "file", "register", "deliver", "send", "issue", "submit", "voice", "express"}


def _objects(verb) -> list:
    """A verb's objects, with the nouns naming what they are ('mediation efforts', 'a state of emergency')."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "from", "of")
        for g in c.children if g.dep_ == "pobj"]
    return objects + [g for o in objects for g in o.children if g.dep_ == "compound"] + [
        g for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
        for g in p.children if g.dep_ == "pobj"]


def _words(tokens) -> set[str]:
    return {w for t in tokens for s in t.subtree for w in (s.lower_, s.lemma_.lower())}


def _sense_type(tok, event_type: str | None) -> str | None:
    """The PLOVER type a verb's object or a noun's modifiers give a trigger (or a verb the lexicon leaves out):
    'lifted the curfew' CONCEDE, 'ended mediation' SANCTION, 'withdrew its inspectors' SANCTION, 'accepted the
    demands' CONCEDE, 'established diplomatic ties' SUPPORT, 'blocked roads' and 'a hunger strike' PROTEST,
    'lodged a protest' ACCUSE, 'stepped down' RETREAT."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        heads = {o.lemma_.lower() for o in _objects(tok)} | {o.lower_ for o in _objects(tok)}
        if lemma in EASING and heads & RESTRICTIONS:
            return "CONCEDE"
        if lemma in ENDING and heads & COOPERATION_THINGS:
            return "SANCTION"
        if event_type == "RETREAT" and lemma in ("withdraw", "pull") and _words(
                [c for c in tok.children if c.dep_ == "dobj"]) & NON_MILITARY:
            return "SANCTION"
        if lemma == "accept" and heads & DEMANDS:
            return "CONCEDE"
        if lemma in OPENING and heads & RELATIONS:
            return "SUPPORT"
        if lemma in ("block", "barricade") and heads & ROUTES:
            return "PROTEST"
        particles = {c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == tok.i + 1)}
        if lemma == "step" and "down" in particles:
            return "RETREAT"  # RETREAT 'resign'
        if lemma == "back" and particles & {"down", "off"}:
            return "CONCEDE"  # 'backed down', not SUPPORT's 'backed the plan'
        return event_type
    if event_type is None:
        return None
    if tok.pos_ in ("NOUN", "PROPN"):
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if verb is not None and verb.pos_ == "VERB":  # the noun follows its verb: 'lifted the curfew'
            sense = _sense_type(verb, None)
            if sense is not None:
                return sense
            if lemma == "protest" and verb.lemma_.lower() in DIPLOMATIC_PROTEST:
                return "ACCUSE"  # a diplomatic protest is ACCUSE 'disapprove'
        if lemma == "strike" and (any(c.dep_ in ("compound", "amod", "nmod") and c.lower_ in LABOUR_STRIKE
                                      for c in tok.children) or (tok.dep_ == "pobj" and tok.head.lower_ == "on")):
            return "PROTEST"
    return event_type


def _governing_verb(tok):
    """The verb whose tense and modality the trigger shares: itself, the verb of a noun it is the object of
    ('will provide aid', 'will sign an agreement'), or the first verb of a coordination ('would meet ... and
    give')."""
    node = tok
    while node.pos_ in ("NOUN", "PROPN") and node.dep_ == "pobj" and node.head.lower_ == "of" and \
            node.head.head.pos_ in ("NOUN", "PROPN"):  # 'will provide 25,000 tons of aid'
        node = node.head.head
    if node.pos_ in ("NOUN", "PROPN") and node.dep_ in ("dobj", "nsubjpass", "attr"):
        node = node.head
    elif node.pos_ in ("NOUN", "PROPN") and node.dep_ == "pobj" and node.head.head.pos_ == "VERB":
        node = node.head.head
    while node.dep_ == "conj" and node.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("aux", "auxpass", "nsubj") for c in node.children):
        node = node.head
    return node


def _embedded_type(verb, triggers) -> str | None:
    """The type of the act in a verb's infinitive ('offered to hand over', 'promised to continue military aid')."""
    queue = [c for c in verb.children if c.dep_ == "xcomp"]
    while queue:
        tok = queue.pop(0)
        pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else tok.pos_
        found = _sense_type(tok, triggers.get((pos, tok.lemma_.lower())))
        if found is not None:
            return found
        queue += [c for c in tok.children if c.dep_ in ("xcomp", "dobj", "conj", "prt", "prep", "pobj", "ccomp")]
    return None


def _intent_of(tok):
    """The commitment word governing the trigger through infinitives: 'offered to negotiate', 'is willing to
    withdraw', 'failed to reach agreement'."""
    node, child = _governing_verb(tok), None
    for _ in range(3):
        infinitive = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ != "xcomp" and not (infinitive and node.head.lemma_.lower() in INTENT_VERBS):
            return None  # 'have sworn to fight' is often parsed as a purpose clause
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in INTENT_VERBS or lemma in WILLING or lemma in REFUSING:
            return node
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ == "acomp" and c.lower_ in WILLING for c in node.children):
            return next(c for c in node.children if c.dep_ == "acomp" and c.lower_ in WILLING)
    return None


def _under_speech(verb) -> bool:
    """The verb is what someone says ('said Sudan must return', 'announced that ... will withdraw') or has a
    source as an aside ('..., diplomatic sources said')."""
    node = verb
    for head in verb.ancestors:
        if node.dep_ in ("ccomp", "conj", "xcomp") and is_speech(head) and head.lemma_.lower() not in COGNITION_EVENTS:
            return True
        if node.dep_ not in ("ccomp", "conj", "xcomp"):
            break
        node = head
    return any(c.dep_ == "parataxis" and is_speech(c) for t in (verb, *verb.ancestors) for c in t.children) or \
        according_to(verb.sent) is not None


def _demanded(verb) -> bool:
    """What someone says another 'must' do is a demand: 'Russia said Sudan must return the helicopter'."""
    return verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children) \
        and _under_speech(verb)


def _committed(event_type: str | None, default: str, yielding: str = "AGREE") -> str:
    """The type of a commitment to an act of this type: to cooperate, AGREE; to retreat or concede, `yielding`;
    to use force, THREATEN; else `default`."""
    if event_type in COOPERATIVE:
        return "AGREE"
    if event_type in YIELDING:
        return yielding
    return "THREATEN" if event_type in FORCEFUL else default


def _plover_type(tok, event_type: str, triggers) -> str:
    """The codebook's type for the trigger in its clause. Commitments: an offer, promise or pledge to cooperate or
    yield, or willingness to, is AGREE; one to use force, THREATEN. Announced future acts: cooperation (CONSULT,
    SUPPORT, COOPERATE, AID) is AGREE, a retreat or concession CONCEDE, force (ASSAULT, COERCE, SANCTION,
    PROTEST) THREATEN; a refusal ('will not accept', 'failed to reach agreement') REJECT; what someone says
    another 'must' do, REQUEST. Unattributed future ('The ministers will meet next week') keeps its type."""
    event_type = _sense_type(tok, event_type)
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in INTENT_VERBS and any(c.dep_ == "xcomp" for c in tok.children):
        return _committed(_embedded_type(tok, triggers), event_type)
    intent = _intent_of(tok)
    if intent is not None:
        if intent.lemma_.lower() in REFUSING:
            # an actor refusing or failing to cooperate ('failed to reach agreement'), not a thing failing to
            # bring about ('the visits failed to yield an escalation': no refusal to concede)
            subject = subject_of(intent)
            refused = subject is None or not is_abstract(subject)
            acts = COOPERATIVE if intent.lemma_.lower() == "fail" else COOPERATIVE | YIELDING
            return "REJECT" if refused and event_type in acts else event_type
        return _committed(event_type, event_type)
    verb = _governing_verb(tok)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    negated = any(c.dep_ == "neg" for c in verb.children)
    if event_type not in ("REQUEST", "ACCUSE", "REJECT") and _demanded(verb):
        return "REQUEST"
    if verb.pos_ in ("VERB", "AUX") and aux & FUTURE_AUX:
        if negated:
            return "REJECT" if event_type in COOPERATIVE | YIELDING else event_type
        conditional = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
                          for c in verb.children)
        if conditional or _under_speech(verb):
            return _committed(event_type, event_type, yielding="CONCEDE")  # announced retreats are CONCEDE
    return event_type


def extract_events(article_id: str, doc, published_at: datetime | None) -> list[dict]:
    triggers, modes = load_lexicon()
    sent_of = sentence_indexer(doc)
    best: dict[tuple[int, str], tuple[int, dict]] = {}
    for sent_i, sent in enumerate(doc.sents):
        for tok in sent:
            pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else tok.pos_
            event_type = triggers.get((pos, tok.lemma_.lower()))
            if event_type is None and pos == "VERB":
                # 'shortened the curfew', 'blocked roads', 'stepped down'; 'said ... must ensure security'
                event_type = _sense_type(tok, None) or ("REQUEST" if _demanded(tok) else None)
            if event_type is None or not _is_real(tok) or not _event_sense(tok, event_type) or _light_verb(tok):
                continue
            event_type = _plover_type(tok, event_type, triggers)
            actors, recipients = _participants(tok, event_type)
            date_ent = _date(tok, sent)
            place = _place(tok)
            nominal = tok.pos_ in ("NOUN", "PROPN")
            if nominal and not _has_event_argument(tok, actors, recipients, date_ent, place):
                continue
            date = resolve_range(date_ent.text, published_at) if date_ent is not None else None
            if date_ent is not None and date is None:
                date_ent = None  # 'six-year' was a length of time
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
                "month": _month(date_ent.text) if date_ent is not None else None,
                "means": sorted(means(tok)),
                "place_text": place.text if place is not None else None,
                **(geocode(place.text) if place is not None else {}),
                **casualties(sent.text, victims), "victims": victims,
                **_flags(tok, sent_i), "claim_source": _claim_source(tok),
                "sentence_index": sent_of[tok.i], "char_start": sent.start_char, "char_end": sent.end_char,
                "text": sent.text,
            }
            row["confidence"] = confidence(row, tok)
            score = bool(actors) + bool(recipients) + (date_ent is not None) + (place is not None) + \
                (row["event_mode"] is not None)
            key = (sent_i, event_type)
            if key in best:  # one mention per sentence and type: the best trigger, with every party and count
                other = best[key][1]
                keep, add = (row, other) if score > best[key][0] else (other, row)
                for field in ("actors", "recipients"):
                    spans = {(p["char_start"], p["char_end"]) for p in keep[field]}
                    keep[field] += [p for p in add[field] if (p["char_start"], p["char_end"]) not in spans]
                for field in ("killed", "wounded", "arrested"):
                    if add.get(field) is not None and keep.get(field) is None:
                        keep[field] = add[field]
                keep["victims"] = sorted(set(keep["victims"]) | set(add["victims"]))
                keep["definite"] = keep["definite"] or add["definite"]  # 'was also killed in the attack'
                keep["means"] = sorted(set(keep["means"]) | set(add["means"]))
                keep["confidence"] = max(keep["confidence"], add["confidence"])
                best[key] = (max(score, best[key][0]), keep)
            else:
                best[key] = (score, row)
    return [row for _, row in best.values()]
