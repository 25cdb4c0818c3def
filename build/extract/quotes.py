"""Quotations: direct quotes in quote marks and reported speech, each with its speaker.

Direct quotes
- Marks: “…”, "…", ''…'' and ``…''. An unclosed quote runs to the end of its paragraph; in news style it goes on
  in the next paragraph when that one opens with a quote mark (one row per paragraph, one `quote_group`).
- “A,” he said, “B.”: one row per part, same speaker, one `quote_group`.
- Short quoted titles and names ('the "guardians of blood"', '"State of the Union"') give no row; scare
  quotes and partial quotes inside a sentence ('Trump “lashed out at ...”') are rows with `is_fragment`.
- Never raises on unbalanced marks: a second opening mark before a close restarts the span.

Reported speech: a clausal complement of an attributing verb ('X said (that) …', 'polls show …',
'X urged Y to …'), and 'according to X'. The verbs and their kinds are in data/reporting_verbs.yaml.

Speakers as written: the subject of the nearest attributing verb in the quote's sentence or paragraph; a name
after the quote ('…,” Ravanchi added'; '“…” ― Ariana Huichapa'); 'X: “…”'; otherwise a quote alone in its
paragraph continues the previous speaker (`speaker_method` 'chain'). Speakers with no name ('three militia
sources', 'a senior official in the region') are anonymous, with their count. Who a pronoun or a description
refers to is decided afterwards, with the article's entity mentions (build/extract/speakers.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX

from newstables.build.extract.cues import (ATTRIBUTING, CHARACTERISING, CONTENT_OBJECTS, INSTRUCTING,
                                            NOT_ATTRIBUTING, REPORTED_INFINITIVE, REQUESTING, SAYING,
                                            according_to)
from newstables.build.extract.syntax import entity_at, sentence_indexer, subject_of
from newstables.schemas.ids import stable_id
from newstables.build.config import CONFIG

ANONYMOUS_HEADS = {"source", "official", "person", "people", "aide", "diplomat", "commander", "specialist",
                   "analyst", "expert", "insider", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson",
                   "member", "lawmaker", "officer", "resident", "witness", "leader", "figure", "observer",
                   "activist", "worker", "employee", "staffer", "individual", "militant", "fighter", "politician"}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": None, "some": None, "many": None}
NAME_CUES = {"the", "called", "named", "dubbed", "titled", "entitled", "as", "nicknamed", "so-called"}
SPEAKER_FIELDS = ("speaker_text", "speaker_start", "speaker_end", "speaker_is_anonymous", "speaker_count", "cue",
                  "speaker_method")
MIN_WORDS = CONFIG.extract.quote_min_words
# '“A,” <attribution> “B”': A's sentence runs on into its attribution ('said Rep. Jim Clyburn (D-S.C.), the assistant
# leader of the Democratic caucus.'), and B, within this many words, goes on with the same speaker
SPLIT_QUOTE_MAX_WORDS = 24
MIN_CLAUSE_WORDS = 3  # reported speech with its own subject and verb: 'she has pneumonia'
DASH_ATTRIBUTION = re.compile(r"\s*[―—–-]{1,2}\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
QUOTE_MARK = re.compile(r"''|``|[“”\"]")


@dataclass
class QuoteSpan:
    start: int  # content, marks excluded
    end: int
    open_at: int  # index of the opening mark
    close_end: int  # index just past the closing mark (or the paragraph end when unclosed)
    paragraph: int
    closed: bool


def _opens(body: str, i: int, mark: str, paragraph_start: int) -> bool:
    if mark in ("“", "``"):
        return True
    if mark == "”":  # a closing mark typed as the opener at the start of a paragraph
        return i == paragraph_start and i + 1 < len(body) and body[i + 1].isalpha()
    before = body[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-:,;" or i == 0  # straight marks open after a space or punctuation


def quote_spans(body: str, paragraphs: list[dict]) -> list[QuoteSpan]:
    spans = []
    for pi, p in enumerate(paragraphs):
        open_at = None
        open_len = 0
        for m in QUOTE_MARK.finditer(body, p["char_start"], p["char_end"]):
            mark, i = m.group(0), m.start()
            if open_at is None:
                if _opens(body, i, mark, p["char_start"]):
                    open_at, open_len = i, len(mark)
            elif mark in ("“", "``") or (mark != "”" and mark != "''" and _opens(body, i, mark, p["char_start"]) and
                                         not body[i - 1].isalnum() and i + 1 < p["char_end"] and body[i + 1].isalnum()):
                open_at, open_len = i, len(mark)  # a second opening before any close: restart
            else:
                spans.append(QuoteSpan(open_at + open_len, i, open_at, m.end(), pi, True))
                open_at = None
        if open_at is not None:
            spans.append(QuoteSpan(open_at + open_len, p["char_end"], open_at, p["char_end"], pi, False))
    out = []
    for s in spans:
        text = body[s.start:s.end]
        s.start += len(text) - len(text.lstrip())
        s.end -= len(text) - len(text.rstrip())
        if s.end > s.start:
            out.append(s)
    return out


class TokenOffsets:
    """Tokens by character offset: bisection over the token starts, not a table of every character."""

    def __init__(self, doc):
        self.doc = doc
        self.starts = doc.to_array(IDX).tolist()

    def covering(self, char: int) -> int | None:
        """Index of the token covering `char`; None in the whitespace between tokens."""
        i = bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.starts[i] + len(self.doc[i]) else None

    def lemma_ending_at(self, char: int) -> str | None:
        i = self.covering(char)
        last = i is not None and char == self.starts[i] + len(self.doc[i]) - 1
        return self.doc[i].lemma_.lower() if last else None


def _kind(body: str, span: QuoteSpan, paragraph: dict, offsets: TokenOffsets) -> str:
    """'name' (no row), 'fragment' (scare or partial quote) or 'quote'."""
    text = body[span.start:span.end]
    words = text.split()
    before = body[paragraph["char_start"]:span.open_at].rstrip()
    previous_word = before.split()[-1].lower().strip(",") if before.split() else ""
    if before:  # 'said “...”': compare the verb's lemma, not its form
        lemma = offsets.lemma_ending_at(len(before) + paragraph["char_start"] - 1)
        previous_word = previous_word if lemma is None else lemma
    capitalised = sum(w[:1].isupper() for w in words) / len(words)
    if len(words) <= 6 and not text.rstrip().endswith((".", "!", "?", ",")) and (
            previous_word in NAME_CUES or (capitalised >= 0.75 and len(words) > 1)):
        return "name"
    if len(words) < MIN_WORDS and not text.rstrip().endswith((".", ",", "!", "?")):
        return "fragment"  # a complete short utterance ('“I love you,” he said') is still a quote
    if before and (before[-1].isalnum() and previous_word not in SAYING) or previous_word == "that":
        return "fragment"  # the quote is part of the reporter's own sentence
    return "quote"


def quoted_mask(length: int, spans: list[QuoteSpan]) -> bytearray:
    """1 for every char from an opening mark to its closing mark: 'inside a quote' in constant time."""
    mask = bytearray(length + 1)
    for s in spans:
        mask[s.open_at:s.close_end] = b"\x01" * (s.close_end - s.open_at)
    return mask


def _inside(pos: int, mask: bytearray) -> bool:
    return bool(mask[pos])


def _is_attributing(verb) -> bool:
    """An attributing verb; also one the tagger took for a noun but parsed as a verb, with a subject and a clause
    ('But Trump claims that he should be the exception')."""
    if verb.lemma_.lower() not in ATTRIBUTING:
        return False
    return verb.pos_ in ("VERB", "AUX") or (
        verb.pos_ == "NOUN" and {"nsubj", "ccomp"} <= {c.dep_ for c in verb.children})


def speaker_phrase(token):
    """The entity holding the token; else the noun phrase with its left modifiers and its describing
    right-hand modifiers ('a senior official in the region', 'the source close to Araji'). Never across a
    paragraph break: the parser joins a heading or photo credit to the paragraph below ('READ MORE: ...' /
    'Authorities said')."""
    return _own_paragraph(_phrase(token), token)


def _own_paragraph(phrase, token):
    breaks = [t.i for t in phrase if t.is_space and "\n" in t.text]
    start = max([i + 1 for i in breaks if i < token.i], default=phrase.start)
    end = min([i for i in breaks if i > token.i], default=phrase.end)
    return token.doc[start:end]


def _phrase(token):
    ent = entity_at(token)
    if ent is not None:
        return ent
    start, end = token.i, token.i + 1
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case", "npadvmod"):
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in ("prep", "amod", "acl") and not any(t.is_punct and t.text in ",;—" for t in child.subtree):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return token.doc[start:end]


def _anonymity(phrase) -> tuple[bool, int | None]:
    """Described, not named: the phrase up to its head names no person or organisation."""
    head = phrase.root
    named = phrase.label_ or head.pos_ == "PROPN" or any(
        t.ent_type_ in ("PERSON", "ORG") for t in phrase if t.i <= head.i)
    if named:
        return False, None
    if head.lemma_.lower() not in ANONYMOUS_HEADS:
        return False, None
    count = None
    for t in phrase:
        if t.i < head.i and t.lower_ in NUMBER_WORDS:
            count = NUMBER_WORDS[t.lower_]
            break
        if t.i < head.i and t.like_num and t.text.isdigit():
            count = int(t.text)
            break
    if count is None and head.tag_ == "NN" and phrase[0].lower_ in ("a", "an", "the", "one"):
        count = 1
    return True, count


def _speaker_from(phrase, cue: str | None, method: str) -> dict:
    """Speaker fields of the phrase as written, and how it was found (`speaker_method`: 'cue' or
    'according-to'; build/extract/speakers.py refines it once the article's mentions are known)."""
    anonymous, count = _anonymity(phrase)
    return {"speaker_text": phrase.text, "speaker_start": phrase.start_char, "speaker_end": phrase.end_char,
            "cue": cue, "speaker_is_anonymous": anonymous, "speaker_count": count, "speaker_method": method}


NOT_SPEAKERS = {"that", "this", "which", "what", "who", "there", "these", "those"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
ADDRESSING = {"tell", "ask", "answer", "urge", "advise", "assure"}  # the name after these is the one addressed ('told Reuters')


def _across_break(subject, verb):
    """A subject in a heading above the verb's paragraph ('WATCH: Pop-Tart starts fire ... / Authorities described
    ... and said') is the parser joining the two: the noun phrase opening the verb's paragraph is the subject
    ('Rentals.ca CEO Matt Danison said' ends at its head)."""
    if subject is None or subject.i > verb.i:
        return subject
    breaks = [t.i for t in subject.doc[subject.i:verb.i] if t.is_space and "\n" in t.text]
    if not breaks:
        return subject
    head = None
    for token in subject.doc[breaks[-1] + 1:verb.i]:
        if token.pos_ not in ("NOUN", "PROPN", "PRON"):
            break
        head = token
    return head


def _antecedent(subject):
    """'Mr. Kamin, who emphasized that ...', 'the EU, which contended that ...': the relative pronoun stands for the
    noun its clause describes."""
    clause = subject.head
    if subject.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
        return clause.head
    return subject


def _name_before(doc, verb):
    """'In a meeting with the board of the Washington Post Trump said ...': with no subject parsed (a comma
    missing), a name right before a finite verb is its subject."""
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.ent_type_ in ("PERSON", "ORG") and verb.tag_ in ("VBD", "VBZ", "VBP"):
        return before
    return None


def _verb_speaker(doc, verb, quotes: list | None = None) -> dict:
    """The verb's subject; '…,” said James Acton' (inverted) takes the name after the verb. A subject inside a
    quotation is the quote's own grammar, not its speaker. A gerund takes the subject of the verb its preposition
    hangs on ('responded by saying ...', 'After saying ..., she')."""
    subject = _across_break(subject_of(verb, through=("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep")), verb)
    subject = _antecedent(subject) if subject is not None else _name_before(doc, verb)
    if subject is not None and quotes is not None and _inside(subject.idx, quotes):
        subject = None
    if subject is None and verb.i + 1 < len(doc) and doc[verb.i + 1].ent_type_ in ("PERSON", "ORG") \
            and verb.lemma_.lower() not in ADDRESSING:
        subject = doc[verb.i + 1]
    if subject is None or subject.lower_ in NOT_SPEAKERS:
        return {}
    return _speaker_from(speaker_phrase(subject), verb.lemma_.lower(), "cue")


def _according_to_speaker(tokens) -> tuple[dict, object]:
    """The speaker of the first 'according to X' among the tokens, and its 'according' token."""
    found = according_to(tokens)
    if found is None:
        return {}, None
    according, source = found
    return _speaker_from(speaker_phrase(source), "according to", "according-to"), according


def _dash_speaker(doc, body: str, span: QuoteSpan, paragraph: dict) -> dict:
    """'“…” ― Ariana Huichapa': a name after a dash right behind the closing mark."""
    m = DASH_ATTRIBUTION.match(body, span.close_end, paragraph["char_end"])
    if not m:
        return {}
    phrase = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    return _speaker_from(phrase, None, "cue") if phrase is not None else {}


def _colon_speaker(doc, body: str, span: QuoteSpan, paragraph: dict) -> dict:
    """'Ravanchi: “…”' or 'PENCE: …': a name right before a colon that opens the quote."""
    before = body[paragraph["char_start"]:span.open_at].rstrip()
    if not before.endswith(":"):
        return {}
    tokens = [t for t in doc.char_span(paragraph["char_start"], len(before) + paragraph["char_start"] - 1,
                                       alignment_mode="expand") or []]
    for tok in reversed(tokens):
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            return _speaker_from(speaker_phrase(tok), None, "cue")
        if not tok.is_punct:
            break
    return {}


def _direct_speaker(doc, body, span, paragraph, direct, first, tokens) -> dict:
    """Nearest attributing verb outside quotes: the quote's own sentence first, then its paragraph."""
    sentence = first.sent
    in_para = [t for t in tokens if not _inside(t.idx, direct)]
    in_sentence = [t for t in in_para if sentence.start <= t.i < sentence.end]
    for pool in (in_sentence, in_para):
        weak = pool is in_para  # a verb in another sentence of the paragraph may report someone else
        # in the quote's own sentence any attributing verb will do ('Matthews concluded', 'Vitter demanded')
        verbs = sorted((t for t in pool if _is_attributing(t) and (not weak or t.lemma_.lower() in SAYING)),
                       key=lambda t: min(abs(t.idx - span.open_at), abs(t.idx - span.close_end)))
        for verb in verbs:
            speaker = _verb_speaker(doc, verb, direct)
            if speaker:
                return {**speaker, "weak": weak}
        if pool is in_sentence:
            # '“…,” Blige sang.': the verb governing the quote's own sentence attributes it, whatever it is
            roots = [t for t in pool if t.dep_ == "ROOT" and t.pos_ == "VERB" and t.lemma_ not in NOT_ATTRIBUTING]
            for verb in roots:
                speaker = _verb_speaker(doc, verb, direct)
                if speaker:
                    return speaker
    return (_dash_speaker(doc, body, span, paragraph) or _colon_speaker(doc, body, span, paragraph)
            or _according_to_speaker(in_para)[0])


def _introducing_speaker(doc, body: str, paragraphs: list[dict], span: QuoteSpan, direct) -> dict:
    """'The New York Times reports:' closing the paragraph before a quote paragraph introduces its speaker."""
    if span.paragraph == 0 or body[paragraphs[span.paragraph]["char_start"]:span.open_at].strip():
        return {}
    before = paragraphs[span.paragraph - 1]
    if not body[before["char_start"]:before["char_end"]].rstrip().endswith(":"):
        return {}
    verbs = [t for t in doc if before["char_start"] <= t.idx < before["char_end"] and _is_attributing(t)
             and not _inside(t.idx, direct)]
    for verb in reversed(verbs):
        speaker = _verb_speaker(doc, verb, direct)
        if speaker:
            return speaker
    return {}


def _row(article_id, start, end, body, sentence_index, speaker, *, is_direct, is_fragment=False, group=None):
    return {
        "quote_id": stable_id("quo", article_id, start, end),
        "article_id": article_id, "char_start": start, "char_end": end, "text": body[start:end],
        "is_direct": is_direct, "is_fragment": is_fragment, "quote_group": group,
        "speaker_text": speaker.get("speaker_text"), "speaker_start": speaker.get("speaker_start"),
        "speaker_end": speaker.get("speaker_end"), "speaker_is_anonymous": bool(speaker.get("speaker_is_anonymous")),
        "speaker_count": speaker.get("speaker_count"), "cue": speaker.get("cue"),
        "speaker_method": speaker.get("speaker_method", "none"), "sentence_index": sentence_index,
    }


def _groups(article_id: str, spans: list[QuoteSpan], kinds: list[str], body: str) -> list[str | None]:
    """Parts of one quotation: a quote split by its attribution in the same paragraph, or a quote carried on
    into the next paragraph."""
    groups: list[str | None] = [None] * len(spans)
    # quoted words inside the attribution between the parts ('“A,” he said on “Fox and Friends.” “B.”') do not part
    # them: a name, or a fragment with a quotation after it in its paragraph
    parts = [i for i, kind in enumerate(kinds) if kind == "quote" or kind == "fragment" and not (
        i + 1 < len(spans) and kinds[i + 1] == "quote" and spans[i + 1].paragraph == spans[i].paragraph)]
    for i, j in zip(parts, parts[1:]):
        a, b = spans[i], spans[j]
        if kinds[i] != "quote":
            continue
        same_para = a.paragraph == b.paragraph and a.closed and body[a.start:a.end].rstrip().endswith(",") \
            and len(body[a.close_end:b.open_at].split()) <= SPLIT_QUOTE_MAX_WORDS
        carried = not a.closed and b.paragraph == a.paragraph + 1
        if same_para or carried:
            groups[i] = groups[i] or stable_id("grp", article_id, a.start)
            groups[j] = groups[i]
    return groups


def _subtree_span(token):
    return token.doc[token.left_edge.i:token.right_edge.i + 1]


def _with_charge(verb, obj):
    """The object with what it is charged with: 'accused the government of lying', 'blamed militias for the
    attacks'."""
    end = obj.right_edge.i
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for") and prep.i > end and obj.dep_ == "dobj":
            end = prep.right_edge.i
    return verb.doc[obj.left_edge.i:end + 1]


def _reported_content(verb) -> list[tuple[object, bool]]:
    """What the verb attributes, each (span, is_clause): a clause ('said (that) ...', 'urged Y to ...', 'declined
    to comment'), a noun phrase that is the message ('acknowledged the risks of the plan', 'called for steep new
    tariffs', 'called for taxing ...'), a characterisation ('described him as ...'), or, when the verb is an aside
    with no clause of its own ('Crops are withering, he noted.'), the rest of its sentence."""
    doc, lemma = verb.doc, verb.lemma_.lower()
    clauses = [c for c in verb.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and lemma in REPORTED_INFINITIVE)]
    out = [(_subtree_span(c), True) for c in clauses]
    objects = [c for c in verb.children if c.dep_ == "dobj" and lemma in CONTENT_OBJECTS]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and lemma in REQUESTING
                for g in c.children if g.dep_ in ("pobj", "pcomp")]
    out += [(_with_charge(verb, o), o.dep_ == "pcomp") for o in objects]
    if lemma in CHARACTERISING and any(c.dep_ == "dobj" for c in verb.children):
        parts = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "xcomp", "ccomp")
                 or (c.dep_ == "prep" and c.lower_ == "as")]
        out.append((doc[min(p.left_edge.i for p in parts):max(p.right_edge.i for p in parts) + 1], False))
    if verb.dep_ == "parataxis" and lemma in SAYING and not clauses:
        # the parser hangs the attribution on the content's verb
        inner = {t.i for t in verb.subtree}
        rest = [t for t in verb.sent if t.i not in inner]
        if rest:
            out.append((doc[rest[0].i:rest[-1].i + 1], True))
    return out


def _long_enough(span, is_clause: bool, verb) -> bool:
    """A claim needs as many words as a quotation ('the figure' is none), except a short full clause or
    infinitive after a verb of saying or intent ('disclosed that she has pneumonia', 'declined to say why'): a
    perception ('saw Jayme gone') or a fragment the parser cut ('READ MORE') is no claim."""
    if len(span) >= MIN_WORDS:
        return True
    head = span.root
    full = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children) or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    words = [t for t in span if not t.is_punct and not t.is_space]
    return is_clause and full and verb.lemma_.lower() in SAYING | REPORTED_INFINITIVE \
        and len(words) >= MIN_CLAUSE_WORDS


def _indirect(article_id, body, doc, direct, mask, sent_of, paragraph_starts) -> list[dict]:
    rows = []

    def in_cue_paragraph(tokens, cue):
        """Reported speech stays in its cue's paragraph: the parser can join a headline to the lede."""
        paragraph = bisect_right(paragraph_starts, cue.idx)
        return [t for t in tokens if bisect_right(paragraph_starts, t.idx) == paragraph and not t.is_space]

    for verb in doc:
        if _inside(verb.idx, mask) or not (_is_attributing(verb) or (
                verb.pos_ == "VERB" and verb.lemma_.lower() in CONTENT_OBJECTS | INSTRUCTING)):
            continue
        for span, is_clause in _reported_content(verb):
            kept = in_cue_paragraph(span, verb)
            span = doc[kept[0].i:kept[-1].i + 1] if kept else doc[0:0]
            while len(span) and (span[0].dep_ == "mark" or span[0].is_punct or span[0].is_space):
                span = span[1:]
            while len(span) and (span[-1].is_punct or span[-1].is_space):
                span = span[:-1]
            if not _long_enough(span, is_clause, verb) or any(s.open_at <= span.start_char and span.end_char <= s.close_end
                                                        for s in direct):
                continue  # a direct quote already covers it
            speaker = _verb_speaker(doc, verb)
            if speaker:
                rows.append(_row(article_id, span.start_char, span.end_char, body, sent_of[span.start], speaker,
                                 is_direct=False))
    for sent in doc.sents:
        speaker, according = _according_to_speaker(sent)
        if not speaker:
            continue
        phrase_end = max(t.i for t in according.subtree) + 1
        rest = [t for t in in_cue_paragraph(sent, according)
                if not (according.i <= t.i < phrase_end) and not t.is_punct]
        if len(rest) >= MIN_WORDS:
            start, end = rest[0].idx, rest[-1].idx + len(rest[-1])
            if not any(s.open_at <= start and end <= s.close_end for s in direct):
                rows.append(_row(article_id, start, end, body, sent_of[rest[0].i], speaker, is_direct=False))
    return rows


def _paragraph_tokens(doc, paragraph: dict) -> list:
    return list(doc.char_span(paragraph["char_start"], paragraph["char_end"], alignment_mode="expand") or [])


def extract_quotes(article_id: str, body: str, paragraphs: list[dict], doc) -> list[dict]:
    sent_of = sentence_indexer(doc)
    offsets = TokenOffsets(doc)
    spans = quote_spans(body, paragraphs)
    kinds = [_kind(body, s, paragraphs[s.paragraph], offsets) for s in spans]
    mask = quoted_mask(len(body), spans)
    quote_only = [s for s, k in zip(spans, kinds) if k == "quote"]
    para_tokens = {i: _paragraph_tokens(doc, paragraphs[i]) for i in {s.paragraph for s in spans}}  # quoting ones
    groups = _groups(article_id, spans, kinds, body)
    rows, previous = [], {}
    for span, kind, group in zip(spans, kinds, groups):
        if kind == "name":
            continue
        para = paragraphs[span.paragraph]
        first = offsets.covering(span.start) or 0
        speaker = _direct_speaker(doc, body, span, para, mask, doc[first], para_tokens[span.paragraph]) or \
            _introducing_speaker(doc, body, paragraphs, span, mask)
        if speaker.get("cue") == "add" and rows and rows[-1]["is_direct"] and rows[-1]["weak"] \
                and span.paragraph - rows[-1]["paragraph"] <= 1:
            # '“…” / The Iraqi commander added, “…”': the quote before was his too
            rows[-1].update({k: speaker[k] for k in SPEAKER_FIELDS})
        alone = not any(t for t in para_tokens[span.paragraph] if not t.is_punct and not _inside(t.idx, mask))
        if not speaker and (alone or group) and kind == "quote":
            # a quote standing alone, or carried on, continues the previous speaker
            speaker = {**previous, "speaker_method": "chain"} if previous else {}
        rows.append(_row(article_id, span.start, span.end, body, sent_of[first] if len(doc) else 0,
                         speaker, is_direct=True, is_fragment=kind == "fragment", group=group))
        rows[-1]["weak"] = bool(speaker.get("weak"))
        rows[-1]["paragraph"] = span.paragraph
        if kind == "quote" and speaker:
            previous = speaker
    # one speaker for all parts of a group: the first part that found one
    for r in rows:
        del r["weak"], r["paragraph"]
    by_group = {}
    for r in rows:
        if r["quote_group"] and r["speaker_text"] and r["quote_group"] not in by_group:
            by_group[r["quote_group"]] = r
    for r in rows:
        source = by_group.get(r["quote_group"])
        if source is not None and not r["speaker_text"]:
            for k in SPEAKER_FIELDS:
                r[k] = source[k]
    # a partial quote inside reported speech ('said that “there were issues ...”') leaves the clause to _indirect
    paragraph_starts = [p["char_start"] for p in paragraphs]
    indirect = _indirect(article_id, body, doc, quote_only, quoted_mask(len(body), quote_only), sent_of,
                         paragraph_starts)
    return one_row_per_passage(rows + indirect, paragraph_starts)


def _strength(row: dict) -> tuple:
    """Which of two rows for one passage to keep: a quotation in marks, then the longer reported speech (the
    outer report of 'X urged Y to ..., sources said'), then one with a named speaker, then any speaker; a
    scare-quote fragment last."""
    kind = 0 if row["is_direct"] and not row["is_fragment"] else 2 if row["is_fragment"] else 1
    named = row["speaker_text"] is not None and not row["speaker_is_anonymous"]
    return kind, row["char_start"] - row["char_end"], not named, row["speaker_text"] is None, row["char_start"]


def _may_overlap(a: dict, b: dict) -> bool:
    """The parts of one quotation, or a fragment inside the quote that holds it."""
    if a["quote_group"] and a["quote_group"] == b["quote_group"]:
        return True
    inner, outer = (a, b) if a["char_end"] - a["char_start"] <= b["char_end"] - b["char_start"] else (b, a)
    # the clause ends before the '.' that American style puts inside the closing mark: that much may stick out
    outside = inner["text"][:max(0, outer["char_start"] - inner["char_start"])] + inner["text"][max(0, outer["char_end"] - inner["char_start"]):]
    return inner["is_fragment"] and not any(ch.isalnum() for ch in outside) \
        and (inner["char_start"], inner["char_end"]) != (outer["char_start"], outer["char_end"])


def _merge_evidence(kept: dict, other: dict) -> None:
    """The same passage found twice: the kept row takes a speaker it lacks, and words in quote marks make
    reported speech direct."""
    if kept["speaker_text"] is None and other["speaker_text"] is not None:
        kept.update({k: other[k] for k in SPEAKER_FIELDS})
    if other["is_direct"] and not kept["is_direct"]:
        kept["is_direct"] = True


def one_row_per_passage(rows: list[dict], paragraph_starts: list[int]) -> list[dict]:
    """Two extraction paths (a quote in marks and the same words as reported speech, two attributing verbs, a
    verb and 'according to') can find one passage: keep one row and merge the evidence, so `quote_id` (a hash
    of the span) is unique. Spans otherwise overlap only as `_may_overlap` allows. Quotes never cross a
    paragraph, so rows are compared within their paragraph only."""
    by_paragraph: dict[int, list[dict]] = {}
    for row in rows:
        by_paragraph.setdefault(bisect_right(paragraph_starts, row["char_start"]), []).append(row)
    kept_all = []
    for candidates in by_paragraph.values():
        kept: list[dict] = []
        for row in sorted(candidates, key=_strength):
            clash = next((k for k in kept if k["char_start"] < row["char_end"] and row["char_start"] < k["char_end"]
                          and not _may_overlap(k, row)), None)
            if clash is None:
                kept.append(row)
            elif (clash["char_start"], clash["char_end"]) == (row["char_start"], row["char_end"]):
                _merge_evidence(clash, row)
        kept_all += kept
    return sorted(kept_all, key=lambda r: (r["char_start"], r["char_end"]))
