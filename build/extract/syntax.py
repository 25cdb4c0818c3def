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
