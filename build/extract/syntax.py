"""Small dependency-parse helpers shared by the quote and event extractors."""

from __future__ import annotations

NAME_MODIFIERS = {"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod"}
ENTITY_INDEX = "newstables.entities"  # doc.user_data key of the cache below


def sentence_indexer(doc):
    """token index -> sentence index."""
    index = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        index[sent.start:sent.end] = [i] * len(sent)
    return index


def entities(doc) -> tuple[tuple, list]:
    """`doc.ents` and, per token, the entity holding it (or None). spaCy rebuilds `doc.ents` from every token
    on each access, so the extractors read both from this per-doc cache instead."""
    cached = doc.user_data.get(ENTITY_INDEX)
    if cached is None:
        ents = doc.ents
        holder = [None] * len(doc)
        for ent in ents:
            holder[ent.start:ent.end] = [ent] * len(ent)
        cached = doc.user_data[ENTITY_INDEX] = (ents, holder)
    return cached


def ents_within(span) -> list:
    """`span.ents` from the cache: the entities that lie wholly inside the span."""
    found = []
    for ent in entities(span.doc)[0]:
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            found.append(ent)
    return found


def entity_at(token):
    """The named-entity span that holds `token`, if any."""
    return entities(token.doc)[1][token.i]


def noun_phrase(token):
    """The entity holding `token`, else the token with its left-hand modifiers ('the Iraqi commander')."""
    ent = entity_at(token)
    if ent is not None:
        return ent
    start = token.i
    for child in token.lefts:
        if child.dep_ in NAME_MODIFIERS:
            start = min(start, child.left_edge.i)
    return token.doc[start:token.i + 1]


def subject_of(verb, through: tuple[str, ...] = ("conj", "xcomp", "advcl")):
    """The verb's subject token, climbing clauses of the `through` kinds back to a verb that has one."""
    head = verb
    for _ in range(4):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not child.is_punct:
                return child
        if head.dep_ in through and head.head is not head:
            head = head.head
        else:
            break
    return None


MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec"}
ABSTRACT_SUFFIXES = ("ence", "ance", "tion", "sion", "ment", "ity", "ness", "ism", "ship", "hood")
ABSTRACT_HEADS = {"collapse", "comment", "comments", "remark", "remarks", "move", "result", "situation", "crisis",
                  "war", "conflict", "escalation", "news", "report", "story", "event", "events", "incident",
                  "fact", "idea", "plan", "policy", "law", "rule", "decision", "change", "rise", "fall", "growth",
                  "death", "loss", "failure", "success", "pressure", "tension", "tensions", "chaos", "vacuum",
                  "presence", "absence", "influence", "role", "weakness", "strength", "approach"}

# bodies of people spelt like abstract nouns: they act ('the administration sent', 'authorities arrested')
COLLECTIVE = {"government", "parliament", "movement", "department", "regiment", "establishment", "administration",
              "coalition", "delegation", "opposition", "organization", "organisation", "federation", "nation",
              "population", "commission", "division", "association", "authority", "authorities", "community",
              "majority", "minority", "entity", "presidency", "ministry", "embassy", "mission",
              "institution", "corporation", "foundation", "congregation", "battalion", "garrison", "contingent",
              "agency", "militia", "police", "security", "intelligence", "leadership", "citizen", "civilian"}


def is_month_name(token) -> bool:
    """A month's name ('March', 'May'), not the verb or noun spelt the same ('march', 'may'): capitalised inside a
    sentence or part of a DATE entity or a proper noun."""
    if token.lower_.rstrip(".") not in MONTH_NAMES:
        return False
    return token.ent_type_ == "DATE" or token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start)


def is_abstract(token) -> bool:
    """A head noun naming a state, a process or a quality ('their presence', 'the army's collapse', 'the
    invention'), which cannot act on purpose; never a named entity, a pronoun or a body of people ('government',
    'parliament', 'movement')."""
    if token.pos_ != "NOUN" or token.ent_type_:
        return False
    word = token.lower_
    if word in ABSTRACT_HEADS or token.lemma_.lower() in ABSTRACT_HEADS:
        return True
    if word.rstrip("s") in COLLECTIVE or token.lemma_.lower() in COLLECTIVE:
        return False
    return word.endswith(ABSTRACT_SUFFIXES) or word.endswith(tuple(f"{s}s" for s in ABSTRACT_SUFFIXES))
