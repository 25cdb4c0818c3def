"""Entity mentions from the Doc, with a canonical name resolved within the article."""

from __future__ import annotations

from newstables.build.extract.syntax import sentence_indexer
from newstables.build.ids import stable_id
from newstables.schemas.entities import ENTITY_LABELS

LEADING_DROP = {"the", "a", "an"}
POSSESSIVE = ("’s", "'s", "’", "'")


def _trim(ent):
    """Drop a leading article and a trailing possessive: 'the Pentagon's' -> 'Pentagon'."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in LEADING_DROP:
        start += 1
    while end > start and ent.doc[end - 1].text in POSSESSIVE:
        end -= 1
    return ent.doc[start:end]


def _is_noise(span) -> bool:
    text = span.text
    if len(text) < 2 or "\n" in text or not (text[0].isupper() or text[0].isdigit()):
        return True
    return len(span) == 1 and span[0].is_stop


def _canonical_names(mentions: list[dict]) -> None:
    """Short forms take the longest full name they end or start: 'Taeb' -> 'Hossein Taeb'."""
    full = sorted({m["canonical"] for m in mentions if m["label"] == "PERSON" and " " in m["canonical"]},
                  key=lambda name: (-len(name), name))  # longest first; ties in a fixed order
    for m in mentions:
        if m["label"] != "PERSON" or m["detected_by"] == "gazetteer" or " " in m["text"]:
            continue
        for name in full:
            parts = name.split()
            if m["text"] in (parts[-1], parts[0]) or name.endswith(" " + m["text"]):
                m["canonical"] = name
                break


def _short_forms(doc, mentions: list[dict]) -> list[tuple[int, str]]:
    """Bare surnames of people the article names in full, which the statistical NER often misses
    ('Taeb met several leaders' after 'Hossein Taeb'). Returns (token index, full name)."""
    surnames = {}
    for m in mentions:
        parts = m["canonical"].split()
        if m["label"] == "PERSON" and len(parts) >= 2:
            surnames.setdefault(parts[-1], m["canonical"])
    return [(tok.i, surnames[tok.text]) for tok in doc
            if tok.text in surnames and tok.ent_iob_ == "O" and tok.pos_ == "PROPN"]


def _row(article_id: str, span, label: str, sentence_index: int, detected_by: str, canonical: str) -> dict:
    return {
        "mention_id": stable_id("men", article_id, span.start_char, span.end_char),
        "article_id": article_id,
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "label": label,
        "sentence_index": sentence_index,
        "detected_by": detected_by,
        "canonical": canonical,
    }


def extract_mentions(article_id: str, doc) -> list[dict]:
    sent_index = sentence_indexer(doc)
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trim(ent)
        if len(span) == 0 or _is_noise(span):
            continue
        mentions.append(_row(article_id, span, ent.label_, sent_index[span.start],
                             "gazetteer" if ent.ent_id_ else "ner", ent.ent_id_ or span.text))
    _canonical_names(mentions)
    for i, full_name in _short_forms(doc, mentions):
        mentions.append(_row(article_id, doc[i:i + 1], "PERSON", sent_index[i], "short-form", full_name))
    return sorted(mentions, key=lambda m: m["start"])
