"""Small dependency-parse helpers shared by the quote and event extractors."""

from __future__ import annotations

NAME_MODIFIERS = {"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}  # 'it' and 'they' are as often organisations or groups


def sentence_indexer(doc):
    """token index -> sentence index."""
    index = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            index[tok.i] = i
    return index


def entity_at(token):
    """The named-entity span that holds `token`, if any."""
    if token.ent_iob_ == "O":
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


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


def resolve_pronoun(doc, token_index: int):
    """The most recent PERSON named before a personal pronoun (no coreference model runs offline)."""
    for ent in reversed([e for e in doc.ents if e.end <= token_index]):
        if ent.label_ == "PERSON":
            return ent
    return None
