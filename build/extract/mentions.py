"""Entity mentions from the Doc, with a canonical name resolved within the article.

Per mention: the span as written, its type, a role or title attached to it ('Revolutionary Guards intelligence
chief' before 'Hossein Taeb', 'the spokesman for ...' after a name), whether it is cited as a source
('Reuters reported', 'told MEE'), and for nationality adjectives the country's ISO code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from newstables.build.extract.cues import RELAYING, is_according_to_object, is_speech
from newstables.build.extract.syntax import sentence_indexer
from newstables.schemas.ids import stable_id
from newstables.build.names import name_key
from newstables.schemas.entities import ENTITY_LABELS

DEMONYMS = Path(__file__).parent.parent / "data" / "demonyms.tsv"
LEADING_DROP = {"the", "a", "an"}
# Honorifics the NER folds into a person's name; they belong to the title, not the name.
HONORIFICS = {"grand", "ayatollah", "sheikh", "sayyed", "sayyid", "imam", "mullah", "general", "gen.", "president",
              "prime", "minister", "senator", "sen.", "rep.", "dr.", "mr.", "mrs.", "ms.", "brigadier", "major",
              "colonel", "col.", "lt.", "captain", "king", "queen", "prince", "princess", "pope", "mg"}
POSSESSIVE = ("’s", "'s", "’", "'")
ROLE_DEPS = {"compound", "amod", "nmod", "npadvmod"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]{1,9}$")


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    table = {}
    for line in DEMONYMS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, code = line.split("\t")
            table[word.lower()] = code
            table[word.lower() + "s"] = code
    return table


def _trim(ent):
    """Drop a leading article (and a person's honorifics) and a trailing possessive: 'the Pentagon's' ->
    'Pentagon', 'Grand Ayatollah Ali al-Sistani' -> 'Ali al-Sistani'."""
    start, end = ent.start, ent.end
    drop = LEADING_DROP | (HONORIFICS if ent.label_ == "PERSON" else set())
    while start < end - 1 and ent.doc[start].lower_ in drop:
        start += 1
    while end > start and ent.doc[end - 1].text in POSSESSIVE:
        end -= 1
    return ent.doc[start:end]


def _is_noise(span, label: str) -> bool:
    """Lower-case or stop-word spans, and one-word fragments of a longer name ('Supreme' in 'Supreme Leader')."""
    text = span.text
    if len(text) < 2 or "\n" in text or not (text[0].isupper() or text[0].isdigit()):
        return True
    if len(span) == 1 and span[0].is_stop:
        return True
    if len(span) == 1 and label in ("ORG", "PERSON", "GPE") and span.end < len(span.doc):
        nxt = span.doc[span.end]
        return nxt.is_title and nxt.ent_iob_ == "O" and nxt.pos_ in ("PROPN", "NOUN")  # name cut short
    return False


def _role(span) -> str | None:
    """A title before the name ('Quds Force commander Esmail Ghaani') or an appositive after it."""
    root = span.root
    before = [t for t in root.lefts if t.dep_ in ROLE_DEPS and t.i < span.start]
    if not before and span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
        before = [span.doc[span.start - 1]]
    if before:
        start = min(t.left_edge.i for t in before)
        while start < span.start and span.doc[start].lower_ in LEADING_DROP | {"'s", "’s"}:
            start += 1
        if start < span.start:
            return span.doc[start:span.start].text.strip(" ,")
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= span.end:
            phrase = span.doc[child.left_edge.i:child.right_edge.i + 1]
            return phrase.text.strip(" ,")
    # ', the spokesman for ...' right after the name, whatever the parser made of it
    doc, j = span.doc, span.end
    if j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].pos_ == "DET" and doc[j + 1].head.pos_ == "NOUN":
        head = doc[j + 1].head
        if head.i > j + 1:
            return doc[j + 1:head.right_edge.i + 1].text.strip(" ,")
    return None


def _is_source(span) -> bool:
    """Cited as a source: the one who says ('Reuters reported') or whose words are passed on ('officials were
    quoted as saying'), the one told ('told MEE'), or 'according to' it. The passive subject of other saying
    verbs is the one spoken to or about ('was asked', 'was accused'), not a source."""
    root = span.root
    verb = root.head.lemma_.lower()
    if root.dep_ == "nsubj":
        return is_speech(root.head) or verb in RELAYING
    if root.dep_ == "nsubjpass":
        return verb in RELAYING or verb == "tell"
    if root.dep_ in ("dobj", "dative"):
        return verb == "tell"
    return is_according_to_object(root)


def _acronyms(doc, mentions: list[dict]) -> dict[str, str]:
    """'Popular Mobilization Forces (PMF)' defines PMF within the article."""
    defined = {}
    for m in mentions:
        end = m["token_end"]
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and \
                ACRONYM.match(doc[end + 1].text):
            defined[doc[end + 1].text] = m["canonical"]
    return defined


def _short_forms(doc, mentions: list[dict]) -> list[tuple[int, str]]:
    """Bare surnames of people the article names in full, which the statistical NER often misses
    ('Taeb met several leaders' after 'Hossein Taeb'; 'Kadhimi' after 'Mustafa al-Kadhimi')."""
    surnames = {}
    for m in mentions:
        parts = m["canonical"].split()
        if m["label"] == "PERSON" and len(parts) >= 2:
            last = parts[-1]
            for form in {last, re.sub(r"^(al|el)-", "", last)}:
                surnames.setdefault(form, m["canonical"])
    return [(tok.i, surnames[tok.text]) for tok in doc
            if tok.text in surnames and tok.ent_iob_ == "O" and tok.pos_ == "PROPN"]


def _apply_gazetteer(mentions: list[dict], gazetteer: dict[str, dict]) -> None:
    """The alias table: a mention whose normalised name is a known name or alias takes its entry's name and type."""
    for m in mentions:
        entry = gazetteer.get(name_key(m["text"]))
        if entry is not None:
            m["canonical"], m["label"] = entry["name"], entry["label"]


def _fix_surname_types(mentions: list[dict]) -> None:
    """The NER often types a bare surname as ORG, GPE or LOC ('Qaani', 'Kadhimi'); when the article names that
    person in full, the surname is the person."""
    people = {}
    for m in mentions:
        if m["label"] == "PERSON" and len(m["canonical"].split()) >= 2 and \
                m["canonical"].split()[-1].lower() not in demonyms():
            for form in {m["canonical"].split()[-1], re.sub(r"^(al|el)-", "", m["canonical"].split()[-1])}:
                people.setdefault(form, m["canonical"])
    for m in mentions:
        if m["label"] in ("ORG", "GPE", "LOC") and m["text"] in people:
            m["label"], m["canonical"], m["detected_by"] = "PERSON", people[m["text"]], "short-form"


def _in_heading_only(m: dict, headings: list[tuple[int, int]], body: str) -> bool:
    """Title-case headings fool the NER ('March to Their Own Beat'); a name found only in a heading is dropped."""
    in_heading = any(a <= m["start"] < b for a, b in headings)
    return in_heading and m["detected_by"] == "ner" and body.count(m["text"]) == 1


def _resolve_within_article(mentions: list[dict], acronyms: dict[str, str]) -> None:
    """Short forms take the longest full name they end or start: 'Taeb' -> 'Hossein Taeb'; defined acronyms
    take their expansion."""
    full = sorted({m["canonical"] for m in mentions if m["label"] == "PERSON" and " " in m["canonical"]},
                  key=lambda name: (-len(name), name))  # longest first; ties in a fixed order
    for m in mentions:
        if m["text"] in acronyms and m["detected_by"] != "gazetteer":
            m["canonical"] = acronyms[m["text"]]
        if m["label"] != "PERSON" or m["detected_by"] == "gazetteer" or " " in m["text"]:
            continue
        key = name_key(m["text"])
        for name in full:
            parts = name_key(name).split()
            if key in (parts[-1], parts[0]):
                m["canonical"] = name
                break


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
        "title": _role(span) if label == "PERSON" else None,
        "is_source": _is_source(span),
        "mention_country_code": demonyms().get(span.text.lower()) if label == "NORP" else None,
        "canonical": canonical,
        "token_end": span.end,
    }


def extract_mentions(article_id: str, doc, paragraphs: list[dict], gazetteer: dict[str, dict]) -> list[dict]:
    """`gazetteer` maps a normalised name (names.name_key) to its gazetteer entry."""
    sent_index = sentence_indexer(doc)
    headings = [(p["start"], p["end"]) for p in paragraphs if p["is_heading"]]
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trim(ent)
        if len(span) == 0:
            continue
        if _is_noise(span, ent.label_):
            continue
        mentions.append(_row(article_id, span, ent.label_, sent_index[span.start],
                             "gazetteer" if ent.ent_id_ else "ner", ent.ent_id_ or span.text))
    for i, full_name in _short_forms(doc, mentions):
        mentions.append(_row(article_id, doc[i:i + 1], "PERSON", sent_index[i], "short-form", full_name))
    body = doc.text  # rebuilt from every token on each access
    mentions = [m for m in mentions if not _in_heading_only(m, headings, body)]
    _apply_gazetteer(mentions, gazetteer)
    _fix_surname_types(mentions)
    _resolve_within_article(mentions, _acronyms(doc, mentions))
    for m in mentions:
        del m["token_end"]
    return sorted(mentions, key=lambda m: m["start"])
