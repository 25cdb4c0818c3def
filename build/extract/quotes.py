"""Quotations: direct quotes in quote marks and reported speech, each with its speaker.

Never raises on odd input: an unclosed quote runs to the end of its paragraph (news style),
and a second opening mark before a close restarts the span.
"""

from __future__ import annotations

from newstables.build.extract.syntax import PERSON_PRONOUNS, noun_phrase, resolve_pronoun, sentence_indexer, subject_of
from newstables.build.ids import stable_id

REPORTING_VERBS = {
    "say", "tell", "add", "state", "claim", "announce", "confirm", "deny", "insist", "warn", "note", "explain",
    "report", "write", "argue", "acknowledge", "declare", "reply", "respond", "assert", "stress", "post",
    "tweet", "continue", "recall", "admit", "allege", "suggest", "predict",
}
OPENING = "“\""
CLOSING = "”\""
MIN_WORDS = 4  # shorter quoted strings are names or scare quotes, not quotations


def direct_spans(body: str, paragraphs: list[dict]) -> list[tuple[int, int]]:
    spans = []
    for p in paragraphs:
        open_at = None
        for j in range(p["start"], p["end"]):
            ch = body[j]
            if open_at is not None and ch in CLOSING and (ch != '"' or j > open_at + 1):
                spans.append((open_at + 1, j))
                open_at = None
            elif ch in OPENING:
                open_at = j  # also restarts after an unclosed opening
        if open_at is not None:
            spans.append((open_at + 1, p["end"]))
    out = []
    for a, b in spans:
        text = body[a:b]
        a += len(text) - len(text.lstrip())
        b -= len(text) - len(text.rstrip())
        if len(body[a:b].split()) >= MIN_WORDS:
            out.append((a, b))
    return out


def _paragraph_of(paragraphs: list[dict], pos: int) -> dict:
    for p in paragraphs:
        if p["start"] <= pos <= p["end"]:
            return p
    return paragraphs[-1]


def _inside(pos: int, spans) -> bool:
    return any(a - 1 <= pos <= b for a, b in spans)


def _speaker(doc, verb) -> dict:
    """Speaker fields for a reporting verb: the span as written, and the span to link (a pronoun's antecedent)."""
    subject = subject_of(verb)
    if subject is None:
        return {}
    phrase = noun_phrase(subject)
    linked = phrase
    if subject.lower_ in PERSON_PRONOUNS and len(phrase) == 1:
        linked = resolve_pronoun(doc, subject.i) or phrase
    return {"speaker_text": phrase.text, "speaker_start": phrase.start_char, "speaker_end": phrase.end_char,
            "link_start": linked.start_char, "link_end": linked.end_char, "cue": verb.lemma_}


def _according_to(tokens) -> dict:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                phrase = noun_phrase(objs[0])
                return {"speaker_text": phrase.text, "speaker_start": phrase.start_char,
                        "speaker_end": phrase.end_char, "link_start": phrase.start_char,
                        "link_end": phrase.end_char, "cue": "according to"}
    return {}


def _row(article_id, start, end, body, is_direct, sentence_index, speaker) -> dict:
    return {
        "quote_id": stable_id("quo", article_id, start, end),
        "article_id": article_id, "start": start, "end": end, "text": body[start:end], "is_direct": is_direct,
        "speaker_text": speaker.get("speaker_text"), "speaker_start": speaker.get("speaker_start"),
        "speaker_end": speaker.get("speaker_end"), "cue": speaker.get("cue"), "sentence_index": sentence_index,
        "link_start": speaker.get("link_start"), "link_end": speaker.get("link_end"),
    }


def extract_quotes(article_id: str, body: str, paragraphs: list[dict], doc) -> list[dict]:
    sent_of = sentence_indexer(doc)
    char_to_token = {}
    for tok in doc:
        for c in range(tok.idx, tok.idx + len(tok)):
            char_to_token[c] = tok.i
    direct = direct_spans(body, paragraphs)
    rows, previous = [], {}
    for start, end in direct:
        para = _paragraph_of(paragraphs, start)
        tokens = [t for t in doc if para["start"] <= t.idx < para["end"] and not _inside(t.idx, direct)]
        verbs = [t for t in tokens if t.lemma_ in REPORTING_VERBS and t.pos_ in ("VERB", "AUX")]
        verbs.sort(key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
        speaker = {}
        for verb in verbs:
            speaker = _speaker(doc, verb)
            if speaker:
                break
        speaker = speaker or _according_to(tokens)
        if not speaker and not tokens:
            speaker = previous  # a quote standing alone in its paragraph continues the previous speaker
        first_token = char_to_token.get(start, 0)
        rows.append(_row(article_id, start, end, body, True, sent_of[first_token] if len(doc) else 0, speaker))
        previous = speaker or previous
    for verb in doc:
        if verb.lemma_ not in REPORTING_VERBS or verb.pos_ != "VERB" or _inside(verb.idx, direct):
            continue
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            span = doc[comp.left_edge.i:comp.right_edge.i + 1]
            if span[0].dep_ == "mark":  # 'said that ...': the complementiser is not part of what was said
                span = span[1:]
            if len(span) < MIN_WORDS or any(_inside(t.idx, direct) for t in span):
                continue
            speaker = _speaker(doc, verb)
            if speaker:
                rows.append(_row(article_id, span.start_char, span.end_char, body, False, sent_of[span.start],
                                 speaker))
    return rows
